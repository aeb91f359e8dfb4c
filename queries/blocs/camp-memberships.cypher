// name: camp-memberships
// title: Each state's memberships by camp, with an alignment index
// pack: blocs
// description: For each state, the mechanisms of each camp it belongs to, is party to (party or
//   signatory), takes part in or endorses, itself or through its own agencies (AGENCY_OF): US-
//   aligned, China-led, ASEAN-centred and multilateral (UN), each camp following the camp rule
//   below. A mechanism in two camps counts in both. Dialogue partners, observers, applicants,
//   partner countries, withdrawn parties and proposals do not count. alignment = (US-aligned −
//   China-led) / (US-aligned + China-led), counting mechanisms: 1 means only US-aligned ties, −1
//   only China-led, null neither. States with no tie to any camp are not listed. Under as_of only
//   ties in force in that year count; undated ties count as always in force.
// param: state (state): only this state
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: state, state_name, us_aligned, china_led, asean_centred, multilateral, alignment, us_mechanisms, china_mechanisms, asean_mechanisms, multilateral_mechanisms, evidence
// bound: bodies under an agency are followed at most 2 PART_OF steps down; the camp rule follows PART_OF and AGENCY_OF at most 2 steps
MATCH (s:Country)
WHERE $state IS NULL OR s.id = $state
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
UNWIND ties AS t
WITH t.s AS s, camp, m, t.ev AS ev
ORDER BY m.id
WITH s, camp, collect(DISTINCT m.id) AS ms, reduce(acc = [], e IN collect(ev) | acc + e) AS ev
WITH s, collect({camp: camp, ms: ms}) AS camps, reduce(acc = [], e IN collect(ev) | acc + e) AS evidence
WITH s, evidence,
     coalesce(head([c IN camps WHERE c.camp = 'us-aligned' | c.ms]), []) AS us,
     coalesce(head([c IN camps WHERE c.camp = 'china-led' | c.ms]), []) AS cn,
     coalesce(head([c IN camps WHERE c.camp = 'asean-centred' | c.ms]), []) AS asean,
     coalesce(head([c IN camps WHERE c.camp = 'multilateral' | c.ms]), []) AS un
RETURN s.id AS state, s.name AS state_name, size(us) AS us_aligned, size(cn) AS china_led,
       size(asean) AS asean_centred, size(un) AS multilateral,
       CASE WHEN size(us) + size(cn) = 0 THEN null ELSE toFloat(size(us) - size(cn)) / (size(us) + size(cn)) END AS alignment,
       us AS us_mechanisms, cn AS china_mechanisms, asean AS asean_mechanisms, un AS multilateral_mechanisms, evidence
ORDER BY state
