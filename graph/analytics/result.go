package analytics

import "strings"

// The measures, by the names the command line and the exports use.
const (
	Degree         = "degree"          // number of distinct neighbours
	WeightedDegree = "weighted-degree" // sum of the weights of a node's edges
	PageRank       = "pagerank"        // weighted, damping 0.85; sums to 1 over the projection
	Betweenness    = "betweenness"     // on hops, normalised by the number of pairs the node is not part of
	Closeness      = "closeness"       // on hops: (n-1)/Σd, or harmonic Σ(1/d)/(n-1) when the graph is disconnected
	Eigenvector    = "eigenvector"     // on ties, not weights; Euclidean norm 1
	Louvain        = "louvain"         // a community id per node
	Leiden         = "leiden"          // a community id per node (GDS only)
)

// Measures lists every measure in display order.
var Measures = []string{Degree, WeightedDegree, PageRank, Betweenness, Closeness, Eigenvector, Louvain, Leiden}

// IsCommunity reports whether a measure assigns communities rather than scores.
func IsCommunity(m string) bool { return m == Louvain || m == Leiden }

// Property prefixes written back onto nodes. graph.ScorePrefix is the
// scores' prefix; communities get a prefix of their own.
const (
	ScorePrefix     = "score_"
	CommunityPrefix = "community_"
)

// Property is the node property a measure is written back to:
// score_pagerank, score_weighted_degree, community_louvain.
func Property(measure string) string {
	p := ScorePrefix
	if IsCommunity(measure) {
		p = CommunityPrefix
	}
	return p + strings.ReplaceAll(measure, "-", "_")
}

// Result is what one run computed on one projection: every node of the
// projection with its scores and communities, and the edges it was computed
// on, so that exports can write the graph as well as the ranking.
type Result struct {
	Projection string         // "states" or "all"
	Engine     string         // "inprocess" or "gds"
	Params     map[string]any // damping, tolerance, resolution, seed, closeness variant, ...
	AsOf       *int           // the year the ties were in force, nil for every tie
	Measures   []string       // what was computed, in the order asked
	Nodes      []NodeScore    // sorted by id
	Edges      []Edge         // one per unordered pair, Source < Target
	Notes      []string       // what a reader must know (e.g. closeness is harmonic because the graph is disconnected)
}

// NodeScore is one node and what was computed for it.
type NodeScore struct {
	ID, Name, NameZh, Kind string
	Scores                 map[string]float64 // by measure
	Community              map[string]int64   // by community measure (louvain, leiden)
}

// Edge is one undirected edge of a projection: all the ties between two
// nodes, aggregated.
type Edge struct {
	Source, Target string
	Weight         float64
	Types          []string // the relationship types (and, in the state graph, "SHARED_MECHANISM") behind it, sorted
	Since, Until   *int     // earliest start and latest end among its dated ties, nil when none is dated
}
