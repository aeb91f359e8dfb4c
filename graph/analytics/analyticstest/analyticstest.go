// Package analyticstest reads the fixture graphs in graph/analytics/testdata
// and their expected scores from networkx, for the tests of both engines.
package analyticstest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/graph/analytics"
)

// Dir is the fixtures' folder.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata")
}

// Fixtures lists the fixture files, sorted.
func Fixtures(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(Dir(), "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s: %v", Dir(), err)
	}
	sort.Strings(files)
	return files
}

// Name is a fixture's name: its file name without .txt.
func Name(path string) string { return strings.TrimSuffix(filepath.Base(path), ".txt") }

// Read parses a fixture: `#` comments (the sketch), a `nodes:` line, then
// one `a b weight` line per edge. Nodes are states, so that the fixture
// can be loaded as such and measured through the state graph.
func Read(path string) (*analytics.Graph, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	g := &analytics.Graph{Projection: "states"}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		l, _, _ := strings.Cut(sc.Text(), "#")
		l = strings.TrimSpace(l)
		switch {
		case l == "":
		case strings.HasPrefix(l, "nodes:"):
			for _, id := range strings.Fields(strings.TrimPrefix(l, "nodes:")) {
				g.Nodes = append(g.Nodes, analytics.Node{ID: id, Name: "Fixture " + id, NameZh: "样例" + id, Kind: "Country"})
			}
		default:
			f := strings.Fields(l)
			if len(f) != 3 {
				return nil, fmt.Errorf("%s:%d: an edge reads `a b weight`", path, line)
			}
			w, err := strconv.ParseFloat(f[2], 64)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: weight %q: %v", path, line, f[2], err)
			}
			g.Edges = append(g.Edges, analytics.Edge{Source: min(f[0], f[1]), Target: max(f[0], f[1]), Weight: w, Types: []string{"COOPERATES_WITH"}})
		}
	}
	return g, sc.Err()
}

// Expected holds networkx's scores for one fixture.
type Expected struct {
	Scores     map[string]map[string]float64 // measure → node → score
	Modularity float64
}

// Networkx runs testdata/expected.py on every fixture. It needs python3
// with networkx (the Makefile's test target installs it when missing);
// with CI=true a missing networkx fails the test instead of skipping it.
func Networkx(t testing.TB) map[string]Expected {
	t.Helper()
	args := append([]string{filepath.Join(Dir(), "expected.py")}, Fixtures(t)...)
	out, err := exec.Command("python3", args...).Output()
	if err != nil {
		msg := fmt.Sprintf("python3 with networkx 3.6.1, numpy and scipy is needed as the reference (pip install networkx==3.6.1 numpy scipy): %v", err)
		if ee, ok := err.(*exec.ExitError); ok {
			msg += "\n" + string(ee.Stderr)
		}
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	var raw map[string]map[string]json.RawMessage
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatalf("reading expected.py's output: %v", err)
	}
	res := map[string]Expected{}
	for name, ms := range raw {
		e := Expected{Scores: map[string]map[string]float64{}}
		for m, v := range ms {
			if m == "modularity" {
				if err := json.Unmarshal(v, &e.Modularity); err != nil {
					t.Fatal(err)
				}
				continue
			}
			s := map[string]float64{}
			if err := json.Unmarshal(v, &s); err != nil {
				t.Fatal(err)
			}
			e.Scores[m] = s
		}
		res[name] = e
	}
	return res
}

// Tolerance is how close two engines' scores must be, per measure.
func Tolerance(measure string) float64 {
	switch measure {
	case analytics.Degree, analytics.WeightedDegree:
		return 0
	case analytics.Betweenness, analytics.Closeness:
		return 1e-9
	}
	return 1e-6 // PageRank and eigenvector, iterated to convergence
}

// CompareScores reports every node whose score differs beyond the
// measure's tolerance, and returns the largest difference seen.
func CompareScores(t testing.TB, what string, res *analytics.Result, measure string, want map[string]float64) float64 {
	t.Helper()
	if len(res.Nodes) != len(want) {
		t.Errorf("%s %s: %d nodes, want %d", what, measure, len(res.Nodes), len(want))
	}
	var worst float64
	for _, n := range res.Nodes {
		w, ok := want[n.ID]
		if !ok {
			t.Errorf("%s %s: node %s is not expected", what, measure, n.ID)
			continue
		}
		got, ok := n.Scores[measure]
		if !ok {
			t.Errorf("%s: node %s has no %s", what, n.ID, measure)
			continue
		}
		d := math.Abs(got - w)
		worst = max(worst, d)
		if d > Tolerance(measure) {
			t.Errorf("%s %s %s = %.12g, want %.12g (off by %.3g, tolerance %g)", what, measure, n.ID, got, w, d, Tolerance(measure))
		}
	}
	return worst
}

// Scores returns a result's scores for one measure by node id.
func Scores(res *analytics.Result, measure string) map[string]float64 {
	out := map[string]float64{}
	for _, n := range res.Nodes {
		out[n.ID] = n.Scores[measure]
	}
	return out
}

// Partition returns a result's communities for one measure by node id.
func Partition(res *analytics.Result, measure string) map[string]int64 {
	out := map[string]int64{}
	for _, n := range res.Nodes {
		out[n.ID] = n.Community[measure]
	}
	return out
}
