package analytics

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

// ARI is the adjusted Rand index of two labellings of the same items: 1 for
// identical partitions, about 0 for unrelated ones (Hubert and Arabie).
func ARI(a, b []string) float64 {
	cont, ra, rb, n := contingency(a, b)
	comb := func(x float64) float64 { return x * (x - 1) / 2 }
	var index, sa, sb float64
	for _, c := range cont {
		index += comb(c)
	}
	for _, c := range ra {
		sa += comb(c)
	}
	for _, c := range rb {
		sb += comb(c)
	}
	expected := sa * sb / comb(n)
	maxIndex := (sa + sb) / 2
	if maxIndex == expected {
		return 1 // both trivial (one cluster each, or all singletons)
	}
	return (index - expected) / (maxIndex - expected)
}

// NMI is the normalised mutual information of two labellings, with the
// arithmetic mean of the entropies as normaliser (scikit-learn's default).
func NMI(a, b []string) float64 {
	cont, ra, rb, n := contingency(a, b)
	entropy := func(m map[string]float64) float64 {
		var h float64
		for _, c := range m {
			h -= c / n * math.Log(c/n)
		}
		return h
	}
	ha, hb := entropy(ra), entropy(rb)
	if ha == 0 && hb == 0 {
		return 1
	}
	var mi float64
	for k, c := range cont {
		i, j := splitKey(k)
		mi += c / n * math.Log(c*n/(ra[i]*rb[j]))
	}
	return mi / ((ha + hb) / 2)
}

func contingency(a, b []string) (cont, ra, rb map[string]float64, n float64) {
	if len(a) != len(b) {
		panic("labellings of different lengths")
	}
	cont, ra, rb = map[string]float64{}, map[string]float64{}, map[string]float64{}
	for i := range a {
		cont[a[i]+"\x00"+b[i]]++
		ra[a[i]]++
		rb[b[i]]++
	}
	return cont, ra, rb, float64(len(a))
}

func splitKey(k string) (string, string) {
	i := strings.IndexByte(k, 0)
	return k[:i], k[i+1:]
}

// Modularity is the weighted modularity (gonum's community.Q) of the
// partition a community measure gave, on the result's edges.
func Modularity(r *Result, measure string, resolution float64) float64 {
	g := simple.NewWeightedUndirectedGraph(0, 0)
	index := map[string]int64{}
	byComm := map[int64][]graph.Node{}
	for i, n := range r.Nodes {
		index[n.ID] = int64(i)
		g.AddNode(simple.Node(i))
		c := n.Community[measure]
		byComm[c] = append(byComm[c], simple.Node(i))
	}
	for _, e := range r.Edges {
		g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(index[e.Source]), T: simple.Node(index[e.Target]), W: e.Weight})
	}
	comms := make([][]graph.Node, 0, len(byComm))
	for _, c := range byComm {
		comms = append(comms, c)
	}
	return community.Q(g, comms, resolution)
}

// Camps that count as a bloc in the comparison; hedgers and states with no
// camp membership are listed apart.
const (
	Hedger = "hedger"
	NoCamp = "none"
)

// BlocComparison compares detected communities with camps.
type BlocComparison struct {
	Measure  string
	Compared int // states with a camp that are not isolated in the graph
	ARI, NMI float64
	Apart    []Apart // states in a community other than their camp's
	Hedgers  []string
	NoCamp   []string
	Isolated []string
	Dominant map[int64]string // community → the camp most of its compared states are in
	CampHome map[string]int64 // camp → the community most of its states are in
	Sizes    map[int64]int
}

// Apart is one state that sits outside its camp's community.
type Apart struct {
	ID, Name, Camp string
	Community      int64
	CommunityCamp  string // the camp that dominates the state's community ("" if none)
	CampCommunity  int64  // where most of the state's camp sits
}

