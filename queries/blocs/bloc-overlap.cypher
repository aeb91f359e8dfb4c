// name: bloc-overlap
// title: The overlap between blocs: shared members
// pack: blocs
// description: Pairs of mechanisms of one kind (blocs by default) that share members, with the
//   camp of each (camp rule below; empty when no anchor stands behind it), how many members they
//   share and who. Members are MEMBER_OF ties with status founding, full or associate (or none,
//   unless a partner role) and PARTY_TO ties as party or signatory: dialogue partners, observers,
//   applicants, partner countries and withdrawn parties are not members, and proposals do not
//   count. Under as_of both ties must be in force in that year; undated ties count as always in
//   force. The largest overlaps come first, ties broken by id.
// param: kind (kind, default Bloc): the kind of mechanism compared
// param: limit (int, default 50): how many pairs to return (at most 200)
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: a, a_name, a_camps, b, b_name, b_camps, shared, members, evidence
// bound: at most 200 pairs (limit is capped at 200)
MATCH (a:Entity)<-[r1:MEMBER_OF|PARTY_TO]-(x:Entity)-[r2:MEMBER_OF|PARTY_TO]->(b:Entity)
WHERE a.kind = $kind AND b.kind = $kind AND a.id < b.id
  AND NOT r1.proposal AND NOT r2.proposal
  AND (NOT coalesce(r1.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r1) <> 'MEMBER_OF' OR NOT coalesce(r1.role, '') STARTS WITH 'partner'))
  AND (NOT coalesce(r2.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r2) <> 'MEMBER_OF' OR NOT coalesce(r2.role, '') STARTS WITH 'partner'))
  AND ($as_of IS NULL OR (coalesce(r1.signed, r1.since, r1.year, $as_of) <= $as_of AND coalesce(r1.until, $as_of) >= $as_of))
  AND ($as_of IS NULL OR (coalesce(r2.signed, r2.since, r2.year, $as_of) <= $as_of AND coalesce(r2.until, $as_of) >= $as_of))
WITH a, b, x, collect(DISTINCT r1) + collect(DISTINCT r2) AS rs
ORDER BY x.id
WITH a, b, count(x) AS shared, collect(x.id) AS members, reduce(acc = [], l IN collect(rs) | acc + l) AS ties
ORDER BY shared DESC, a.id, b.id
LIMIT CASE WHEN $limit > 200 THEN 200 WHEN $limit < 0 THEN 0 ELSE $limit END
CALL (a) {
WITH a AS m
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
CALL (b) {
WITH b AS m
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
RETURN a.id AS a, a.name AS a_name, a_camps, b.id AS b, b.name AS b_name, b_camps, shared, members,
       reduce(acc = [], r IN ties | acc + [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}]) AS evidence
ORDER BY shared DESC, a, b
