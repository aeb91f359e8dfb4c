// Package export writes a centrality result as the files analysts open:
// CSV and JSON rankings (with each node's change in rank since the previous
// export in the same folder), Gephi's CSV, GraphML and GEXF 1.3 (ties with
// years as time spells). Every writer takes an io.Writer; WriteAll writes a
// chosen set of formats into a folder so that a reader never sees half a
// file and a failed export leaves the previous one as it was.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/graph/analytics"
)

// Snapshot is what one export writes: a centrality result, the dataset
// version it was computed on, and the time of the export. The result's
// edges are undirected (one per pair), as both projections are.
type Snapshot struct {
	Result         *analytics.Result
	DatasetVersion string
	Time           time.Time
}

// The formats, as --format names them.
const (
	CSV     = "csv"     // <projection>-rankings.csv
	JSON    = "json"    // <projection>-rankings.json
	GraphML = "graphml" // <projection>.graphml
	GEXF    = "gexf"    // <projection>.gexf
	Gephi   = "gephi"   // <projection>-nodes.csv and <projection>-edges.csv
)

// Formats lists every format in the order files are written.
var Formats = []string{CSV, JSON, GraphML, GEXF, Gephi}

// ErrUnknownFormat is wrapped by the error for a format not in Formats.
var ErrUnknownFormat = errors.New("unknown export format")

// ParseFormats reads a --format value: comma-separated names (repeats
// ignored), in the order given. An unknown or empty name is an error that
// lists the known ones.
func ParseFormats(list ...string) ([]string, error) {
	var out []string
	for _, item := range list {
		for _, f := range strings.Split(item, ",") {
			f = strings.ToLower(strings.TrimSpace(f))
			if !slices.Contains(Formats, f) {
				if f == "" {
					return nil, fmt.Errorf("%w: an empty name in %q: use %s", ErrUnknownFormat, item, known())
				}
				return nil, fmt.Errorf("%w %q: use %s", ErrUnknownFormat, f, known())
			}
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no format given: use %s", ErrUnknownFormat, known())
	}
	return out, nil
}

func known() string {
	return strings.Join(Formats[:len(Formats)-1], ", ") + " or " + Formats[len(Formats)-1]
}

// FileNames are the files a format writes for a projection.
func FileNames(format, projection string) []string {
	b := base(projection)
	switch format {
	case CSV:
		return []string{b + "-rankings.csv"}
	case JSON:
		return []string{b + "-rankings.json"}
	case GraphML:
		return []string{b + ".graphml"}
	case GEXF:
		return []string{b + ".gexf"}
	case Gephi:
		return []string{b + "-nodes.csv", b + "-edges.csv"}
	}
	return nil
}

// base is the projection as a file-name stem.
func base(projection string) string {
	if projection == "" {
		return "graph"
	}
	return projection
}

// WriteAll writes s in each of formats into dir (created if missing) and
// returns the paths written, in order. Every file is first written to a
// temporary name in dir; only when all of them are complete are they renamed
// into place, so a failure or a cancelled ctx leaves the previous export
// whole and no temporary file behind. The rankings record each node's change
// in rank since the previous export of the same projection in dir.
func WriteAll(ctx context.Context, dir string, formats []string, s Snapshot) ([]string, error) {
	formats, err := ParseFormats(formats...)
	if err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export folder: %w", err)
	}
	prev := ReadPrevious(dir, s.Result.Projection)
	r := Rank(s, prev)
	var files []File
	for _, f := range formats {
		names := FileNames(f, s.Result.Projection)
		switch f {
		case CSV:
			files = append(files, File{names[0], func(w io.Writer) error { return WriteRankingsCSV(w, r) }})
		case JSON:
			files = append(files, File{names[0], func(w io.Writer) error { return WriteRankingsJSON(w, r) }})
		case GraphML:
			files = append(files, File{names[0], func(w io.Writer) error { return WriteGraphML(w, s) }})
		case GEXF:
			files = append(files, File{names[0], func(w io.Writer) error { return WriteGEXF(w, s) }})
		case Gephi:
			files = append(files,
				File{names[0], func(w io.Writer) error { return WriteGephiNodes(w, s) }},
				File{names[1], func(w io.Writer) error { return WriteGephiEdges(w, s) }})
		}
	}
	return WriteFiles(ctx, dir, files)
}

// names of attributes: lowercase identifiers, so that every format (XML
// attribute titles, CSV headers, Neo4j properties) can carry them as they are.
var attrName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// reserved are the attribute names the writers use themselves.
var reserved = []string{"id", "label", "name", "name_zh", "kind", "weight", "relations", "since", "until", "type"}

// check refuses what no format could carry faithfully.
func (s Snapshot) check() error {
	if s.Result == nil {
		return errors.New("export: the snapshot has no result")
	}
	if s.Time.IsZero() {
		return errors.New("export: the snapshot has no time")
	}
	p := s.Result.Projection
	if p != "" && !attrName.MatchString(strings.ReplaceAll(p, "-", "_")) {
		return fmt.Errorf("export: projection %q cannot name a file: use lowercase letters, digits, - and _", p)
	}
	ids := make(map[string]bool, len(s.Result.Nodes))
	for _, n := range s.Result.Nodes {
		if n.ID == "" {
			return errors.New("export: a node has no id")
		}
		if ids[n.ID] {
			return fmt.Errorf("export: node %s appears twice", n.ID)
		}
		ids[n.ID] = true
		for m, v := range n.Scores {
			if err := checkName("measure", column(m)); err != nil {
				return err
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("export: node %s has %s score %v: a measure must give a finite number", n.ID, m, v)
			}
		}
		for c := range n.Community {
			if err := checkName("community algorithm", column(c)); err != nil {
				return err
			}
		}
	}
	for _, e := range s.Result.Edges {
		for _, end := range []string{e.Source, e.Target} {
			if !ids[end] {
				return fmt.Errorf("export: edge %s–%s names node %s, which is not among the nodes", e.Source, e.Target, end)
			}
		}
		if math.IsNaN(e.Weight) || math.IsInf(e.Weight, 0) {
			return fmt.Errorf("export: edge %s–%s has weight %v", e.Source, e.Target, e.Weight)
		}
	}
	return nil
}

func checkName(what, name string) error {
	if !attrName.MatchString(name) || slices.Contains(reserved, name) || strings.HasPrefix(name, "community_") {
		return fmt.Errorf("export: %s name %q: use a lowercase identifier (a-z, 0-9, _) other than %s", what, name, strings.Join(reserved, ", "))
	}
	return nil
}

// column is a measure's name in files: a lowercase identifier, "-" turned
// into "_" (weighted-degree → weighted_degree), as on the nodes
// (score_weighted_degree), so that spreadsheets, Gephi and pandas take it
// as it is.
func column(measure string) string { return strings.ReplaceAll(measure, "-", "_") }

// measures are the score measures of r, in the order asked (Measures), or,
// for a result that does not list them, by name.
func measures(r *analytics.Result) []string {
	return listed(r, false, func(n analytics.NodeScore) []string { return mapKeys(n.Scores) })
}

// communities are the community measures of r (louvain, leiden), likewise.
func communities(r *analytics.Result) []string {
	return listed(r, true, func(n analytics.NodeScore) []string { return mapKeys(n.Community) })
}

func listed(r *analytics.Result, community bool, of func(analytics.NodeScore) []string) []string {
	var out []string
	for _, m := range r.Measures {
		if analytics.IsCommunity(m) == community && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	if len(r.Measures) > 0 {
		return out
	}
	seen := map[string]bool{}
	for _, n := range r.Nodes {
		for _, k := range of(n) {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
