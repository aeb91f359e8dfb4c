// name: state-agencies
// title: A state's agencies and what each is responsible for
// pack: governance
// description: The state's agencies (AGENCY_OF) and the bodies under them (PART_OF, up to 2
//   levels), each with its category, the agency it sits under, the domain and note the AGENCY_OF
//   tie records, and what it does in the graph: the strategies it adopted, the laws it issued, what
//   it leads, initiated, hosts, funds or takes part in and whom it trains or cooperates with.
//   The graph has no separate responsibility field: the domain, the category, these ties and the
//   evidence quotes (which often state the remit) are what it holds. Proposals are left out,
//   including bodies only proposed. Under as_of only ties in force in that year count; undated
//   ties count as always in force.
// param: state (state, default VN): the state
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: agency, agency_name, agency_name_zh, category, under, domain, note, responsibilities, evidence
// bound: bodies under an agency are followed at most 2 PART_OF steps down
MATCH (s:Entity:Country {id: $state})<-[ao:AGENCY_OF]-(top:Agency)
WHERE NOT ao.proposal AND ($as_of IS NULL OR (coalesce(ao.signed, ao.since, ao.year, $as_of) <= $as_of AND coalesce(ao.until, $as_of) >= $as_of))
MATCH chain = (top)<-[:PART_OF*0..2]-(a:Agency)
WHERE all(x IN relationships(chain) WHERE NOT x.proposal AND ($as_of IS NULL OR (coalesce(x.signed, x.since, x.year, $as_of) <= $as_of AND coalesce(x.until, $as_of) >= $as_of)))
WITH s, a, collect(ao) + reduce(rs = [], c IN collect(chain) | rs + relationships(c)) AS placing
CALL (a) {
  OPTIONAL MATCH (a)-[u:PART_OF]->(up:Agency)
  WHERE NOT u.proposal
  RETURN collect(up.id) AS under
}
CALL (s, a) {
  OPTIONAL MATCH (a)-[own:AGENCY_OF]->(s)
  WHERE NOT own.proposal
  RETURN own.domain AS domain, own.note AS note
}
CALL (a) {
  OPTIONAL MATCH (a)-[d:LEADS|INITIATED|HOSTS|FUNDS|PARTICIPATES_IN|ADOPTED|ENACTED|BUILDS_CAPACITY|COOPERATES_WITH|MOU_WITH|DIALOGUE_WITH|MEMBER_OF|ENDORSES]-(t:Entity)
  WHERE NOT d.proposal AND ($as_of IS NULL OR (coalesce(d.signed, d.since, d.year, $as_of) <= $as_of AND coalesce(d.until, $as_of) >= $as_of))
  WITH d, t ORDER BY type(d), t.id
  RETURN collect(CASE WHEN startNode(d) = a THEN type(d) + ' ' + t.id ELSE t.id + ' ' + type(d) END) AS responsibilities,
         collect(d) AS does
}
WITH a, under, domain, note, responsibilities, [x IN placing WHERE x IS NOT NULL] + does AS ties
RETURN a.id AS agency, a.name AS agency_name, a.name_zh AS agency_name_zh, a.category AS category,
       under, domain, note, responsibilities,
       reduce(acc = [], r IN ties | acc + [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}]) AS evidence
ORDER BY agency
