// name: governance-tiers
// title: States by governance tier, each tier scheme apart, with their agencies, laws and strategies
// pack: governance
// description: The member states of a group (ASEAN by default; founding, full or associate members,
//   not dialogue partners or observers) placed in a tier (RANKED_IN), one row per state and tier
//   scheme. Schemes are never merged: each row names its scheme (the Tier's category, e.g. the
//   first document's three groups, Wei & Hao 2023, against the ITU Global Cybersecurity Index
//   2024), the sources of the placement and its year (the tie's year, else the source's). Beside
//   each placement, the state's agencies (AGENCY_OF, with bodies PART_OF them), the laws it
//   enacted and the strategies it or its agencies adopted, as id (year). With scheme, only
//   schemes whose name contains that text (case-insensitive). Proposals are left out. Under
//   as_of only ties in force in that year count; undated ties count as always in force.
// param: group (entity, default asean): the organisation whose member states are listed
// param: scheme (string): only tier schemes whose name contains this text
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: scheme, scheme_sources, scheme_year, tier, tier_name, state, state_name, agencies, laws, strategies, evidence
// bound: bodies under an agency are followed at most 2 PART_OF steps down
MATCH (grp:Entity {id: $group})<-[ms:MEMBER_OF]-(s:Country)
WHERE NOT ms.proposal AND ms.status IN ['founding', 'full', 'associate'] AND ($as_of IS NULL OR (coalesce(ms.signed, ms.since, ms.year, $as_of) <= $as_of AND coalesce(ms.until, $as_of) >= $as_of))
MATCH (s)-[rk:RANKED_IN]->(t:Tier)
WHERE NOT rk.proposal AND ($as_of IS NULL OR (coalesce(rk.signed, rk.since, rk.year, $as_of) <= $as_of AND coalesce(rk.until, $as_of) >= $as_of))
  AND ($scheme IS NULL OR toLower(t.category) CONTAINS toLower($scheme))
CALL (rk) {
  OPTIONAL MATCH (src:Source)
  WHERE src.id IN rk.sources
  RETURN max(src.year) AS source_year
}
CALL (s) {
  OPTIONAL MATCH (s)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(a:Agency)
  WHERE NOT ao.proposal AND all(x IN po WHERE NOT x.proposal) AND ($as_of IS NULL OR (coalesce(ao.signed, ao.since, ao.year, $as_of) <= $as_of AND coalesce(ao.until, $as_of) >= $as_of))
  WITH DISTINCT a ORDER BY a.id
  RETURN collect(a.id) AS agencies
}
CALL (s) {
  OPTIONAL MATCH (s)-[e:ENACTED]->(l:Law)
  WHERE NOT e.proposal AND ($as_of IS NULL OR (coalesce(e.signed, e.since, e.year, $as_of) <= $as_of AND coalesce(e.until, $as_of) >= $as_of))
  WITH l, e ORDER BY l.id
  RETURN collect(l.id + coalesce(' (' + toString(coalesce(e.signed, e.since, e.year)) + ')', '')) AS laws
}
CALL (s) {
  CALL (s) {
    RETURN s AS x
    UNION
    MATCH (s)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(g:Agency)
    WHERE NOT ao.proposal AND all(p IN po WHERE NOT p.proposal)
    RETURN g AS x
  }
  OPTIONAL MATCH (x)-[ad:ADOPTED]->(st:Strategy)
  WHERE NOT ad.proposal AND ($as_of IS NULL OR (coalesce(ad.signed, ad.since, ad.year, $as_of) <= $as_of AND coalesce(ad.until, $as_of) >= $as_of))
  WITH st, ad ORDER BY st.id
  RETURN collect(DISTINCT st.id + coalesce(' (' + toString(coalesce(ad.signed, ad.since, ad.year)) + ')', '')) AS strategies
}
RETURN t.category AS scheme, rk.sources AS scheme_sources, coalesce(rk.year, source_year) AS scheme_year,
       t.id AS tier, t.name AS tier_name, s.id AS state, s.name AS state_name, agencies, laws, strategies,
       [i IN range(0, size(coalesce(rk.ev_source, [])) - 1) | {source: rk.ev_source[i], kind: rk.ev_kind[i],
  locator: CASE rk.ev_kind[i] WHEN 'document' THEN 'line ' + toString(rk.ev_line[i]) + ', ' + rk.ev_section[i] ELSE rk.ev_locator[i] END,
  quote: CASE rk.ev_quote[i] WHEN '' THEN null ELSE rk.ev_quote[i] END}] AS evidence
ORDER BY scheme, tier, state
