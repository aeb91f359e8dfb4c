package export

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/graph/analytics"
)

// synthetic is a result of n nodes and m edges with every measure and
// Louvain, years on half the edges: the size of the curated dataset and the
// scale-test graph.
func synthetic(n, m int) Snapshot {
	rng := rand.New(rand.NewPCG(1, 2))
	res := &analytics.Result{Projection: "all", Engine: "inprocess", Params: map[string]any{"damping": 0.85},
		Measures: []string{"degree", "weighted-degree", "pagerank", "betweenness", "closeness", "eigenvector", "louvain"}}
	for i := range n {
		sc := map[string]float64{}
		for _, ms := range res.Measures[:6] {
			sc[ms] = rng.Float64()
		}
		res.Nodes = append(res.Nodes, analytics.NodeScore{ID: fmt.Sprintf("n%d", i), Name: fmt.Sprintf("Node %d", i), NameZh: "节点", Kind: "Organisation",
			Scores: sc, Community: map[string]int64{"louvain": int64(rng.IntN(40))}})
	}
	for i := range m {
		e := analytics.Edge{Source: fmt.Sprintf("n%d", rng.IntN(n)), Target: fmt.Sprintf("n%d", rng.IntN(n)), Weight: float64(1 + rng.IntN(5)), Types: []string{"MEMBER_OF"}}
		if i%2 == 0 {
			y := 1990 + rng.IntN(35)
			e.Since = &y
		}
		res.Edges = append(res.Edges, e)
	}
	return Snapshot{Result: res, DatasetVersion: "bench", Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// BenchmarkWriteAll writes every format, with a previous export in the
// folder (so rank changes are computed), and reports the bytes written.
func BenchmarkWriteAll(b *testing.B) {
	for _, size := range []struct{ n, m int }{{724, 1413}, {100_000, 1_000_000}} {
		s := synthetic(size.n, size.m)
		b.Run(fmt.Sprintf("nodes=%d/edges=%d", size.n, size.m), func(b *testing.B) {
			dir := b.TempDir()
			ctx := b.Context()
			if _, err := WriteAll(ctx, dir, Formats, s); err != nil {
				b.Fatal(err)
			}
			var bytes int64
			b.ResetTimer()
			for b.Loop() {
				paths, err := WriteAll(ctx, dir, Formats, s)
				if err != nil {
					b.Fatal(err)
				}
				bytes = 0
				for _, p := range paths {
					st, _ := os.Stat(p)
					bytes += st.Size()
				}
			}
			b.ReportMetric(float64(bytes)/1e6, "MB/export")
		})
	}
}
