// name: shared-mechanisms
// title: The mechanisms two actors share
// pack: cooperation
// description: Every organisation, bloc, forum, initiative, agreement, framework or project in
//   which both actors take part: as members (MEMBER_OF), parties or signatories (PARTY_TO),
//   participants (PARTICIPATES_IN), hosts (HOSTS), leaders (LEADS), initiators (INITIATED) or
//   endorsers (ENDORSES), with each side's tie, status and years. A state's own agencies
//   (AGENCY_OF) take part on its behalf: such rows name the agency. Dialogue partners, observers,
//   applicants and partner countries are kept, with member = false, so that a shared mechanism
//   where one side is not a member shows as such. Proposals are left out. Under as_of both ties
//   must be in force in that year; undated ties count as always in force.
// param: a (entity, default SG): one actor
// param: b (entity, default CN): the other actor
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: mechanism, mechanism_name, mechanism_kind, a_via, a_tie, a_status, a_years, b_via, b_tie, b_status, b_years, member, evidence
// bound: bodies under an agency are followed at most 2 PART_OF steps down
MATCH (x:Entity {id: $a})
CALL (x) {
  RETURN x AS xa
  UNION
  MATCH (x)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(g:Agency)
  WHERE NOT ao.proposal AND all(p IN po WHERE NOT p.proposal)
  RETURN DISTINCT g AS xa
}
MATCH (xa)-[r1:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|HOSTS|LEADS|INITIATED|ENDORSES]->(m:Entity)
WHERE NOT r1.proposal AND ($as_of IS NULL OR (coalesce(r1.signed, r1.since, r1.year, $as_of) <= $as_of AND coalesce(r1.until, $as_of) >= $as_of))
CALL (m) {
  MATCH (y:Entity {id: $b})
  RETURN y
}
CALL (y, m) {
  MATCH (y)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(g:Agency)-[r2:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|HOSTS|LEADS|INITIATED|ENDORSES]->(m)
  WHERE NOT ao.proposal AND all(p IN po WHERE NOT p.proposal)
  RETURN g AS yb, r2
  UNION
  MATCH (y)-[r2:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|HOSTS|LEADS|INITIATED|ENDORSES]->(m)
  RETURN y AS yb, r2
}
WITH x, xa, r1, m, y, yb, r2
WHERE x <> y AND NOT r2.proposal AND ($as_of IS NULL OR (coalesce(r2.signed, r2.since, r2.year, $as_of) <= $as_of AND coalesce(r2.until, $as_of) >= $as_of))
RETURN m.id AS mechanism, m.name AS mechanism_name, m.kind AS mechanism_kind,
       xa.id AS a_via, type(r1) AS a_tie, coalesce(r1.status, r1.role) AS a_status,
       CASE WHEN r1.year IS NOT NULL THEN toString(r1.year) WHEN r1.since IS NULL AND r1.until IS NULL THEN 'signed ' + toString(r1.signed)
  ELSE coalesce('signed ' + toString(r1.signed) + ', ', '') + coalesce(toString(r1.since), '') + '–' + coalesce(toString(r1.until), '') END AS a_years,
       yb.id AS b_via, type(r2) AS b_tie, coalesce(r2.status, r2.role) AS b_status,
       CASE WHEN r2.year IS NOT NULL THEN toString(r2.year) WHEN r2.since IS NULL AND r2.until IS NULL THEN 'signed ' + toString(r2.signed)
  ELSE coalesce('signed ' + toString(r2.signed) + ', ', '') + coalesce(toString(r2.since), '') + '–' + coalesce(toString(r2.until), '') END AS b_years,
       type(r1) IN ['MEMBER_OF', 'PARTY_TO'] AND type(r2) IN ['MEMBER_OF', 'PARTY_TO']
         AND (NOT coalesce(r1.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r1) <> 'MEMBER_OF' OR NOT coalesce(r1.role, '') STARTS WITH 'partner'))
         AND (NOT coalesce(r2.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r2) <> 'MEMBER_OF' OR NOT coalesce(r2.role, '') STARTS WITH 'partner')) AS member,
       [i IN range(0, size(coalesce(r1.ev_source, [])) - 1) | {source: r1.ev_source[i], kind: r1.ev_kind[i],
  locator: CASE r1.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r1.ev_line[i]) + ', ' + r1.ev_section[i] ELSE r1.ev_locator[i] END,
  quote: CASE r1.ev_quote[i] WHEN '' THEN null ELSE r1.ev_quote[i] END}]
       + [i IN range(0, size(coalesce(r2.ev_source, [])) - 1) | {source: r2.ev_source[i], kind: r2.ev_kind[i],
  locator: CASE r2.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r2.ev_line[i]) + ', ' + r2.ev_section[i] ELSE r2.ev_locator[i] END,
  quote: CASE r2.ev_quote[i] WHEN '' THEN null ELSE r2.ev_quote[i] END}] AS evidence
ORDER BY mechanism, a_via, a_tie, b_via, b_tie
