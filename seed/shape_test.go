package seed

import (
	"testing"

	"github.com/coopgraph/coopgraph/graph"
)

const peopleAndPlaces = `entities:
  - id: fu-cong
    kind: Person
    name: Fu Cong
    name_zh: 傅聰
  - id: nanning
    kind: Place
    name: Nanning
  - id: forum-x
    kind: Forum
    name: Test Forum
  - id: dialogue-x
    kind: Initiative
    name: Test Dialogue
  - id: norms-x
    kind: Framework
    name: Norms X
ties:
  - type: SPEAKS_FOR
    from: fu-cong
    to: SG
    role: envoy for cyber affairs
    year: 2014
    evidence:
      - source: web1
  - type: LOCATED_IN
    from: nanning
    to: SG
    evidence:
      - source: web1
  - type: HELD_IN
    from: forum-x
    to: nanning
    year: 2014
    evidence:
      - source: web1
  - type: INITIATED
    from: fu-cong
    to: dialogue-x
    on_behalf: SG
    proposal: true
    year: 2014
    evidence:
      - source: web1
        locator: proposal one
  - type: STANCE_ON
    from: fu-cong
    to: norms-x
    status: supports
    venue: forum-x
    on_behalf: SG
    evidence:
      - source: web1
        locator: speech
  - type: STANCE_ON
    from: SG
    to: norms-x
    status: supports
    evidence:
      - source: web1
        locator: statement
`

// TestOnBehalf: a person's tie made on behalf of a state is the state's
// tie too, with the person's evidence: added when the dataset does not
// state it, merged into the statement when it does.
func TestOnBehalf(t *testing.T) {
	ds := mustLoad(t, baseFS(t, map[string]string{"people.yaml": peopleAndPlaces}))
	ties := map[graph.TieKey]graph.Tie{}
	for _, x := range ds.Ties {
		ties[x.Key()] = x
	}
	derived, ok := ties[graph.TieKey{Type: graph.Initiated, From: "SG", To: "dialogue-x", Proposal: true}]
	if !ok || derived.Year != 2014 || derived.OnBehalf != "" || len(derived.Evidence) != 1 || derived.Evidence[0].Locator != "proposal one" {
		t.Fatalf("derived state tie: %+v (found %v)", derived, ok)
	}
	if p := ties[graph.TieKey{Type: graph.Initiated, From: "fu-cong", To: "dialogue-x", Proposal: true}]; p.OnBehalf != "SG" {
		t.Fatalf("the person's own tie: %+v", p)
	}
	merged := ties[graph.TieKey{Type: graph.StanceOn, From: "SG", To: "norms-x"}]
	if len(merged.Evidence) != 2 || merged.Evidence[0].Locator != "statement" || merged.Evidence[1].Locator != "speech" || merged.Venue != "forum-x" {
		t.Fatalf("merged state stance: %+v", merged)
	}
	if _, ok := ties[graph.TieKey{Type: graph.Initiated, From: "SG", To: "dialogue-x"}]; ok {
		t.Fatal("a proposal was derived as a done fact")
	}
}
