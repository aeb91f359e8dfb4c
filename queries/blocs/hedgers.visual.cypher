// visual: hedgers
MATCH (s:Country)
CALL (s) {
  RETURN s AS actor, null AS link
  UNION
  MATCH link = (s)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(g:Agency)
  WHERE NOT ao.proposal AND all(x IN po WHERE NOT x.proposal)
  RETURN g AS actor, link
}
MATCH p = (actor)-[r:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|ENDORSES]->(m:Entity)
WHERE NOT r.proposal
  AND (NOT coalesce(r.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r) <> 'MEMBER_OF' OR NOT coalesce(r.role, '') STARTS WITH 'partner'))
  AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
WITH m, collect({s: s, p: p, link: link}) AS ties
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
WITH m, camp, ties
WHERE camp IN ['us-aligned', 'china-led']
UNWIND ties AS t
WITH t.s AS s, camp, t.p AS p, t.link AS link
WITH s, collect(DISTINCT camp) AS camps, collect(p) + collect(link) AS paths
WHERE size(camps) = 2
UNWIND paths AS path
RETURN path
