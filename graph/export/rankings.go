package export

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RankingsFormat names the JSON layout; it changes when the layout does.
const RankingsFormat = "coopgraph-rankings/1"

// Rankings is the JSON rankings file, and what the CSV rankings are made of.
type Rankings struct {
	Format         string         `json:"format"`
	ExportedAt     time.Time      `json:"exported_at"`
	DatasetVersion string         `json:"dataset_version"`
	Projection     string         `json:"projection"`
	Engine         string         `json:"engine"`
	Params         map[string]any `json:"params"`
	AsOf           *int           `json:"as_of"`
	Measures       []string       `json:"measures"`    // in the order asked, as files name them (weighted_degree)
	Communities    []string       `json:"communities"` // community algorithms
	Notes          []string       `json:"notes"`       // what a reader must know (e.g. closeness is harmonic)
	// Previous is the export the rank changes are counted from: null on the
	// first export in a folder (then every rank_change is null too).
	Previous *Previous    `json:"previous"`
	Nodes    []RankedNode `json:"nodes"` // by rank in the first measure, then id
}

// Previous identifies the export that rank changes compare with.
type Previous struct {
	ExportedAt     time.Time                 `json:"exported_at"`
	DatasetVersion string                    `json:"dataset_version"`
	File           string                    `json:"file"` // its file name in the folder
	ranks          map[string]map[string]int // node → measure → rank
}

// RankedNode is one node's place in every measure, and its communities.
type RankedNode struct {
	ID        string           `json:"id"`
	Name      string           `json:"name"`
	NameZh    string           `json:"name_zh"`
	Kind      string           `json:"kind"`
	Measures  map[string]Place `json:"measures"`  // a measure the node has no score for is absent
	Community map[string]int64 `json:"community"` // algorithm → community id
}

// Place is a node's score and rank in one measure. Rank 1 is the highest
// score; scores equal to RankDigits significant digits share a rank and the
// next rank skips ("1, 2, 2, 4").
// RankChange is the previous rank minus this one: positive means the node
// climbed. It is null on the first export, for a node the previous export
// did not rank in this measure, and for a measure it did not have.
type Place struct {
	Score      float64 `json:"score"`
	Rank       int     `json:"rank"`
	RankChange *int    `json:"rank_change"`
}

// Rank ranks every node of s in every measure and compares with prev (nil
// on a first export).
func Rank(s Snapshot, prev *Previous) Rankings {
	res := s.Result
	r := Rankings{
		Format: RankingsFormat, ExportedAt: s.Time.UTC(), DatasetVersion: s.DatasetVersion,
		Projection: res.Projection, Engine: res.Engine, Params: res.Params, AsOf: res.AsOf,
		Previous: prev, Notes: res.Notes,
	}
	ms := measures(res)
	for _, m := range ms {
		r.Measures = append(r.Measures, column(m))
	}
	for _, c := range communities(res) {
		r.Communities = append(r.Communities, column(c))
	}
	if r.Notes == nil {
		r.Notes = []string{}
	}
	if r.Params == nil {
		r.Params = map[string]any{}
	}
	r.Nodes = make([]RankedNode, len(res.Nodes))
	for i, n := range res.Nodes {
		r.Nodes[i] = RankedNode{ID: n.ID, Name: n.Name, NameZh: n.NameZh, Kind: n.Kind, Measures: map[string]Place{}, Community: map[string]int64{}}
		for c, id := range n.Community {
			r.Nodes[i].Community[column(c)] = id
		}
	}
	type scored struct {
		i          int
		score, key float64 // key: the score as ranks compare it
	}
	for _, m := range ms {
		col := column(m)
		// Scores copied out of the maps once, then a total order (score,
		// then id), so the sort needs no stability and no map lookups.
		list := make([]scored, 0, len(res.Nodes))
		for i, n := range res.Nodes {
			if v, ok := n.Scores[m]; ok {
				list = append(list, scored{i, v, rankKey(v)})
			}
		}
		slices.SortFunc(list, func(a, b scored) int {
			if a.key != b.key {
				return cmp.Compare(b.key, a.key)
			}
			return strings.Compare(res.Nodes[a.i].ID, res.Nodes[b.i].ID)
		})
		rank := 0
		for k, e := range list {
			if k == 0 || e.key != list[k-1].key {
				rank = k + 1
			}
			p := Place{Score: e.score, Rank: rank}
			if was, ok := prev.rank(res.Nodes[e.i].ID, col); ok {
				d := was - rank
				p.RankChange = &d
			}
			r.Nodes[e.i].Measures[col] = p
		}
	}
	// Rows by the first measure's rank (unranked last), then by id.
	first := make([]int, len(r.Nodes)) // rank in the first measure; 0 when unranked
	if len(r.Measures) > 0 {
		for i, n := range r.Nodes {
			first[i] = n.Measures[r.Measures[0]].Rank
		}
	}
	order := make([]int, len(r.Nodes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		ra, rb := first[a], first[b]
		switch {
		case ra != rb && ra != 0 && rb != 0:
			return cmp.Compare(ra, rb)
		case ra != rb && ra == 0:
			return 1
		case ra != rb:
			return -1
		}
		return strings.Compare(r.Nodes[a].ID, r.Nodes[b].ID)
	})
	sorted := make([]RankedNode, len(order))
	for k, i := range order {
		sorted[k] = r.Nodes[i]
	}
	r.Nodes = sorted
	return r
}

