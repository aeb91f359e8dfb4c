package pipeline

import (
	"slices"
	"testing"

	"github.com/coopgraph/coopgraph/graph/analytics"
)

// A star around CN with one heavy tie US–JP: each state keeps its two
// strongest ties.
func result() *analytics.Result {
	node := func(id, name, zh string, pr float64, comm int64) analytics.NodeScore {
		return analytics.NodeScore{ID: id, Name: name, NameZh: zh, Kind: "Country",
			Scores: map[string]float64{analytics.PageRank: pr}, Community: map[string]int64{analytics.Louvain: comm}}
	}
	return &analytics.Result{Projection: "states",
		Nodes: []analytics.NodeScore{node("CN", "China", "中国", 0.4, 0), node("JP", "Japan", "日本", 0.2, 1),
			node("LA", "Laos", "老挝", 0.1, 0), node("SG", "Singapore", "", 0.15, 0), node("US", "United States", "美国", 0.15, 1)},
		Edges: []analytics.Edge{{Source: "CN", Target: "LA", Weight: 1}, {Source: "CN", Target: "SG", Weight: 2},
			{Source: "CN", Target: "US", Weight: 3}, {Source: "JP", Target: "US", Weight: 9}},
	}
}

func TestNetwork(t *testing.T) {
	camps := map[string]string{"CN": "china-led", "LA": "china-led", "US": "us-aligned", "JP": "us-aligned"}
	n := Network(result(), camps, PictureOptions{Ties: 2})
	var edges []string
	for _, e := range n.Edges {
		edges = append(edges, e.From+"-"+e.To)
	}
	// CN keeps US and SG, LA keeps its only tie, JP and US keep theirs.
	if want := []string{"CN-LA", "CN-SG", "CN-US", "JP-US"}; !slices.Equal(edges, want) {
		t.Errorf("edges %v, want %v", edges, want)
	}
	// With one tie each, LA's and SG's only ties stay (they are theirs),
	// but no state keeps a tie for CN's sake: 4 of 4 here, 3 if SG had another.
	if n1 := Network(result(), camps, PictureOptions{Ties: 1}); len(n1.Edges) != 4 {
		t.Errorf("one tie a state: %v", n1.Edges)
	}
	groups := map[string]string{}
	for _, x := range n.Nodes {
		groups[x.ID] = x.Group
	}
	if groups["SG"] != "none" || groups["CN"] != "china-led" {
		t.Errorf("camp colours: %v", groups)
	}
	zh := Network(result(), camps, PictureOptions{Color: "community", Lang: "zh"})
	if zh.Nodes[0].Label != "中国" || zh.Nodes[3].Label != "Singapore" || zh.Nodes[1].Group != "community 1" {
		t.Errorf("Chinese labels (English where none) and communities: %+v", zh.Nodes)
	}
	bars := Ranking(result(), camps, PictureOptions{Top: 2})
	if len(bars) != 2 || bars[0].Label != "China" || bars[0].Value != 0.4 {
		t.Errorf("ranking %+v", bars)
	}
}

func TestPictureOptionsCheck(t *testing.T) {
	for _, o := range []PictureOptions{{Color: "kind"}, {Lang: "fr"}, {Size: "louvain"}, {Size: "fame"}} {
		if err := o.WithDefaults().Check(); err == nil {
			t.Errorf("%+v was accepted", o)
		}
	}
	if err := (PictureOptions{}).WithDefaults().Check(); err != nil {
		t.Error(err)
	}
}
