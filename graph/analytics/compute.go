package analytics

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/topo"
)

// Options are the parameters of a run; zero values take the defaults.
type Options struct {
	Measures   []string // default: every measure the engine has
	Damping    float64  // PageRank damping (default 0.85)
	Tolerance  float64  // PageRank and eigenvector convergence (default 1e-10)
	MaxIter    int      // PageRank and eigenvector iterations at most (GDS; default 1000)
	Resolution float64  // modularity resolution γ (default 1.0)
	Seed       uint64   // Louvain's random source rand.NewPCG(Seed, 0), Leiden's randomSeed (default 42)
	// Samples, when above 0 and below the node count, estimates betweenness
	// from that many source nodes drawn with SampleSeed (networkx's
	// estimator); 0 computes it exactly.
	Samples    int
	SampleSeed uint64
}

// Defaults of a run.
const (
	DefaultDamping    = 0.85
	DefaultTolerance  = 1e-10
	DefaultMaxIter    = 1000
	DefaultResolution = 1.0
	DefaultSeed       = 42
)

// MaxClosenessNodes bounds in-process closeness, which keeps all-pairs
// shortest paths in memory (n² distances).
const MaxClosenessNodes = 20000

// WithDefaults fills in what the options leave zero.
func (o Options) WithDefaults() Options {
	if o.Damping == 0 {
		o.Damping = DefaultDamping
	}
	if o.Tolerance == 0 {
		o.Tolerance = DefaultTolerance
	}
	if o.MaxIter == 0 {
		o.MaxIter = DefaultMaxIter
	}
	if o.Resolution == 0 {
		o.Resolution = DefaultResolution
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.SampleSeed == 0 {
		o.SampleSeed = DefaultSeed
	}
	return o
}

// ParseMeasures reads a comma-separated list of measures; "" gives nil,
// which means every measure the engine has.
func ParseMeasures(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []string
	for _, m := range strings.Split(s, ",") {
		m = strings.TrimSpace(m)
		if !slices.Contains(Measures, m) {
			return nil, fmt.Errorf("unknown measure %q: use %s", m, strings.Join(Measures, ", "))
		}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// Params describes the options as a result records them.
func (o Options) Params(n int) map[string]any {
	p := map[string]any{
		"damping": o.Damping, "tolerance": o.Tolerance, "resolution": o.Resolution, "seed": o.Seed,
		"betweenness": "exact", "weighted": "weighted-degree, pagerank, louvain, leiden",
		"unweighted": "degree, betweenness, closeness (hops), eigenvector",
	}
	if o.Samples > 0 && o.Samples < n {
		p["betweenness"] = fmt.Sprintf("sampled from %d sources, seed %d", o.Samples, o.SampleSeed)
	}
	return p
}

// Engine is the in-process engine's name in results.
const Engine = "inprocess"

// Compute runs the measures on g in process. Leiden is not in gonum: asking
// for it is an error naming the engine that has it.
func Compute(ctx context.Context, g *Graph, opt Options) (*Result, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	opt = opt.WithDefaults()
	if len(opt.Measures) == 0 {
		opt.Measures = slices.DeleteFunc(slices.Clone(Measures), func(m string) bool { return m == Leiden })
	}
	if slices.Contains(opt.Measures, Leiden) {
		return nil, fmt.Errorf("leiden is not available in process (gonum has Louvain only): use --engine gds, or --measure louvain")
	}
	b := build(g, slices.Contains(opt.Measures, PageRank))
	n := len(b.nodes)
	res := &Result{Projection: g.Projection, Engine: Engine, AsOf: g.AsOf, Measures: slices.Clone(opt.Measures),
		Params: opt.Params(n), Edges: sortedEdges(g.Edges)}
	scores := map[string][]float64{}
	comms := map[string][]int64{}
	for _, m := range opt.Measures {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		switch m {
		case Degree:
			s := make([]float64, n)
			for i := range s {
				s[i] = float64(len(b.adj[i]))
			}
			scores[m] = s
		case WeightedDegree:
			s := make([]float64, n)
			for i := range s {
				for _, w := range b.wts[i] {
					s[i] += w
				}
			}
			scores[m] = s
		case PageRank:
			if n == 0 {
				scores[m] = nil // gonum's matrices cannot be empty
				break
			}
			scores[m] = normaliseSum(fromMap(n, network.PageRankSparse(b.d, opt.Damping, opt.Tolerance)))
		case Betweenness:
			if opt.Samples > 0 && opt.Samples < n {
				scores[m] = sampledBetweenness(ctx, b, opt.Samples, opt.SampleSeed)
				break
			}
			// gonum counts every ordered pair of an undirected graph, so
			// dividing by (n-1)(n-2) gives the share of pairs (networkx's normalised score).
			s := fromMap(n, network.Betweenness(hops{b.w}))
			if n > 2 {
				scale := 1 / float64((n-1)*(n-2))
				for i := range s {
					s[i] *= scale
				}
			}
			scores[m] = s
		case Closeness:
			if n > MaxClosenessNodes {
				return nil, fmt.Errorf("closeness in process keeps all-pairs shortest paths in memory, too much for %d nodes (at most %d): use --engine gds or leave closeness out", n, MaxClosenessNodes)
			}
			s, harmonic := closeness(b)
			scores[m] = s
			res.Params["closeness"] = closenessVariant(harmonic)
			if harmonic {
				res.Notes = append(res.Notes, HarmonicNote)
			}
		case Eigenvector:
			s, err := eigenvector(ctx, b, opt.Tolerance, 100*opt.MaxIter)
			if err != nil {
				return nil, err
			}
			scores[m] = s
		case Louvain:
			reduced := community.Modularize(b.w, opt.Resolution, rand.NewPCG(opt.Seed, 0))
			comms[m] = Canonical(n, groups(reduced.Communities()))
		}
	}
	res.Nodes = make([]NodeScore, n)
	for i, nd := range b.nodes {
		ns := NodeScore{ID: nd.ID, Name: nd.Name, NameZh: nd.NameZh, Kind: nd.Kind, Scores: map[string]float64{}, Community: map[string]int64{}}
		for m, s := range scores {
			ns.Scores[m] = s[i]
		}
		for m, c := range comms {
			ns.Community[m] = c[i]
		}
		res.Nodes[i] = ns
	}
	return res, nil
}

// HarmonicNote says why closeness is harmonic on a disconnected graph.
const HarmonicNote = "closeness is harmonic (Σ 1/d over the other nodes, divided by n-1), because the graph is disconnected and classic closeness is undefined across components"

func closenessVariant(harmonic bool) string {
	if harmonic {
		return "harmonic: Σ(1/d)/(n-1), the graph is disconnected"
	}
	return "classic: (n-1)/Σd, the graph is connected"
}

// closeness is networkx's closeness_centrality, (n-1)/Σd, on a connected
// graph, and networkx's harmonic_centrality divided by n-1 on a
// disconnected one; both count hops.
func closeness(b *built) ([]float64, bool) {
	n := len(b.nodes)
	s := make([]float64, n)
	if n < 2 {
		return s, false
	}
	h := hops{b.w}
	paths := path.DijkstraAllPaths(h)
	if len(topo.ConnectedComponents(h)) > 1 {
		for id, v := range network.Harmonic(h, paths) {
			s[id] = v / float64(n-1)
		}
		return s, true
	}
	for id, v := range network.Closeness(h, paths) {
		s[id] = v * float64(n-1)
	}
	return s, false
}

// fromMap turns gonum's map by node id into a slice; nodes the map leaves
// out (gonum's betweenness omits zeros) score 0.
func fromMap(n int, m map[int64]float64) []float64 {
	s := make([]float64, n)
	for id, v := range m {
		s[id] = v
	}
	return s
}

func normaliseSum(s []float64) []float64 {
	var sum float64
	for _, v := range s {
		sum += v
	}
	if sum != 0 {
		for i := range s {
			s[i] /= sum
		}
	}
	return s
}

func groups(cs [][]graph.Node) [][]int64 {
	out := make([][]int64, len(cs))
	for i, c := range cs {
		for _, nd := range c {
			out[i] = append(out[i], nd.ID())
		}
	}
	return out
}

// Canonical numbers communities so that equal partitions get equal labels
// whatever engine found them: by size, largest first, then by the smallest
// node index (nodes are sorted by id) in each. members holds node indexes.
func Canonical(n int, members [][]int64) []int64 {
	cs := make([][]int64, 0, len(members))
	for _, c := range members {
		if len(c) > 0 {
			c = slices.Clone(c)
			slices.Sort(c)
			cs = append(cs, c)
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if len(cs[i]) != len(cs[j]) {
			return len(cs[i]) > len(cs[j])
		}
		return cs[i][0] < cs[j][0]
	})
	out := make([]int64, n)
	for i := range out {
		out[i] = -1
	}
	for label, c := range cs {
		for _, id := range c {
			out[id] = int64(label)
		}
	}
	return out
}

// CanonicalLabels renumbers a community assignment (node index → any
// label) with Canonical.
func CanonicalLabels(labels []int64) []int64 {
	byLabel := map[int64][]int64{}
	for i, l := range labels {
		byLabel[l] = append(byLabel[l], int64(i))
	}
	members := make([][]int64, 0, len(byLabel))
	for _, m := range byLabel {
		members = append(members, m)
	}
	return Canonical(len(labels), members)
}

func sortedEdges(es []Edge) []Edge {
	out := make([]Edge, len(es))
	for i, e := range es {
		if e.Source > e.Target {
			e.Source, e.Target = e.Target, e.Source
		}
		e.Types = slices.Clone(e.Types)
		slices.Sort(e.Types)
		out[i] = e
	}
	slices.SortFunc(out, func(a, b Edge) int {
		if c := strings.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		return strings.Compare(a.Target, b.Target)
	})
	return out
}

// eigenvector is networkx's eigenvector_centrality(weight=None), which
// gonum has no function for: power iteration with A+I (the shift makes it
// converge on bipartite graphs too) from a uniform start, Euclidean norm 1,
// until the L1 change is below n·tol. It counts ties, not weights: GDS
// divides each node's weights by their sum, which on an undirected graph
// makes its weighted eigenvector centrality proportional to weighted
// degree, so only the unweighted score means the same in both engines.
func eigenvector(ctx context.Context, b *built, tol float64, maxIter int) ([]float64, error) {
	n := len(b.nodes)
	x := make([]float64, n)
	if n == 0 {
		return x, nil
	}
	for i := range x {
		x[i] = 1 / float64(n)
	}
	next := make([]float64, n)
	for it := 0; it < maxIter; it++ {
		if it%64 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		copy(next, x)
		for u, nb := range b.adj {
			for _, v := range nb {
				next[v] += x[u]
			}
		}
		var norm float64
		for _, v := range next {
			norm += v * v
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			norm = 1
		}
		var diff float64
		for i := range next {
			next[i] /= norm
			diff += math.Abs(next[i] - x[i])
		}
		x, next = next, x
		if diff < float64(n)*tol {
			return x, nil
		}
	}
	return nil, fmt.Errorf("eigenvector centrality did not converge in %d iterations", maxIter)
}

// sampledBetweenness estimates betweenness from k source nodes, as
// networkx's betweenness_centrality(G, k) does (gonum computes only the
// exact score): Brandes' accumulation from each sampled source on hops,
// scaled by 1/((k-1)(n-2)) for sampled nodes and 1/(k(n-2)) for the rest.
func sampledBetweenness(ctx context.Context, b *built, k int, seed uint64) []float64 {
	n := len(b.nodes)
	sources := SampleSources(n, k, seed)
	bc := make([]float64, n)
	sigma := make([]float64, n)
	dist := make([]int32, n)
	delta := make([]float64, n)
	order := make([]int32, 0, n)
	queue := make([]int32, 0, n)
	for _, s := range sources {
		if ctx.Err() != nil {
			return nil
		}
		for i := range dist {
			dist[i], sigma[i], delta[i] = -1, 0, 0
		}
		order, queue = order[:0], queue[:0]
		dist[s], sigma[s] = 0, 1
		queue = append(queue, int32(s))
		for h := 0; h < len(queue); h++ {
			u := queue[h]
			order = append(order, u)
			for _, v := range b.adj[u] {
				if dist[v] < 0 {
					dist[v] = dist[u] + 1
					queue = append(queue, v)
				}
				if dist[v] == dist[u]+1 {
					sigma[v] += sigma[u]
				}
			}
		}
		for i := len(order) - 1; i >= 0; i-- {
			w := order[i]
			for _, v := range b.adj[w] {
				if dist[v] == dist[w]-1 {
					delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
				}
			}
			if int(w) != s {
				bc[w] += delta[w]
			}
		}
	}
	if n <= 2 {
		return bc
	}
	sampled := make([]bool, n)
	for _, s := range sources {
		sampled[s] = true
	}
	for i := range bc {
		if sampled[i] {
			if k > 1 {
				bc[i] /= float64(k-1) * float64(n-2)
			}
		} else {
			bc[i] /= float64(k) * float64(n-2)
		}
	}
	return bc
}

// SampleSources draws k distinct node indexes of n from rand.NewPCG(seed, 0),
// sorted; the benchmark hands the same list to networkx.
func SampleSources(n, k int, seed uint64) []int {
	r := rand.New(rand.NewPCG(seed, 0))
	s := r.Perm(n)[:k]
	slices.Sort(s)
	return s
}
