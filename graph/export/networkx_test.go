package export

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// nxGraph is what testdata/read_networkx.py prints for one file.
type nxGraph struct {
	Directed   bool                      `json:"directed"`
	Multigraph bool                      `json:"multigraph"`
	Graph      map[string]any            `json:"graph"`
	Nodes      map[string]map[string]any `json:"nodes"`
	Edges      [][3]json.RawMessage      `json:"edges"`
	NodeTypes  map[string][]string       `json:"node_types"`
	EdgeTypes  map[string][]string       `json:"edge_types"`
}

// python3 with networkx, or the reason there is none. `make test` installs
// networkx when it is missing; under CI a missing reader fails the test.
func networkx(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err == nil {
		err = exec.Command(py, "-c", "import networkx").Run()
	}
	if err != nil {
		msg := fmt.Sprintf("python3 with networkx is needed to check GraphML and GEXF with an independent reader (python3 -m pip install networkx): %v", err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return py
}

// TestNetworkxReadsGraphMLAndGEXF writes the fixture (as it is, and as of
// 2022 on the whole graph) and has networkx's strict readers load both
// files: the same nodes and edges, and every attribute with its type.
func TestNetworkxReadsGraphMLAndGEXF(t *testing.T) {
	py := networkx(t)
	asOf := fixture()
	asOf.Result.AsOf = ip(2022)
	asOf.Result.Projection = "all"
	asOf.Result.Notes = []string{"closeness is harmonic: the graph is disconnected."}
	for name, s := range map[string]Snapshot{"states": fixture(), "all as of 2022": asOf} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := WriteAll(ctxT(t), dir, []string{GraphML, GEXF}, s); err != nil {
				t.Fatal(err)
			}
			b := base(s.Result.Projection)
			out, err := exec.Command(py, filepath.Join("testdata", "read_networkx.py"), filepath.Join(dir, b+".graphml"), filepath.Join(dir, b+".gexf")).Output()
			if err != nil {
				if ee, ok := err.(*exec.ExitError); ok {
					t.Fatalf("networkx could not read the files: %s", ee.Stderr)
				}
				t.Fatal(err)
			}
			var got struct {
				Version string  `json:"networkx"`
				GraphML nxGraph `json:"graphml"`
				GEXF    nxGraph `json:"gexf"`
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			t.Logf("networkx %s", got.Version)
			checkNX(t, "GraphML", got.GraphML, s, false)
			checkNX(t, "GEXF", got.GEXF, s, true)

			// GraphML carries the export's metadata as graph data.
			g := got.GraphML.Graph
			if g["exported_at"] != "2025-03-01T02:30:00Z" || g["dataset_version"] != "sha256:abc123" || g["projection"] != s.Result.Projection ||
				g["engine"] != "inprocess" || g["params"] != `{"damping":0.85,"resolution":1,"seed":42}` {
				t.Errorf("GraphML graph data %v", g)
			}
			if g["notes"] != strings.Join(s.Result.Notes, " ") && len(s.Result.Notes) > 0 {
				t.Errorf("GraphML notes %v", g["notes"])
			}
			if asOf, ok := g["as_of"]; (s.Result.AsOf == nil) == ok || (ok && asOf != float64(*s.Result.AsOf)) {
				t.Errorf("GraphML as_of %v", g["as_of"])
			}
			if got.GEXF.Graph["mode"] != "dynamic" {
				t.Errorf("GEXF graph mode %v, want dynamic", got.GEXF.Graph["mode"])
			}
		})
	}
}

func checkNX(t *testing.T, format string, g nxGraph, s Snapshot, gexf bool) {
	t.Helper()
	res := s.Result
	if g.Directed || g.Multigraph {
		t.Errorf("%s: directed %v multigraph %v", format, g.Directed, g.Multigraph)
	}
	// Typed as declared: names text, scores floating point, communities and years integers.
	wantTypes := map[string]string{"label": "[str]", "name_zh": "[str]", "kind": "[str]", "degree": "[float]", "weighted_degree": "[float]", "pagerank": "[float]",
		"betweenness": "[float]", "community_louvain": "[int]", "community_leiden": "[int]"}
	if fmt.Sprint(g.NodeTypes) != fmt.Sprint(wantTypes) {
		t.Errorf("%s: node attribute types %v, want %v", format, g.NodeTypes, wantTypes)
	}
	wantTypes = map[string]string{"id": "[str]", "weight": "[float]", "relations": "[str]", "since": "[int]", "until": "[int]"}
	if gexf {
		wantTypes["spells"] = "[list]"
	}
	if fmt.Sprint(g.EdgeTypes) != fmt.Sprint(wantTypes) {
		t.Errorf("%s: edge attribute types %v, want %v", format, g.EdgeTypes, wantTypes)
	}
	if len(g.Nodes) != len(res.Nodes) {
		t.Errorf("%s: %d nodes, want %d", format, len(g.Nodes), len(res.Nodes))
	}
	for _, n := range res.Nodes {
		want := map[string]any{"label": n.Name, "name_zh": n.NameZh, "kind": n.Kind}
		for m, v := range n.Scores {
			want[column(m)] = v
		}
		for c, id := range n.Community {
			want["community_"+column(c)] = float64(id) // JSON numbers; the types are checked above
		}
		if got := g.Nodes[n.ID]; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: node %s\n got %v\nwant %v", format, n.ID, got, want)
		}
	}
	if len(g.Edges) != len(res.Edges) {
		t.Fatalf("%s: %d edges, want %d", format, len(g.Edges), len(res.Edges))
	}
	first, last := timeline(s)
	byPair := map[string]map[string]any{}
	for _, e := range g.Edges {
		var u, v string
		var d map[string]any
		json.Unmarshal(e[0], &u)
		json.Unmarshal(e[1], &v)
		json.Unmarshal(e[2], &d)
		if u > v {
			u, v = v, u
		}
		delete(d, "id")
		byPair[u+"-"+v] = d
	}
	for _, e := range res.Edges {
		u, v := e.Source, e.Target
		if u > v {
			u, v = v, u
		}
		want := map[string]any{"weight": e.Weight, "relations": strings.Join(e.Types, ";")}
		if e.Since != nil {
			want["since"] = float64(*e.Since)
		}
		if e.Until != nil {
			want["until"] = float64(*e.Until)
		}
		if start, end, ok := spell(e, first, last); ok && gexf {
			want["spells"] = []any{[]any{float64(start), float64(end)}}
		}
		if got := byPair[u+"-"+v]; fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(want)) {
			t.Errorf("%s: edge %s–%s\n got %v\nwant %v", format, u, v, got, want)
		}
	}
	if gexf {
		// The spells themselves, as Gephi's timeline will play them.
		want := map[string]string{"CN-SG": "[[2014 2020]]", "CN-MY": fmt.Sprintf("[[2018 %d]]", last), "MY-SG": "[[2014 2016]]", "CN-US": "<nil>"}
		for pair, w := range want {
			if got := fmt.Sprint(byPair[pair]["spells"]); got != w {
				t.Errorf("GEXF: spells of %s %s, want %s", pair, got, w)
			}
		}
	}
}

// sorted prints a map in key order (fmt does that already; this keeps the
// intent visible where maps are compared as text).
func sorted(m map[string]any) []string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s=%v", k, v))
	}
	sort.Strings(out)
	return out
}
