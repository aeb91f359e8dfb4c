// name: laws-and-strategies
// title: A state's laws and strategies, with their years
// pack: governance
// description: The laws and regulations a state enacted (ENACTED), and the strategies, plans and
//   frameworks it or one of its agencies (AGENCY_OF, with bodies PART_OF them) adopted (ADOPTED),
//   with the year the tie records (blank when the source gives none), who adopted it, and the
//   instruments PART_OF it. Drafts and plans a source only proposes are left out (see
//   proposals). Under as_of only ties in force in that year count; undated ties count as always in
//   force.
// param: state (state, default VN): the state
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: kind, item, item_name, item_name_zh, category, by, tie, year, parts, evidence
// bound: bodies under an agency are followed at most 2 PART_OF steps down
MATCH (s:Entity:Country {id: $state})
CALL (s) {
  RETURN s AS x
  UNION
  MATCH (s)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(g:Agency)
  WHERE NOT ao.proposal AND all(p IN po WHERE NOT p.proposal)
  RETURN g AS x
}
MATCH (x)-[r:ENACTED|ADOPTED]->(i:Law|Strategy|Framework)
WHERE NOT r.proposal AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
CALL (i) {
  OPTIONAL MATCH (i)<-[p:PART_OF]-(part:Entity)
  WHERE NOT p.proposal
  WITH part ORDER BY part.id
  RETURN collect(part.id) AS parts
}
RETURN i.kind AS kind, i.id AS item, i.name AS item_name, i.name_zh AS item_name_zh, i.category AS category,
       x.id AS by, type(r) AS tie, coalesce(r.signed, r.since, r.year) AS year, parts,
       [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
ORDER BY kind, year, item, by
