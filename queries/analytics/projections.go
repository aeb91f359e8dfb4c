// Package analytics holds the projections that centrality and communities
// are measured on, each a report file an analyst can read and run as it
// stands (state-graph.cypher, whole-graph.cypher), and the node lists that
// go with them. Their headers are read by package queries' parser, as every
// report's is.
package analytics

import (
	"embed"
	"fmt"
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/queries"
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

// parse reads the file with the report parser every report goes through,
// and checks what a projection needs on top of a report's header.
func parse(file, text string) (Projection, error) {
	r, err := queries.Parse("analytics/"+file, text)
	if err != nil {
		return Projection{}, err
	}
	p := Projection{Report: r.Name, Title: r.Title, Description: r.Description, Columns: r.Columns, Cypher: r.Cypher, Body: r.Query()}
	for _, prm := range r.Params {
		p.Params = append(p.Params, prm.Name)
	}
	if r.Pack != "analytics" {
		return p, fmt.Errorf("%s: pack %q, but the file is in analytics/", file, r.Pack)
	}
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
