// name: camps
// title: Which camp each mechanism is in, and why
// pack: blocs
// description: Every mechanism the camp rule below places in a camp (US-aligned, China-led,
//   ASEAN-centred, multilateral; a mechanism may be in several), with the ties that stand behind
//   it: who leads it, initiated it or is a founding member (LEADS, INITIATED, MEMBER_OF founding),
//   on the mechanism itself and on the mechanisms it is PART_OF up to 2 levels up, and those
//   PART_OF ties. An analyst can check each camp against these ties. Proposals never count; the
//   rule reads ties whatever their years.
// param: camp (string): only this camp (us-aligned, china-led, asean-centred or multilateral)
// columns: mechanism, mechanism_name, mechanism_kind, camps, part_of, backers, evidence
// bound: the camp rule follows PART_OF and AGENCY_OF at most 2 steps
MATCH (m:Bloc|Organisation|Forum|Initiative|Agreement|Framework|Strategy|Project)
CALL (m) {
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
RETURN collect(camp) AS camps
}
WITH m, camps
WHERE size(camps) > 0 AND ($camp IS NULL OR $camp IN camps)
CALL (m) {
  MATCH up = (m)-[:PART_OF*0..2]->(p:Entity)
  WHERE all(x IN relationships(up) WHERE NOT x.proposal)
  OPTIONAL MATCH (a:Entity)-[r:LEADS|INITIATED|MEMBER_OF]->(p)
  WHERE NOT r.proposal AND (type(r) <> 'MEMBER_OF' OR r.status = 'founding')
  WITH p, up, a, r
  ORDER BY p.id, a.id
  WITH collect(DISTINCT p) AS ps,
       collect(DISTINCT a.id + CASE type(r) WHEN 'LEADS' THEN ' leads ' WHEN 'INITIATED' THEN ' initiated ' ELSE ' founded ' END + p.id) AS backers,
       collect(DISTINCT r) + reduce(rs = [], u IN collect(up) | rs + relationships(u)) AS ties
  RETURN [x IN ps WHERE x <> m | x.id] AS part_of, backers,
         reduce(acc = [], x IN ties | acc + [i IN range(0, size(coalesce(x.ev_source, [])) - 1) | {source: x.ev_source[i], kind: x.ev_kind[i],
  locator: CASE x.ev_kind[i] WHEN 'document' THEN 'line ' + toString(x.ev_line[i]) + ', ' + x.ev_section[i] ELSE x.ev_locator[i] END,
  quote: CASE x.ev_quote[i] WHEN '' THEN null ELSE x.ev_quote[i] END}]) AS evidence
}
RETURN m.id AS mechanism, m.name AS mechanism_name, m.kind AS mechanism_kind, camps, part_of, backers, evidence
ORDER BY mechanism
