// name: hedgers
// title: Hedgers: states in both the US-aligned and the China-led camp
// pack: blocs
// description: The states that belong to, are party to (party or signatory), take part in or
//   endorse at least one US-aligned and at least one China-led mechanism, themselves or through
//   their own agencies (AGENCY_OF), each camp following the camp rule below. Dialogue partners,
//   observers, applicants, partner countries, withdrawn parties and proposals do not count, so a
//   BRICS partner country or an SCO dialogue partner is not a hedger on that account. alignment =
//   (US-aligned − China-led) / (US-aligned + China-led) counts mechanisms; near 0 is an even
//   hedge. Under as_of only ties in force in that year count; undated ties count as always in
//   force. Evidence covers the ties to both camps' mechanisms.
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: state, state_name, us_aligned, china_led, alignment, evidence
// bound: bodies under an agency are followed at most 2 PART_OF steps down; the camp rule follows PART_OF and AGENCY_OF at most 2 steps
MATCH (s:Country)
CALL (s) {
  RETURN s AS actor
  UNION
  MATCH (s)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(g:Agency)
  WHERE NOT ao.proposal AND all(x IN po WHERE NOT x.proposal)
  RETURN DISTINCT g AS actor
}
MATCH (actor)-[r:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|ENDORSES]->(m:Entity)
WHERE NOT r.proposal
  AND (NOT coalesce(r.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r) <> 'MEMBER_OF' OR NOT coalesce(r.role, '') STARTS WITH 'partner'))
  AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
WITH m, collect({s: s, ev: [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}]}) AS ties
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
WITH t.s AS s, camp, m, t.ev AS ev
ORDER BY m.id
WITH s, camp, collect(DISTINCT m.id) AS ms, reduce(acc = [], e IN collect(ev) | acc + e) AS ev
WITH s, collect({camp: camp, ms: ms}) AS camps, reduce(acc = [], e IN collect(ev) | acc + e) AS evidence
WITH s, evidence,
     coalesce(head([c IN camps WHERE c.camp = 'us-aligned' | c.ms]), []) AS us,
     coalesce(head([c IN camps WHERE c.camp = 'china-led' | c.ms]), []) AS cn
WHERE size(us) > 0 AND size(cn) > 0
RETURN s.id AS state, s.name AS state_name, us AS us_aligned, cn AS china_led,
       toFloat(size(us) - size(cn)) / (size(us) + size(cn)) AS alignment, evidence
ORDER BY abs(alignment), state
