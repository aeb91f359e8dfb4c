// name: bloc-members
// title: The blocs and initiatives of a camp, with their members and years
// pack: blocs
// description: Every bloc, organisation, forum, initiative, agreement or framework in a camp
//   (US-aligned by default) with everyone tied to it as member (MEMBER_OF), party or signatory
//   (PARTY_TO), participant (PARTICIPATES_IN) or endorser (ENDORSES), with status, role and years.
//   member is true only for MEMBER_OF and PARTY_TO ties that make a member: dialogue partners,
//   observers, applicants, partner countries and withdrawn parties are listed with member =
//   false. A mechanism with no such tie is listed once with empty member columns. Camps follow
//   the camp rule below (never a hand-typed label). Proposals are left out. Under as_of only ties
//   in force in that year count; undated ties count as always in force.
// param: camp (string, default us-aligned): us-aligned, china-led, asean-centred or multilateral
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: mechanism, mechanism_name, mechanism_kind, member, member_name, member_kind, tie, status, role, is_member, years, evidence
// bound: the camp rule follows PART_OF and AGENCY_OF at most 2 steps
MATCH (m:Bloc|Organisation|Forum|Initiative|Agreement|Framework)
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
WITH m, camp
WHERE camp = $camp
OPTIONAL MATCH (m)<-[r:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|ENDORSES]-(x:Entity)
WHERE NOT r.proposal AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
RETURN m.id AS mechanism, m.name AS mechanism_name, m.kind AS mechanism_kind,
       x.id AS member, x.name AS member_name, x.kind AS member_kind,
       type(r) AS tie, r.status AS status, r.role AS role,
       type(r) IN ['MEMBER_OF', 'PARTY_TO'] AND (NOT coalesce(r.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r) <> 'MEMBER_OF' OR NOT coalesce(r.role, '') STARTS WITH 'partner')) AS is_member,
       CASE WHEN r.year IS NOT NULL THEN toString(r.year) WHEN r.since IS NULL AND r.until IS NULL THEN 'signed ' + toString(r.signed)
  ELSE coalesce('signed ' + toString(r.signed) + ', ', '') + coalesce(toString(r.since), '') + '–' + coalesce(toString(r.until), '') END AS years,
       CASE WHEN r IS NULL THEN [] ELSE [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] END AS evidence
ORDER BY mechanism, is_member DESC, member