// RankDigits is how many significant digits of a score ranks compare.
// Iterative measures differ from run to run in their last digits (gonum's
// PageRank by up to 1e-7 relative on the curated graph; the engines agree to
// 1e-6), which would reorder nodes of equal standing and show rank changes
// where nothing changed.
const RankDigits = 6

// rankKey is a score rounded to RankDigits significant digits: an
// equivalence, so that sorting by it is a proper order (a tolerance would
// not be transitive).
func rankKey(v float64) float64 {
	k, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', RankDigits, 64), 64)
	return k
}

func (p *Previous) rank(id, measure string) (int, bool) {
	if p == nil {
		return 0, false
	}
	r, ok := p.ranks[id][measure]
	return r, ok
}

// ReadPrevious reads the ranks of the last export of projection in dir: its
// JSON or its CSV rankings, whichever is newer (an export may have written
// only one of them). It returns nil when there is none. A file that cannot
// be read is logged and left aside: a damaged old export must not stop a
// new one.
func ReadPrevious(dir, projection string) *Previous {
	var newest *Previous
	for _, f := range []string{JSON, CSV} {
		name := FileNames(f, projection)[0]
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		var p *Previous
		if err == nil {
			if f == JSON {
				p, err = previousFromJSON(b)
			} else {
				p, err = previousFromCSV(b)
			}
		}
		if err != nil {
			slog.Warn("a previous export cannot be read: rank changes do not count it", "file", path, "err", err)
			continue
		}
		p.File = name
		if newest == nil || p.ExportedAt.After(newest.ExportedAt) {
			newest = p
		}
	}
	return newest
}

func previousFromJSON(b []byte) (*Previous, error) {
	var r Rankings
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	if r.Format != RankingsFormat {
		return nil, fmt.Errorf("format %q, expected %q", r.Format, RankingsFormat)
	}
	p := &Previous{ExportedAt: r.ExportedAt, DatasetVersion: r.DatasetVersion, ranks: map[string]map[string]int{}}
	for _, n := range r.Nodes {
		m := map[string]int{}
		for name, pl := range n.Measures {
			m[name] = pl.Rank
		}
		p.ranks[n.ID] = m
	}
	return p, nil
}

func previousFromCSV(b []byte) (*Previous, error) {
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), bom))).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errors.New("no header")
	}
	head := rows[0]
	col := func(name string) int { return slices.Index(head, name) }
	id, at, ver := col("id"), col("exported_at"), col("dataset_version")
	if id < 0 || at < 0 {
		return nil, errors.New("no id or exported_at column")
	}
	p := &Previous{ranks: map[string]map[string]int{}}
	for i, row := range rows[1:] {
		if i == 0 {
			if p.ExportedAt, err = time.Parse(time.RFC3339, row[at]); err != nil {
				return nil, fmt.Errorf("exported_at: %w", err)
			}
			if ver >= 0 {
				p.DatasetVersion = row[ver]
			}
		}
		m := map[string]int{}
		for c, h := range head {
			if name, ok := strings.CutSuffix(h, "_rank"); ok && row[c] != "" {
				n, err := strconv.Atoi(row[c])
				if err != nil {
					return nil, fmt.Errorf("row %d, %s: %w", i+2, h, err)
				}
				m[name] = n
			}
		}
		p.ranks[row[id]] = m
	}
	return p, nil
}

// WriteRankingsJSON writes r as indented JSON.
func WriteRankingsJSON(w io.Writer, r Rankings) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// bom starts the CSV rankings: Excel reads a CSV file as UTF-8 (and so shows
// Chinese names) only when it starts with one; LibreOffice, Google Sheets
// and pandas skip it.
const bom = "\ufeff"

// WriteRankingsCSV writes r as one row per node, in rank order of the first
// measure: id, names and kind; per measure its score, rank and rank change;
// per algorithm the community; then the export's metadata, repeated on
// every row. Metadata in columns, not a comment line (which breaks CSV
// readers) nor a side file (which a spreadsheet never opens and a mail
// loses): the file stands alone, and rows of several exports stacked in
// one sheet still say where each comes from.
func WriteRankingsCSV(w io.Writer, r Rankings) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	head := []string{"id", "name", "name_zh", "kind"}
	for _, m := range r.Measures {
		head = append(head, m+"_score", m+"_rank", m+"_rank_change")
	}
	for _, c := range r.Communities {
		head = append(head, "community_"+c)
	}
	head = append(head, "exported_at", "dataset_version", "projection", "engine", "params", "as_of", "compared_with")
	if err := cw.Write(head); err != nil {
		return err
	}
	params, err := json.Marshal(r.Params)
	if err != nil {
		return fmt.Errorf("engine parameters: %w", err)
	}
	meta := []string{r.ExportedAt.Format(time.RFC3339), r.DatasetVersion, r.Projection, r.Engine, string(params), optInt(r.AsOf), ""}
	if r.Previous != nil {
		meta[len(meta)-1] = r.Previous.ExportedAt.UTC().Format(time.RFC3339)
	}
	for _, n := range r.Nodes {
		row := []string{n.ID, n.Name, n.NameZh, n.Kind}
		for _, m := range r.Measures {
			p, ok := n.Measures[m]
			if !ok {
				row = append(row, "", "", "")
				continue
			}
			row = append(row, formatFloat(p.Score), strconv.Itoa(p.Rank), optInt(p.RankChange))
		}
		for _, c := range r.Communities {
			if id, ok := n.Community[c]; ok {
				row = append(row, strconv.FormatInt(id, 10))
			} else {
				row = append(row, "")
			}
		}
		if err := cw.Write(append(row, meta...)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// formatFloat writes the shortest decimal that reads back as the same number.
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
