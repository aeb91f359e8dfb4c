package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// Gephi's spreadsheet import (Data Laboratory, "Import Spreadsheet") reads a
// nodes table whose first columns are Id and Label and an edges table with
// Source, Target, Type (Undirected here: both projections are) and Weight; other columns
// become attributes. No byte-order mark: Gephi would read it as part of the
// first header and miss the Id column.

// WriteGephiNodes writes the nodes table: Id, Label (English name), name_zh,
// kind, a column per measure and community_<algorithm> per algorithm.
func WriteGephiNodes(w io.Writer, s Snapshot) error {
	res := s.Result
	measures, comms := measures(res), communities(res)
	cw := csv.NewWriter(w)
	head := []string{"Id", "Label", "name_zh", "kind"}
	for _, m := range measures {
		head = append(head, column(m))
	}
	for _, c := range comms {
		head = append(head, "community_"+column(c))
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, n := range res.Nodes {
		row := []string{n.ID, label(n), n.NameZh, n.Kind}
		for _, m := range measures {
			if v, ok := n.Scores[m]; ok {
				row = append(row, formatFloat(v))
			} else {
				row = append(row, "")
			}
		}
		for _, c := range comms {
			if id, ok := n.Community[c]; ok {
				row = append(row, strconv.FormatInt(id, 10))
			} else {
				row = append(row, "")
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteGephiEdges writes the edges table: Source, Target, Weight, Type, and
// relations (the relationship types joined by ";"), since and until.
func WriteGephiEdges(w io.Writer, s Snapshot) error {
	const typ = "Undirected"
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"Source", "Target", "Weight", "Type", "relations", "since", "until"}); err != nil {
		return err
	}
	for _, e := range s.Result.Edges {
		if err := cw.Write([]string{e.Source, e.Target, formatFloat(e.Weight), typ, strings.Join(e.Types, ";"), optInt(e.Since), optInt(e.Until)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
