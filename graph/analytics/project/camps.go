package project

import (
	"context"
	"fmt"
	"sort"

	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// campStatement counts each state's memberships (MEMBER_OF, PARTY_TO,
// PARTICIPATES_IN; no proposals, applicants, withdrawn parties, observers
// or dialogue partners; in force under as_of) in the mechanisms of each
// camp. The camp rule: a mechanism's camp follows from who LEADS,
// INITIATED or is a founding MEMBER_OF it, or of what it is PART_OF up to
// two levels up, with the anchors US → us-aligned, CN → china-led, asean
// (and its bodies) → asean-centred, un (and its bodies) → multilateral; a
// mechanism may belong to more than one camp. This is a copy of the rule
// the blocs reports share (queries/rules/camp.cypher) until analytics can
// include it.
const campStatement = `
MATCH (s:Entity:Country)-[r:MEMBER_OF|PARTY_TO|PARTICIPATES_IN]->(m:Entity)
WHERE m.kind IN ['Organisation', 'Bloc', 'Forum', 'Initiative', 'Agreement']
  AND NOT coalesce(r.proposal, false)
  AND NOT coalesce(r.status, '') IN ['applicant', 'withdrawn', 'observer', 'dialogue_partner']
  AND ($as_of IS NULL OR ((coalesce(r.signed, r.since, r.year) IS NULL OR coalesce(r.signed, r.since, r.year) <= $as_of)
                          AND (r.until IS NULL OR r.until >= $as_of)))
WITH DISTINCT s, m
CALL (m) {
  MATCH (m)-[:PART_OF*0..2]->(top:Entity)
  OPTIONAL MATCH (anchor:Entity)-[t:LEADS|INITIATED|MEMBER_OF]->(top)
  WHERE anchor.id IN ['US', 'CN', 'asean', 'un'] AND NOT coalesce(t.proposal, false)
    AND (type(t) <> 'MEMBER_OF' OR t.status = 'founding')
  WITH [x IN collect(DISTINCT anchor.id) + collect(DISTINCT top.id) WHERE x IN ['US', 'CN', 'asean', 'un']] AS anchors
  UNWIND anchors AS a
  WITH DISTINCT CASE a WHEN 'US' THEN 'us-aligned' WHEN 'CN' THEN 'china-led' WHEN 'asean' THEN 'asean-centred' ELSE 'multilateral' END AS camp
  RETURN collect(camp) AS camps
}
UNWIND camps AS camp
WITH s, camp, count(DISTINCT m) AS memberships, collect(DISTINCT m.id) AS through
RETURN s.id AS state, camp, memberships, through
ORDER BY state, memberships DESC, camp
`

// Anchors are the states whose camp is their own, whatever their memberships.
var Anchors = map[string]string{"US": "us-aligned", "CN": "china-led"}

// Camps derives each state's camp: the camp it has most memberships in,
// analytics.Hedger when two or more camps tie for most, and no entry when
// it has none.
func Camps(ctx context.Context, drv neo4j.DriverWithContext, database string, asOf *int) (map[string]string, error) {
	res, err := neo4j.ExecuteQuery(ctx, drv, campStatement, Params(asOf), neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, fmt.Errorf("deriving the camps: %w", err)
	}
	counts := map[string]map[string]int64{}
	for _, r := range res.Records {
		s, camp := str(r.Values[0]), str(r.Values[1])
		if counts[s] == nil {
			counts[s] = map[string]int64{}
		}
		counts[s][camp] = r.Values[2].(int64)
	}
	out := map[string]string{}
	for s, m := range counts {
		out[s] = pick(m)
	}
	for s, c := range Anchors {
		out[s] = c
	}
	return out, nil
}

func pick(m map[string]int64) string {
	camps := make([]string, 0, len(m))
	for c := range m {
		camps = append(camps, c)
	}
	sort.Slice(camps, func(i, j int) bool {
		return m[camps[i]] > m[camps[j]] || (m[camps[i]] == m[camps[j]] && camps[i] < camps[j])
	})
	if len(camps) > 1 && m[camps[0]] == m[camps[1]] {
		return analytics.Hedger
	}
	return camps[0]
}
