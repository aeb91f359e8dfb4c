package analytics_test

import (
	"context"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/coopgraph/coopgraph/graph/analytics/analyticstest"
)

var scoreMeasures = []string{analytics.Degree, analytics.WeightedDegree, analytics.PageRank, analytics.Betweenness, analytics.Closeness, analytics.Eigenvector}

func compute(t *testing.T, g *analytics.Graph, measures ...string) *analytics.Result {
	t.Helper()
	res, err := analytics.Compute(context.Background(), g, analytics.Options{Measures: measures})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestFixturesAgreeWithNetworkx(t *testing.T) {
	want := analyticstest.Networkx(t)
	for _, f := range analyticstest.Fixtures(t) {
		name := analyticstest.Name(f)
		g, err := analyticstest.Read(f)
		if err != nil {
			t.Fatal(err)
		}
		res := compute(t, g, append(scoreMeasures, analytics.Louvain)...)
		for _, m := range scoreMeasures {
			analyticstest.CompareScores(t, name, res, m, want[name].Scores[m])
		}
		res.Edges = g.Edges
		if q := analytics.Modularity(res, analytics.Louvain, 1); math.Abs(q-want[name].Modularity) > 0.01 {
			t.Errorf("%s: Louvain modularity %.4f, networkx's %.4f", name, q, want[name].Modularity)
		}
	}
}

// The simplest fixtures, checked by hand (the sketches in testdata say how).
func TestHandChecked(t *testing.T) {
	cases := map[string]map[string]map[string]float64{
		"star": {
			analytics.Degree:      {"HH": 4, "AA": 1},
			analytics.Betweenness: {"HH": 1, "AA": 0},
			analytics.Closeness:   {"HH": 1, "AA": 4.0 / 7},
		},
		"path": {
			analytics.Betweenness: {"PA": 0, "PB": 0.5, "PC": 4.0 / 6},
			analytics.Closeness:   {"PA": 0.4, "PB": 4.0 / 7, "PC": 2.0 / 3},
		},
		"barbell": {
			analytics.Betweenness: {"BC": 0.6, "BA": 0},
		},
		"weighted": {
			analytics.WeightedDegree: {"WA": 4, "WB": 6, "WC": 2, "WD": 4},
			analytics.Degree:         {"WA": 2, "WB": 3},
		},
		"disconnected": {
			analytics.Closeness: {"DA": 0.4, "DD": 0.2, "DF": 0},
		},
	}
	for name, measures := range cases {
		g, err := analyticstest.Read(analyticstest.Dir() + "/" + name + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		res := compute(t, g, scoreMeasures...)
		for m, want := range measures {
			got := analyticstest.Scores(res, m)
			for id, w := range want {
				if math.Abs(got[id]-w) > 1e-12 {
					t.Errorf("%s %s %s = %v, want %v", name, m, id, got[id], w)
				}
			}
		}
		var sum float64
		for _, v := range analyticstest.Scores(res, analytics.PageRank) {
			sum += v
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("%s: PageRank sums to %v, want 1", name, sum)
		}
	}
	g, _ := analyticstest.Read(analyticstest.Dir() + "/barbell.txt")
	res := compute(t, g, analytics.Louvain)
	res.Edges = g.Edges
	p := analyticstest.Partition(res, analytics.Louvain)
	if p["BA"] != p["BB"] || p["BA"] != p["BC"] || p["BD"] != p["BE"] || p["BD"] != p["BF"] || p["BA"] == p["BD"] {
		t.Errorf("barbell communities %v, want one per triangle", p)
	}
	if q := analytics.Modularity(res, analytics.Louvain, 1); math.Abs(q-5.0/14) > 1e-12 {
		t.Errorf("barbell modularity %v, want 5/14", q)
	}
	dis, _ := analyticstest.Read(analyticstest.Dir() + "/disconnected.txt")
	if r := compute(t, dis, analytics.Closeness); len(r.Notes) != 1 || r.Notes[0] != analytics.HarmonicNote {
		t.Errorf("disconnected: notes %q, want the harmonic note", r.Notes)
	}
	if r := compute(t, g, analytics.Closeness); len(r.Notes) != 0 || r.Params["closeness"] != "classic: (n-1)/Σd, the graph is connected" {
		t.Errorf("barbell: notes %q, closeness %v", r.Notes, r.Params["closeness"])
	}
}

// random is a graph with communities to find: k groups of size, dense
// inside, sparse across.
func random(seed uint64, k, size int) *analytics.Graph {
	r := rand.New(rand.NewPCG(seed, 1))
	g := &analytics.Graph{Projection: "all"}
	id := func(i int) string { return fmt.Sprintf("n%04d", i) }
	n := k * size
	for i := 0; i < n; i++ {
		g.Nodes = append(g.Nodes, analytics.Node{ID: id(i)})
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			p := 0.01
			if i/size == j/size {
				p = 0.3
			}
			if r.Float64() < p {
				g.Edges = append(g.Edges, analytics.Edge{Source: id(i), Target: id(j), Weight: float64(1 + r.IntN(3))})
			}
		}
	}
	return g
}

func TestLouvainIsReproducible(t *testing.T) {
	g := random(7, 8, 40)
	first := analyticstest.Partition(compute(t, g, analytics.Louvain), analytics.Louvain)
	for i := 0; i < 3; i++ {
		if again := analyticstest.Partition(compute(t, g, analytics.Louvain), analytics.Louvain); !maps.Equal(first, again) {
			t.Fatalf("run %d gave another partition", i+2)
		}
	}
	if len(first) != 320 {
		t.Fatalf("%d nodes", len(first))
	}
}

func TestSampledBetweennessEstimatesExact(t *testing.T) {
	g := random(3, 4, 25)
	exact := analyticstest.Scores(compute(t, g, analytics.Betweenness), analytics.Betweenness)
	res, err := analytics.Compute(context.Background(), g, analytics.Options{Measures: []string{analytics.Betweenness}, Samples: 99})
	if err != nil {
		t.Fatal(err)
	}
	// 99 of 100 sources: networkx's estimator is close to, not equal to, exact.
	for id, v := range analyticstest.Scores(res, analytics.Betweenness) {
		if math.Abs(v-exact[id]) > 0.02 {
			t.Errorf("%s: sampled %v, exact %v", id, v, exact[id])
		}
	}
	if res.Params["betweenness"] != "sampled from 99 sources, seed 42" {
		t.Errorf("params %v", res.Params["betweenness"])
	}
}

func TestBadGraphsAndMeasures(t *testing.T) {
	ok := []analytics.Node{{ID: "a"}, {ID: "b"}}
	cases := map[string]*analytics.Graph{
		"node a appears twice in the all projection":                 {Projection: "all", Nodes: []analytics.Node{{ID: "a"}, {ID: "a"}}},
		"edge a–c names a node the all projection does not list":     {Projection: "all", Nodes: ok, Edges: []analytics.Edge{{Source: "a", Target: "c", Weight: 1}}},
		"edge a–a is a self-loop":                                    {Projection: "all", Nodes: ok, Edges: []analytics.Edge{{Source: "a", Target: "a", Weight: 1}}},
		"edge a–b has weight 0; weights must be positive":            {Projection: "all", Nodes: ok, Edges: []analytics.Edge{{Source: "a", Target: "b"}}},
		"edge a–b appears twice; a projection has one edge per pair": {Projection: "all", Nodes: ok, Edges: []analytics.Edge{{Source: "a", Target: "b", Weight: 1}, {Source: "b", Target: "a", Weight: 1}}},
	}
	for want, g := range cases {
		if _, err := analytics.Compute(context.Background(), g, analytics.Options{}); err == nil || err.Error() != want {
			t.Errorf("got %v, want %s", err, want)
		}
	}
	g := &analytics.Graph{Nodes: ok}
	if _, err := analytics.Compute(context.Background(), g, analytics.Options{Measures: []string{analytics.Leiden}}); err == nil ||
		err.Error() != "leiden is not available in process (gonum has Louvain only): use --engine gds, or --measure louvain" {
		t.Errorf("leiden: %v", err)
	}
	if _, err := analytics.ParseMeasures("pagerank,katz"); err == nil ||
		err.Error() != `unknown measure "katz": use degree, weighted-degree, pagerank, betweenness, closeness, eigenvector, louvain, leiden` {
		t.Errorf("parse: %v", err)
	}
	if ms, err := analytics.ParseMeasures(" pagerank, louvain,pagerank"); err != nil || fmt.Sprint(ms) != "[pagerank louvain]" {
		t.Errorf("parse: %v %v", ms, err)
	}
}

func TestARIAndNMI(t *testing.T) {
	// Worked by hand: a = {0,1,2}{3,4,5}, b = {0,1}{2,3}{4,5}; the
	// contingency table's cells are 2, 1, 1, 2.
	a := []string{"x", "x", "x", "y", "y", "y"}
	b := []string{"p", "p", "q", "q", "r", "r"}
	// index = ΣC(n_ij,2) = 1+1 = 2; Σa = 3+3 = 6; Σb = 1+1+1 = 3; C(6,2) = 15;
	// expected = 6·3/15 = 1.2; max = 4.5; ARI = (2-1.2)/(4.5-1.2) = 0.8/3.3.
	if got := analytics.ARI(a, b); math.Abs(got-0.8/3.3) > 1e-12 {
		t.Errorf("ARI = %v, want %v", got, 0.8/3.3)
	}
	// MI = Σ p_ij log(p_ij/(p_i p_j)): cells (x,p)=2,(x,q)=1,(y,q)=1,(y,r)=2 of 6.
	mi := 2.0/6*math.Log((2.0/6)/(0.5*2.0/6))*2 + 1.0/6*math.Log((1.0/6)/(0.5*2.0/6))*2
	ha := math.Log(2)
	hb := math.Log(3)
	if got := analytics.NMI(a, b); math.Abs(got-mi/((ha+hb)/2)) > 1e-12 {
		t.Errorf("NMI = %v, want %v", got, mi/((ha+hb)/2))
	}
	if analytics.ARI(a, a) != 1 || math.Abs(analytics.NMI(a, a)-1) > 1e-12 {
		t.Error("identical partitions must score 1")
	}
	relabelled := []string{"q", "q", "q", "p", "p", "p"}
	if analytics.ARI(a, relabelled) != 1 {
		t.Error("labels' names must not matter")
	}
}

func TestCompareCamps(t *testing.T) {
	g, _ := analyticstest.Read(analyticstest.Dir() + "/barbell.txt")
	res := compute(t, g, analytics.Louvain)
	res.Edges = g.Edges
	camps := map[string]string{"BA": "us-aligned", "BB": "us-aligned", "BC": "china-led", "BD": "china-led", "BE": "china-led", "BF": analytics.Hedger}
	c := analytics.CompareCamps(res, analytics.Louvain, camps)
	if c.Compared != 5 || len(c.Hedgers) != 1 || len(c.Apart) != 1 || c.Apart[0].ID != "BC" || c.Apart[0].CommunityCamp != "us-aligned" {
		t.Fatalf("comparison %+v", c)
	}
	if c.ARI >= 1 || c.NMI >= 1 || c.ARI <= 0 {
		t.Errorf("ARI %v NMI %v", c.ARI, c.NMI)
	}
}

func TestTinyGraphs(t *testing.T) {
	for _, g := range []*analytics.Graph{
		{Projection: "states"},
		{Projection: "states", Nodes: []analytics.Node{{ID: "AA"}}},
		{Projection: "states", Nodes: []analytics.Node{{ID: "AA"}, {ID: "AB"}}, Edges: []analytics.Edge{{Source: "AA", Target: "AB", Weight: 2}}},
	} {
		res := compute(t, g, append(scoreMeasures, analytics.Louvain)...)
		if len(res.Nodes) != len(g.Nodes) {
			t.Fatalf("%d nodes, want %d", len(res.Nodes), len(g.Nodes))
		}
		for _, n := range res.Nodes {
			for m, v := range n.Scores {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Errorf("%d nodes: %s of %s is %v", len(g.Nodes), m, n.ID, v)
				}
			}
		}
	}
}
