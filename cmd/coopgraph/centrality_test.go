package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/coopgraph/coopgraph/seed"
)

func TestCentralityUsageErrors(t *testing.T) {
	isolate(t)
	cases := map[string][]string{
		`--measure: unknown measure "katz": use degree, weighted-degree, pagerank, betweenness, closeness, eigenvector, louvain, leiden`: {"centrality", "--measure", "pagerank,katz"},
		`--graph: unknown graph "world": use states or all`:            {"centrality", "--graph", "world"},
		`--engine "spark": use auto, gds, inprocess`:                   {"centrality", "--engine", "spark"},
		"--measure leiden needs --engine gds (gonum has Louvain only)": {"centrality", "--engine", "inprocess", "--measure", "leiden"},
		"--top 0: give at least 1":                                     {"centrality", "--top", "0"},
		`invalid argument "soon" for "--as-of" flag`:                   {"centrality", "--as-of", "soon"},
	}
	for want, args := range cases {
		code, out, errOut := cli(t, args...)
		if code != 2 || out != "" || !strings.Contains(errOut, want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", args, code, out, errOut, want)
		}
	}
}

// On the seeded graph (left by whichever test ran last, reseeded here) the
// command prints each measure's top states and the camp comparison, with
// either engine.
func TestCentralityCommand(t *testing.T) {
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	pointAt(t, db)
	if code, _, errOut := cli(t, "seed"); code != 0 {
		t.Fatalf("seed: %s", errOut)
	}
	ds, err := seed.LoadDir("", seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	states := 0 // the state graph holds every state, tied or not
	for _, e := range ds.Entities {
		if e.Kind == graph.Country {
			states++
		}
	}
	for _, engine := range []string{"inprocess", "gds"} {
		code, out, errOut := cli(t, "centrality", "--engine", engine, "--measure", "degree,pagerank,louvain", "--top", "3", "--as-of", "2020")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", engine, code, errOut)
		}
		for _, want := range []string{
			fmt.Sprintf("graph states (%d nodes, ", states), "ties in force in 2020), engine " + engine,
			"pagerank  id  name", "louvain communities against camps (",
			"adjusted Rand index ", "Japan (JP) is us-aligned", "no tie in the graph, not compared:",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: output lacks %q:\n%s", engine, want, out)
			}
		}
	}
}
