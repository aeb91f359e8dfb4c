package seed

import (
	"maps"
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/graph"
)

// shape checks what only the whole graph shows, once every tie statement
// is sound and merged: a person's tie made on behalf of a state is that
// state's tie too (it is added here when not stated), every person speaks
// for someone, every place lies somewhere, no succession runs in a circle,
// and no entity stands alone without a reason.
func (v *validator) shape(entities []graph.Entity, ties []graph.Tie) []graph.Tie {
	speaks := map[string][]string{} // person -> bodies they speak for
	located := map[string]bool{}
	for _, t := range ties {
		switch t.Type {
		case graph.SpeaksFor:
			speaks[t.From] = append(speaks[t.From], t.To)
		case graph.LocatedIn:
			located[t.From] = true
		}
	}
	ties = v.onBehalf(ties, speaks)
	tied := make(map[string]bool, len(entities))
	for _, t := range ties {
		tied[t.From], tied[t.To] = true, true
	}
	for i := range entities {
		e := &entities[i]
		switch {
		case e.Kind == graph.Person && len(speaks[e.ID]) == 0:
			v.probs.add(e.Origin, "person %s has no affiliation: add a SPEAKS_FOR tie to the state, agency or organisation they speak for, with the office as role", quote(e.ID))
		case e.Kind == graph.Place && !located[e.ID]:
			v.probs.add(e.Origin, "place %s is not located: add a LOCATED_IN tie to its state (or the region it lies in)", quote(e.ID))
		}
		switch {
		case !tied[e.ID] && strings.TrimSpace(e.Untied) == "":
			v.probs.add(e.Origin, "entity %s has no tie: tie it to what the documents say of it, or give untied: with the reason it stands alone", quote(e.ID))
		case tied[e.ID] && e.Untied != "":
			v.probs.add(e.Origin, "entity %s has ties but also untied: remove untied", quote(e.ID))
		}
	}
	v.successionCycles(ties)
	return ties
}

// onBehalf makes each tie a person states on behalf of a state or body
// that one's tie too, merged into it when the dataset states it already.
func (v *validator) onBehalf(ties []graph.Tie, speaks map[string][]string) []graph.Tie {
	if !slices.ContainsFunc(ties, func(t graph.Tie) bool { return t.OnBehalf != "" }) {
		return ties // the usual large dataset: no index of a million keys for nothing
	}
	idx := make(map[graph.TieKey]int, len(ties))
	for i, t := range ties {
		idx[t.Key()] = i
	}
	n := len(ties)
	for i := 0; i < n; i++ {
		t := ties[i]
		if t.OnBehalf == "" {
			continue
		}
		if !slices.Contains(speaks[t.From], t.OnBehalf) {
			v.probs.add(t.Origin, "tie %s %s→%s is made on behalf of %s, but %s has no SPEAKS_FOR tie to %s: add it, or fix on_behalf", t.Type, t.From, t.To, t.OnBehalf, t.From, t.OnBehalf)
			continue
		}
		d := t
		d.From, d.OnBehalf = t.OnBehalf, ""
		d.Evidence = slices.Clone(t.Evidence)
		if spec, _ := graph.LookupRel(string(d.Type)); !spec.Allows(true, v.entByID[d.From].Kind) {
			v.probs.add(t.Origin, "tie %s %s→%s is made on behalf of %s, which is of kind %s: %s does not take it at its from end", t.Type, t.From, t.To, t.OnBehalf, v.entByID[d.From].Kind, t.Type)
			continue
		}
		if j, ok := idx[d.Key()]; ok {
			v.merge(&ties[j], d)
			continue
		}
		idx[d.Key()] = len(ties)
		ties = append(ties, d)
	}
	return ties
}

// successionCycles refuses a line of succession that comes back to where
// it started: a body cannot be its own predecessor.
func (v *validator) successionCycles(ties []graph.Tie) {
	next := map[string][]graph.Tie{}
	for _, t := range ties {
		if t.Type == graph.Succeeds && !t.Proposal {
			next[t.From] = append(next[t.From], t)
		}
	}
	const (
		unseen = iota
		open
		done
	)
	state := map[string]int{}
	var path []string
	var walk func(id string)
	walk = func(id string) {
		state[id] = open
		path = append(path, id)
		for _, t := range next[id] {
			switch state[t.To] {
			case open:
				at := slices.Index(path, t.To)
				v.probs.add(t.Origin, "SUCCEEDS runs in a circle: %s: a body cannot succeed its own successor; fix the direction (from the successor to its predecessor)", strings.Join(append(slices.Clone(path[at:]), t.To), " → "))
			case unseen:
				walk(t.To)
			}
		}
		path = path[:len(path)-1]
		state[id] = done
	}
	for _, id := range slices.Sorted(maps.Keys(next)) {
		if state[id] == unseen {
			walk(id)
		}
	}
}
