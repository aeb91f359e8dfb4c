// name: rivalries
// title: Rivalries and competing initiatives, with their evidence
// pack: blocs
// description: Every stated rivalry or competition (RIVALS, undirected) between states,
//   companies, initiatives, frameworks, blocs or forums, with the camp of each side (camp rule
//   below; empty for an actor no anchor stands behind, such as a state), the domain the tie
//   records and its evidence. An agency's side names the state it belongs to. With actor, only
//   rivalries of that actor, or, for a state, of its agencies. Proposals are left out. Under as_of
//   only ties in force in that year count; undated ties count as always in force.
// param: actor (entity): only rivalries of this actor (or of its agencies)
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: a, a_name, a_kind, a_state, a_camps, b, b_name, b_kind, b_state, b_camps, domain, years, evidence
// bound: the camp rule follows PART_OF and AGENCY_OF at most 2 steps
MATCH (x:Entity)-[rv:RIVALS]->(y:Entity)
WHERE NOT rv.proposal AND ($as_of IS NULL OR (coalesce(rv.signed, rv.since, rv.year, $as_of) <= $as_of AND coalesce(rv.until, $as_of) >= $as_of))
OPTIONAL MATCH (x)-[:AGENCY_OF]->(xs:Country)
OPTIONAL MATCH (y)-[:AGENCY_OF]->(ys:Country)
WITH x, y, rv, xs, ys
WHERE $actor IS NULL OR $actor IN [x.id, y.id, xs.id, ys.id]
CALL (x) {
WITH x AS m
// camp rule: begin
// A mechanism m is in a camp when an anchor leads it, initiated it or is a
// founding member (LEADS, INITIATED, MEMBER_OF with status founding), directly
// or through a mechanism m is PART_OF (up to 2 levels up). Anchors: US ->
// us-aligned; CN -> china-led; asean -> asean-centred; un -> multilateral;
// a body PART_OF an anchor or AGENCY_OF it (up to 2 such steps, e.g. a
// Chinese ministry's office, the ASEAN Secretariat, the UN General Assembly)
// stands for that anchor. m is also in the camp of asean or un when it is
// that body or PART_OF it within 2 levels. Proposals never count; ties count
// whatever their years. One row per camp (a mechanism may be in several);
// no row when no anchor stands behind m. Its own variables start with cr_ so
// that they never shadow the variables of the report that copies it.
CALL (m) {
  MATCH cr_up = (m)-[:PART_OF*0..2]->(cr_p:Entity)
  WHERE all(cr_x IN relationships(cr_up) WHERE NOT cr_x.proposal)
  OPTIONAL MATCH (cr_by:Entity)-[cr_tie:LEADS|INITIATED|MEMBER_OF]->(cr_p)
  WHERE NOT cr_tie.proposal AND (type(cr_tie) <> 'MEMBER_OF' OR cr_tie.status = 'founding')
  OPTIONAL MATCH cr_body = (cr_by)-[:PART_OF|AGENCY_OF*0..2]->(cr_o:Entity)
  WHERE cr_o.id IN ['US', 'CN', 'asean', 'un'] AND all(cr_x IN relationships(cr_body) WHERE NOT cr_x.proposal)
  WITH cr_p, collect(cr_o.id) AS cr_anchors
  UNWIND cr_anchors + [cr_p.id] AS cr_anchor
  WITH CASE cr_anchor
    WHEN 'US' THEN 'us-aligned' WHEN 'CN' THEN 'china-led'
    WHEN 'asean' THEN 'asean-centred' WHEN 'un' THEN 'multilateral'
  END AS camp
  WHERE camp IS NOT NULL
  RETURN DISTINCT camp
}
// camp rule: end
RETURN collect(camp) AS a_camps
}
CALL (y) {
WITH y AS m
// camp rule: begin
// A mechanism m is in a camp when an anchor leads it, initiated it or is a
// founding member (LEADS, INITIATED, MEMBER_OF with status founding), directly
// or through a mechanism m is PART_OF (up to 2 levels up). Anchors: US ->
// us-aligned; CN -> china-led; asean -> asean-centred; un -> multilateral;
// a body PART_OF an anchor or AGENCY_OF it (up to 2 such steps, e.g. a
// Chinese ministry's office, the ASEAN Secretariat, the UN General Assembly)
// stands for that anchor. m is also in the camp of asean or un when it is
// that body or PART_OF it within 2 levels. Proposals never count; ties count
// whatever their years. One row per camp (a mechanism may be in several);
// no row when no anchor stands behind m. Its own variables start with cr_ so
// that they never shadow the variables of the report that copies it.
CALL (m) {
  MATCH cr_up = (m)-[:PART_OF*0..2]->(cr_p:Entity)
  WHERE all(cr_x IN relationships(cr_up) WHERE NOT cr_x.proposal)
  OPTIONAL MATCH (cr_by:Entity)-[cr_tie:LEADS|INITIATED|MEMBER_OF]->(cr_p)
  WHERE NOT cr_tie.proposal AND (type(cr_tie) <> 'MEMBER_OF' OR cr_tie.status = 'founding')
  OPTIONAL MATCH cr_body = (cr_by)-[:PART_OF|AGENCY_OF*0..2]->(cr_o:Entity)
  WHERE cr_o.id IN ['US', 'CN', 'asean', 'un'] AND all(cr_x IN relationships(cr_body) WHERE NOT cr_x.proposal)
  WITH cr_p, collect(cr_o.id) AS cr_anchors
  UNWIND cr_anchors + [cr_p.id] AS cr_anchor
  WITH CASE cr_anchor
    WHEN 'US' THEN 'us-aligned' WHEN 'CN' THEN 'china-led'
    WHEN 'asean' THEN 'asean-centred' WHEN 'un' THEN 'multilateral'
  END AS camp
  WHERE camp IS NOT NULL
  RETURN DISTINCT camp
}
// camp rule: end
RETURN collect(camp) AS b_camps
}
RETURN x.id AS a, x.name AS a_name, x.kind AS a_kind, xs.id AS a_state, a_camps,
       y.id AS b, y.name AS b_name, y.kind AS b_kind, ys.id AS b_state, b_camps,
       rv.domain AS domain,
       CASE WHEN rv.year IS NOT NULL THEN toString(rv.year) WHEN rv.since IS NULL AND rv.until IS NULL THEN 'signed ' + toString(rv.signed)
  ELSE coalesce('signed ' + toString(rv.signed) + ', ', '') + coalesce(toString(rv.since), '') + '–' + coalesce(toString(rv.until), '') END AS years,
       [i IN range(0, size(coalesce(rv.ev_source, [])) - 1) | {source: rv.ev_source[i], kind: rv.ev_kind[i],
  locator: CASE rv.ev_kind[i] WHEN 'document' THEN 'line ' + toString(rv.ev_line[i]) + ', ' + rv.ev_section[i] ELSE rv.ev_locator[i] END,
  quote: CASE rv.ev_quote[i] WHEN '' THEN null ELSE rv.ev_quote[i] END}] AS evidence
ORDER BY a, b
