// name: participants
// title: Who takes part in a mechanism, with status and years
// pack: cooperation
// description: Everyone tied to a forum, exercise, initiative, organisation, bloc or agreement as
//   a member (MEMBER_OF), party, signatory or applicant (PARTY_TO), participant (PARTICIPATES_IN)
//   or endorser (ENDORSES), with the status, role and years the tie records, and whether the tie
//   makes the actor a member: member is true for MEMBER_OF and PARTY_TO ties except dialogue
//   partners, observers, applicants, partner countries and withdrawn parties. An agency's row
//   names the state it belongs to. For an agreement, signed is the year of signature and since the
//   year of ratification, accession or entry into force. Proposals are left out. Under as_of only
//   ties in force in that year count (a signature counts from its year); undated ties count as
//   always in force.
// param: mechanism (entity, default rcep): the mechanism
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: participant, participant_name, participant_kind, state, tie, status, role, member, signed, since, until, year, evidence
MATCH (m:Entity {id: $mechanism})<-[r:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|ENDORSES]-(x:Entity)
WHERE NOT r.proposal AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
OPTIONAL MATCH (x)-[:AGENCY_OF]->(s:Country)
RETURN x.id AS participant, x.name AS participant_name, x.kind AS participant_kind, s.id AS state,
       type(r) AS tie, r.status AS status, r.role AS role,
       type(r) IN ['MEMBER_OF', 'PARTY_TO'] AND (NOT coalesce(r.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r) <> 'MEMBER_OF' OR NOT coalesce(r.role, '') STARTS WITH 'partner')) AS member,
       r.signed AS signed, r.since AS since, r.until AS until, r.year AS year,
       [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
ORDER BY member DESC, tie, participant
