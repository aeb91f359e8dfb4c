// Package export writes a centrality result as the files analysts open:
// CSV and JSON rankings (with each node's change in rank since the previous
// export in the same folder), Gephi's CSV, GraphML and GEXF 1.3 (ties with
// years as time spells). Every writer takes an io.Writer; WriteAll writes a
// chosen set of formats into a folder so that a reader never sees half a
// file and a failed export leaves the previous one as it was.
package export

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Result is a centrality result as the analytics produce it: one projection,
// measured by one engine with its parameters. It mirrors graph/analytics'
// result field for field, so that the two join by a plain conversion.
type Result struct {
	Projection string         // "states" or "all"; names the files
	Engine     string         // "gonum", "gds", ...
	Params     map[string]any // the engine's parameters (damping, resolution, seed, ...)
	AsOf       *int           // only ties in force in that year, nil for every tie
	// Directed says whether Edges run from Source to Target; false (the
	// projections' default) writes undirected edges.
	Directed bool
	Nodes    []NodeScore
	Edges    []Edge
}

// NodeScore is one node with its score per measure and its community per
// community algorithm.
type NodeScore struct {
	ID, Name, NameZh, Kind string
	Scores                 map[string]float64 // measure → score; a missing measure is unranked
	Community              map[string]int64   // algorithm (louvain, leiden) → community id
}

// Edge is one edge of the projection with the relationship types behind it
// and the years it is in force (nil: not known).
type Edge struct {
	Source, Target string
	Weight         float64
	Types          []string
	Since, Until   *int
}

// Snapshot is what one export writes: a result, the dataset version it was
// computed on, and the time of the export.
type Snapshot struct {
	Result         Result
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
	var files []file
	for _, f := range formats {
		names := FileNames(f, s.Result.Projection)
		switch f {
		case CSV:
			files = append(files, file{names[0], func(w writer) error { return WriteRankingsCSV(w, r) }})
		case JSON:
			files = append(files, file{names[0], func(w writer) error { return WriteRankingsJSON(w, r) }})
		case GraphML:
			files = append(files, file{names[0], func(w writer) error { return WriteGraphML(w, s) }})
		case GEXF:
			files = append(files, file{names[0], func(w writer) error { return WriteGEXF(w, s) }})
		case Gephi:
			files = append(files,
				file{names[0], func(w writer) error { return WriteGephiNodes(w, s) }},
				file{names[1], func(w writer) error { return WriteGephiEdges(w, s) }})
		}
	}
	return writeFiles(ctx, dir, files)
}

// names of attributes: lowercase identifiers, so that every format (XML
// attribute titles, CSV headers, Neo4j properties) can carry them as they are.
var attrName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// reserved are the attribute names the writers use themselves.
var reserved = []string{"id", "label", "name", "name_zh", "kind", "weight", "relations", "since", "until", "type"}

// check refuses what no format could carry faithfully.
func (s Snapshot) check() error {
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
			if err := checkName("measure", m); err != nil {
				return err
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("export: node %s has %s score %v: a measure must give a finite number", n.ID, m, v)
			}
		}
		for c := range n.Community {
			if err := checkName("community algorithm", c); err != nil {
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

// order of the known measures in files; others follow alphabetically.
var measureOrder = []string{"degree", "weighted_degree", "pagerank", "betweenness", "closeness", "harmonic", "eigenvector"}

// measures are the measure names of s's nodes, in file order.
func (r Result) measures() []string {
	return keys(r.Nodes, func(n NodeScore) []string { return mapKeys(n.Scores) })
}

// communities are the community algorithms of s's nodes, alphabetically.
func (r Result) communities() []string {
	return keys(r.Nodes, func(n NodeScore) []string { return mapKeys(n.Community) })
}

func keys(nodes []NodeScore, of func(NodeScore) []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range nodes {
		for _, k := range of(n) {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		ia, ib := slices.Index(measureOrder, a), slices.Index(measureOrder, b)
		switch {
		case ia >= 0 && ib >= 0:
			return cmp.Compare(ia, ib)
		case ia >= 0:
			return -1
		case ib >= 0:
			return 1
		}
		return strings.Compare(a, b)
	})
	return out
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
