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
	for _, e := range d.Entities {
		s.ByKind[string(e.Kind)]++
	}
	for _, t := range d.Ties {
		s.ByType[string(t.Type)]++
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
	return s
}

// Write prints the counts as plain text tables.
func (s Stats) Write(w io.Writer) {
	fmt.Fprintf(w, "entities %d, ties %d (%d proposals), evidence %d\n", s.Entities, s.Ties, s.Proposals, s.Evidence)
	fmt.Fprintf(w, "ties resting on the documents %d, only on outside sources %d (%d outside sources)\n", s.DocumentTies, s.OutsideOnly, s.OutsideSource)
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
