package analytics

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// Ranked returns the nodes ordered by a measure, highest first (ties by id).
func (r *Result) Ranked(measure string) []NodeScore {
	out := append([]NodeScore(nil), r.Nodes...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Scores[measure], out[j].Scores[measure]
		if a != b {
			return a > b
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// WriteTable prints, for each score measure, the top nodes, and for each
// community measure the communities with their largest members.
func WriteTable(w io.Writer, r *Result, top int) error {
	asOf := "every tie"
	if r.AsOf != nil {
		asOf = fmt.Sprintf("ties in force in %d", *r.AsOf)
	}
	fmt.Fprintf(w, "graph %s (%d nodes, %d edges, %s), engine %s\n", r.Projection, len(r.Nodes), len(r.Edges), asOf, r.Engine)
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, m := range r.Measures {
		fmt.Fprintln(tw)
		if IsCommunity(m) {
			writeCommunities(tw, r, m, top)
			continue
		}
		fmt.Fprintf(tw, "%s\tid\tname\tkind\tscore\n", m)
		for i, n := range r.Ranked(m) {
			if i == top {
				break
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", i+1, n.ID, label(n), n.Kind, format(n.Scores[m]))
		}
	}
	return tw.Flush()
}

func writeCommunities(w io.Writer, r *Result, m string, top int) {
	members := map[int64][]NodeScore{}
	for _, n := range r.Nodes {
		if c, ok := n.Community[m]; ok {
			members[c] = append(members[c], n)
		}
	}
	ids := make([]int64, 0, len(members))
	for c := range members {
		ids = append(ids, c)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	singletons := 0
	fmt.Fprintf(w, "%s\tsize\tmembers\n", m)
	for _, c := range ids {
		ms := members[c]
		if len(ms) == 1 {
			singletons++
			continue
		}
		names := make([]string, 0, len(ms))
		for i, n := range ms {
			if i == top {
				names = append(names, fmt.Sprintf("and %d more", len(ms)-top))
				break
			}
			names = append(names, n.ID)
		}
		fmt.Fprintf(w, "%d\t%d\t%s\n", c, len(ms), strings.Join(names, " "))
	}
	if singletons > 0 {
		fmt.Fprintf(w, "\t\t(%d nodes with no ties form a community each)\n", singletons)
	}
}

func label(n NodeScore) string {
	if n.NameZh != "" && n.Name != "" {
		return n.Name + " (" + n.NameZh + ")"
	}
	return n.Name + n.NameZh
}

func format(v float64) string {
	if v == float64(int64(v)) && v < 1e9 {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.6f", v)
}
