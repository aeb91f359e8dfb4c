package analytics

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
)

// Node is one node of a projection.
type Node struct {
	ID, Name, NameZh, Kind string
}

// Graph is a projection held in memory: its nodes (isolated ones included)
// and its undirected, weighted edges, one per unordered pair.
type Graph struct {
	Projection string
	AsOf       *int
	Nodes      []Node
	Edges      []Edge
}

// Validate checks what gonum would otherwise panic on: duplicate node ids,
// edges to unknown nodes, self-loops, repeated pairs and weights that are
// not positive.
func (g *Graph) Validate() error {
	seen := make(map[string]bool, len(g.Nodes))
	for _, n := range g.Nodes {
		if seen[n.ID] {
			return fmt.Errorf("node %s appears twice in the %s projection", n.ID, g.Projection)
		}
		seen[n.ID] = true
	}
	pairs := make(map[[2]string]bool, len(g.Edges))
	for _, e := range g.Edges {
		switch {
		case !seen[e.Source] || !seen[e.Target]:
			return fmt.Errorf("edge %s–%s names a node the %s projection does not list", e.Source, e.Target, g.Projection)
		case e.Source == e.Target:
			return fmt.Errorf("edge %s–%s is a self-loop", e.Source, e.Target)
		case !(e.Weight > 0):
			return fmt.Errorf("edge %s–%s has weight %v; weights must be positive", e.Source, e.Target, e.Weight)
		}
		k := [2]string{min(e.Source, e.Target), max(e.Source, e.Target)}
		if pairs[k] {
			return fmt.Errorf("edge %s–%s appears twice; a projection has one edge per pair", k[0], k[1])
		}
		pairs[k] = true
	}
	return nil
}

// built is a Graph as gonum graphs: node i of the sorted node list has
// gonum id i.
type built struct {
	nodes []Node
	index map[string]int64
	// w is the weighted undirected graph (weighted degree, eigenvector, Louvain).
	w *simple.WeightedUndirectedGraph
	// d holds each undirected edge in both directions, for PageRank, which
	// gonum defines on directed graphs.
	d *simple.WeightedDirectedGraph
	// adj is the adjacency as index lists, for the measures gonum lacks.
	adj [][]int32
	wts [][]float64
}

func build(g *Graph, directed bool) *built {
	b := &built{nodes: slices.Clone(g.Nodes), index: make(map[string]int64, len(g.Nodes))}
	slices.SortFunc(b.nodes, func(x, y Node) int { return strings.Compare(x.ID, y.ID) })
	b.w = simple.NewWeightedUndirectedGraph(0, 0)
	if directed {
		b.d = simple.NewWeightedDirectedGraph(0, 0)
	}
	for i, n := range b.nodes {
		b.index[n.ID] = int64(i)
		b.w.AddNode(simple.Node(i))
		if directed {
			b.d.AddNode(simple.Node(i))
		}
	}
	b.adj = make([][]int32, len(b.nodes))
	b.wts = make([][]float64, len(b.nodes))
	for _, e := range g.Edges {
		u, v := b.index[e.Source], b.index[e.Target]
		b.w.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(u), T: simple.Node(v), W: e.Weight})
		if directed {
			b.d.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(u), T: simple.Node(v), W: e.Weight})
			b.d.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(v), T: simple.Node(u), W: e.Weight})
		}
		b.adj[u] = append(b.adj[u], int32(v))
		b.adj[v] = append(b.adj[v], int32(u))
		b.wts[u] = append(b.wts[u], e.Weight)
		b.wts[v] = append(b.wts[v], e.Weight)
	}
	return b
}

// hops is the undirected graph without its weights: betweenness and
// closeness count steps, because a weight here measures how strongly two
// nodes are tied, not how far apart they are.
type hops struct {
	g *simple.WeightedUndirectedGraph
}

func (h hops) Node(id int64) graph.Node          { return h.g.Node(id) }
func (h hops) Nodes() graph.Nodes                { return h.g.Nodes() }
func (h hops) From(id int64) graph.Nodes         { return h.g.From(id) }
func (h hops) HasEdgeBetween(x, y int64) bool    { return h.g.HasEdgeBetween(x, y) }
func (h hops) Edge(u, v int64) graph.Edge        { return h.g.Edge(u, v) }
func (h hops) EdgeBetween(x, y int64) graph.Edge { return h.g.EdgeBetween(x, y) }

var _ graph.Undirected = hops{}
