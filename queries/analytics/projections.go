// Package analytics holds the projections that centrality and communities
// are measured on, each a report file an analyst can read and run as it
// stands (state-graph.cypher, whole-graph.cypher), and the node lists that
// go with them. It reads the report header itself, so that it stays
// independent of the report runner.
package analytics

import (
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

//go:embed *.cypher
var files embed.FS

// Projection is one graph analytics can measure.
type Projection struct {
	Name        string // the --graph value: states or all
	Report      string // the report's name: state-graph, whole-graph
	Title       string
	Description string
	Params      []string // declared parameter names
	Columns     []string // the edge list's columns
	Cypher      string   // the whole file, header included
	Body        string   // the query without its header
	// Nodes lists every node of the projection (isolated ones too):
	// id, name, name_zh, kind, ordered by id.
	Nodes string
	// NodeMatch is the pattern that binds n to every node of the
	// projection, for statements that project or write back.
	NodeMatch string
}

var projections = []struct{ name, file, match string }{
	{"states", "state-graph.cypher", "(n:Entity:Country)"},
	{"all", "whole-graph.cypher", "(n:Entity)"},
}

// Names are the projections' names, in display order.
var Names = []string{"states", "all"}

// Get returns the projection of that name.
func Get(name string) (Projection, error) {
	for _, p := range projections {
		if p.name != name {
			continue
		}
		b, err := files.ReadFile(p.file)
		if err != nil {
			return Projection{}, err
		}
		pr, err := parse(p.file, string(b))
		if err != nil {
			return Projection{}, err
		}
		pr.Name = name
		pr.NodeMatch = p.match
		pr.Nodes = "MATCH " + p.match + " RETURN n.id AS id, n.name AS name, n.name_zh AS name_zh, n.kind AS kind ORDER BY id"
		return pr, nil
	}
	return Projection{}, fmt.Errorf("unknown graph %q: use %s", name, strings.Join(Names, " or "))
}

var (
	headerLine   = regexp.MustCompile(`^//\s*([a-z]+):\s*(.*)$`)
	continuation = regexp.MustCompile(`^//\s{2,}(\S.*)$`)
	paramName    = regexp.MustCompile(`^([a-z_][a-z0-9_]*) \(`)
)

// parse reads the header the report format defines (a description may
// continue on lines that start with `//   `). The shared report parser
// lives in package queries; this one reads only what analytics needs.
func parse(file, text string) (Projection, error) {
	var p Projection
	p.Cypher = text
	lines := strings.Split(text, "\n")
	last := ""
	body := len(lines)
	for i, l := range lines {
		if !strings.HasPrefix(l, "//") {
			body = i
			break
		}
		if m := continuation.FindStringSubmatch(l); m != nil && last == "description" {
			p.Description += " " + m[1]
			continue
		}
		m := headerLine.FindStringSubmatch(l)
		if m == nil {
			return p, fmt.Errorf("%s:%d: header lines read `// key: value`", file, i+1)
		}
		last = m[1]
		switch val := strings.TrimSpace(m[2]); m[1] {
		case "name":
			p.Report = val
		case "title":
			p.Title = val
		case "description":
			p.Description = val
		case "param":
			pm := paramName.FindStringSubmatch(val)
			if pm == nil {
				return p, fmt.Errorf("%s:%d: param reads `name (type): meaning`", file, i+1)
			}
			p.Params = append(p.Params, pm[1])
		case "columns":
			for _, c := range strings.Split(val, ",") {
				p.Columns = append(p.Columns, strings.TrimSpace(c))
			}
		case "pack":
			if val != "analytics" {
				return p, fmt.Errorf("%s:%d: pack %q, but the file is in analytics/", file, i+1, val)
			}
		default:
			return p, fmt.Errorf("%s:%d: unknown header key %q", file, i+1, m[1])
		}
	}
	p.Body = strings.Join(lines[body:], "\n")
	if len(p.Columns) < 3 || !slices.Equal(p.Columns[:3], []string{"source", "target", "weight"}) {
		return p, fmt.Errorf("%s: a projection's columns start with source, target, weight", file)
	}
	if !slices.Contains(p.Params, "as_of") {
		return p, fmt.Errorf("%s: a projection takes as_of", file)
	}
	return p, nil
}

// MustGet is Get for names known to exist (the embedded files are tested).
func MustGet(name string) Projection {
	p, err := Get(name)
	if err != nil {
		panic(err)
	}
	return p
}