// CompareCamps compares a community measure's partition of the states with
// their camps (state id → camp). States with no tie in the graph are left
// out (each is a community of its own), as are hedgers and states with no
// camp.
func CompareCamps(r *Result, measure string, camps map[string]string) BlocComparison {
	out := BlocComparison{Measure: measure, Dominant: map[int64]string{}, CampHome: map[string]int64{}, Sizes: map[int64]int{}}
	degree := map[string]int{}
	for _, e := range r.Edges {
		degree[e.Source]++
		degree[e.Target]++
	}
	var ids, cl, kl []string
	byComm := map[int64]map[string]int{}
	byCamp := map[string]map[int64]int{}
	var nodes []NodeScore
	for _, n := range r.Nodes {
		camp := camps[n.ID]
		switch {
		case degree[n.ID] == 0:
			out.Isolated = append(out.Isolated, n.ID)
			continue
		case camp == Hedger:
			out.Hedgers = append(out.Hedgers, n.ID)
			continue
		case camp == "" || camp == NoCamp:
			out.NoCamp = append(out.NoCamp, n.ID)
			continue
		}
		c := n.Community[measure]
		ids = append(ids, n.ID)
		cl = append(cl, fmt.Sprint(c))
		kl = append(kl, camp)
		nodes = append(nodes, n)
		if byComm[c] == nil {
			byComm[c] = map[string]int{}
		}
		byComm[c][camp]++
		if byCamp[camp] == nil {
			byCamp[camp] = map[int64]int{}
		}
		byCamp[camp][c]++
		out.Sizes[c]++
	}
	out.Compared = len(ids)
	if len(ids) > 1 {
		out.ARI, out.NMI = ARI(kl, cl), NMI(kl, cl)
	}
	for c, m := range byComm {
		out.Dominant[c] = argmax(m)
	}
	for camp, m := range byCamp {
		best, bestN := int64(-1), -1
		for c, k := range m {
			if k > bestN || (k == bestN && c < best) {
				best, bestN = c, k
			}
		}
		out.CampHome[camp] = best
	}
	for i, n := range nodes {
		c := n.Community[measure]
		if home := out.CampHome[kl[i]]; home != c {
			out.Apart = append(out.Apart, Apart{ID: n.ID, Name: n.Name, Camp: kl[i], Community: c, CommunityCamp: out.Dominant[c], CampCommunity: home})
		}
	}
	return out
}

func argmax(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	best, bestN := "", -1
	for _, k := range keys {
		if m[k] > bestN {
			best, bestN = k, m[k]
		}
	}
	return best
}

// Write puts the comparison in words an analyst can read.
func (b BlocComparison) Write(w io.Writer) {
	fmt.Fprintf(w, "\n%s communities against camps (%d states compared):\n", b.Measure, b.Compared)
	fmt.Fprintf(w, "  adjusted Rand index %.3f, normalised mutual information %.3f (1 = the communities are the camps, 0 = unrelated)\n", b.ARI, b.NMI)
	camps := make([]string, 0, len(b.CampHome))
	for c := range b.CampHome {
		camps = append(camps, c)
	}
	sort.Strings(camps)
	for _, c := range camps {
		fmt.Fprintf(w, "  most %s states sit in community %d\n", c, b.CampHome[c])
	}
	if len(b.Apart) == 0 {
		fmt.Fprintln(w, "  every compared state sits in its camp's community")
	}
	for _, a := range b.Apart {
		with := ""
		if a.CommunityCamp != "" && a.CommunityCamp != a.Camp {
			with = ", among mostly " + a.CommunityCamp + " states"
		}
		fmt.Fprintf(w, "  %s (%s) is %s but sits in community %d%s, not in community %d with most of its camp\n", a.Name, a.ID, a.Camp, a.Community, with, a.CampCommunity)
	}
	if len(b.Hedgers) > 0 {
		fmt.Fprintf(w, "  hedgers (as many memberships in two camps), not compared: %s\n", strings.Join(b.Hedgers, " "))
	}
	if len(b.NoCamp) > 0 {
		fmt.Fprintf(w, "  no membership in any camp's mechanism, not compared: %s\n", strings.Join(b.NoCamp, " "))
	}
	if len(b.Isolated) > 0 {
		fmt.Fprintf(w, "  no tie in the graph, not compared: %s\n", strings.Join(b.Isolated, " "))
	}
}
