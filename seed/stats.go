package seed

import (
	"fmt"
	"io"
	"sort"

	"github.com/coopgraph/coopgraph/graph"
)

// Stats counts what a dataset holds.
type Stats struct {
	Entities      int
	Ties          int
	Evidence      int
	Proposals     int
	ByKind        map[string]int
	ByType        map[string]int
	BySource      map[string]int // ties citing each source
	OutsideOnly   int            // ties whose every evidence is an outside source
	DocumentTies  int            // ties with at least one document evidence
	OutsideSource int            // number of outside sources
	Dated         int            // ties with a year, since, until or signed
	Memberships   int            // MEMBER_OF ties to a bloc or organisation, PARTY_TO ties to an agreement
	MembersDated  int            // of those, with a start year
	Untied        []string       // entities no tie touches
}

// StatsOf counts what d holds.
func StatsOf(d *graph.Dataset) Stats {
	s := Stats{Entities: len(d.Entities), Ties: len(d.Ties), ByKind: map[string]int{}, ByType: map[string]int{}, BySource: map[string]int{}}
	src := d.SourceByID()
	for _, x := range d.Sources {
		if x.Kind == graph.OutsideSource {
			s.OutsideSource++
		}
	}
	kind := make(map[string]graph.Kind, len(d.Entities))
	for _, e := range d.Entities {
		s.ByKind[string(e.Kind)]++
		kind[e.ID] = e.Kind
	}
	tied := make(map[string]bool, len(d.Entities))
	for _, t := range d.Ties {
		s.ByType[string(t.Type)]++
		tied[t.From], tied[t.To] = true, true
		if t.Year != 0 || t.Since != 0 || t.Until != 0 || t.Signed != 0 {
			s.Dated++
		}
		if isMembership(t, kind[t.To]) {
			s.Memberships++
			if t.Year != 0 || t.Since != 0 || t.Signed != 0 {
				s.MembersDated++
			}
		}
		s.Evidence += len(t.Evidence)
		if t.Proposal {
			s.Proposals++
		}
		cited := map[string]bool{}
		doc := false
		for _, e := range t.Evidence {
			cited[e.Source] = true
			doc = doc || src[e.Source].Kind == graph.DocumentSource
		}
		for id := range cited {
			s.BySource[id]++
		}
		if doc {
			s.DocumentTies++
		} else {
			s.OutsideOnly++
		}
	}
	for _, e := range d.Entities {
		if !tied[e.ID] {
			s.Untied = append(s.Untied, e.ID)
		}
	}
	return s
}

// isMembership reports whether t is a membership whose start year the
// dataset aims to give: MEMBER_OF a bloc or organisation, PARTY_TO an agreement.
func isMembership(t graph.Tie, to graph.Kind) bool {
	return (t.Type == graph.MemberOf && (to == graph.Bloc || to == graph.Organisation)) || t.Type == graph.PartyTo
}

func percent(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}

// Write prints the counts as plain text tables.
func (s Stats) Write(w io.Writer) {
	fmt.Fprintf(w, "entities %d, ties %d (%d proposals), evidence %d\n", s.Entities, s.Ties, s.Proposals, s.Evidence)
	fmt.Fprintf(w, "ties resting on the documents %d, only on outside sources %d (%d outside sources)\n", s.DocumentTies, s.OutsideOnly, s.OutsideSource)
	fmt.Fprintf(w, "dated: %d of %d ties (%.1f%%)\n", s.Dated, s.Ties, percent(s.Dated, s.Ties))
	fmt.Fprintf(w, "memberships and parties with a start year: %d of %d (%.1f%%)\n", s.MembersDated, s.Memberships, percent(s.MembersDated, s.Memberships))
	if len(s.Untied) > 0 {
		fmt.Fprintf(w, "entities no tie touches, each with its reason: %d\n", len(s.Untied))
		line := " "
		for i, id := range s.Untied {
			if i > 0 {
				line += ","
			}
			if len(line)+1+len(id) > 78 {
				fmt.Fprintln(w, line)
				line = " "
			}
			line += " " + id
		}
		fmt.Fprintln(w, line)
	}
	table := func(title string, m map[string]int) {
		fmt.Fprintf(w, "\n%s\n", title)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if m[keys[i]] != m[keys[j]] {
				return m[keys[i]] > m[keys[j]]
			}
			return keys[i] < keys[j]
		})
		for _, k := range keys {
			fmt.Fprintf(w, "  %-36s %6d\n", k, m[k])
		}
	}
	table("entities by kind", s.ByKind)
	table("ties by type", s.ByType)
	table("ties by source", s.BySource)
}
