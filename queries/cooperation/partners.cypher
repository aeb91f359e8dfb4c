// name: partners
// title: A state's partners and through what
// pack: cooperation
// description: The actors a state is tied to directly (MoU, dialogue, other stated cooperation,
//   capacity building, funding, in either direction), the states it shares a mechanism with (both
//   members, parties or participants of it), and the same ties of the state's own agencies
//   (AGENCY_OF, also through bodies PART_OF them), shown as the state's with the agency named.
//   In a shared mechanism, dialogue partners, observers, applicants, partner countries and
//   withdrawn parties do not count as taking part; proposals are left out everywhere. Under as_of every tie on a row
//   must be in force in that year; undated ties count as always in force. Rivalry is not
//   partnership (see rivalries). A row rests on one tie (through = direct) or on the state's tie
//   and the partner's tie to the shared mechanism (through = its id; tie names both, e.g. MEMBER_OF
//   & PARTY_TO); evidence lists every piece of both. An agency partner names its state.
// param: state (state, default SG): the state
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: partner, partner_name, partner_kind, partner_state, through, through_name, agency, tie, years, evidence
// bound: bodies under an agency are followed at most 2 PART_OF steps down
MATCH (s:Entity:Country {id: $state})
CALL (s) {
  RETURN s AS actor, null AS agency
  UNION
  MATCH (s)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(g:Agency)
  WHERE NOT ao.proposal AND all(x IN po WHERE NOT x.proposal)
  RETURN DISTINCT g AS actor, g.id AS agency
}
CALL (s, actor) {
  MATCH (actor)-[r:MOU_WITH|DIALOGUE_WITH|COOPERATES_WITH|BUILDS_CAPACITY|FUNDS]-(p:Country|Organisation|Agency|Company|Bloc)
  WHERE NOT r.proposal AND p <> s AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
    AND NOT EXISTS { (p)-[:AGENCY_OF]->(s) }
  RETURN p, 'direct' AS through, null AS through_name,
    CASE WHEN type(r) IN ['FUNDS', 'BUILDS_CAPACITY'] AND endNode(r) = actor THEN type(r) + ' (by partner)' ELSE type(r) END AS tie,
    CASE WHEN r.year IS NOT NULL THEN toString(r.year) WHEN r.since IS NULL AND r.until IS NULL THEN 'signed ' + toString(r.signed)
  ELSE coalesce('signed ' + toString(r.signed) + ', ', '') + coalesce(toString(r.since), '') + '–' + coalesce(toString(r.until), '') END AS years,
    [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
  UNION
  MATCH (actor)-[r1:MEMBER_OF|PARTY_TO|PARTICIPATES_IN]->(m:Entity)<-[r2:MEMBER_OF|PARTY_TO|PARTICIPATES_IN]-(p:Country)
  WHERE p <> s AND NOT r1.proposal AND NOT r2.proposal
    AND (NOT coalesce(r1.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r1) <> 'MEMBER_OF' OR NOT coalesce(r1.role, '') STARTS WITH 'partner'))
    AND (NOT coalesce(r2.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r2) <> 'MEMBER_OF' OR NOT coalesce(r2.role, '') STARTS WITH 'partner'))
    AND ($as_of IS NULL OR (coalesce(r1.signed, r1.since, r1.year, $as_of) <= $as_of AND coalesce(r1.until, $as_of) >= $as_of))
    AND ($as_of IS NULL OR (coalesce(r2.signed, r2.since, r2.year, $as_of) <= $as_of AND coalesce(r2.until, $as_of) >= $as_of))
  RETURN p, m.id AS through, m.name AS through_name, type(r1) + ' & ' + type(r2) AS tie,
    CASE WHEN r1.year IS NOT NULL THEN toString(r1.year) WHEN r1.since IS NULL AND r1.until IS NULL THEN 'signed ' + toString(r1.signed)
  ELSE coalesce('signed ' + toString(r1.signed) + ', ', '') + coalesce(toString(r1.since), '') + '–' + coalesce(toString(r1.until), '') END AS years,
    [i IN range(0, size(coalesce(r1.ev_source, [])) - 1) | {source: r1.ev_source[i], kind: r1.ev_kind[i],
  locator: CASE r1.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r1.ev_line[i]) + ', ' + r1.ev_section[i] ELSE r1.ev_locator[i] END,
  quote: CASE r1.ev_quote[i] WHEN '' THEN null ELSE r1.ev_quote[i] END}]
    + [i IN range(0, size(coalesce(r2.ev_source, [])) - 1) | {source: r2.ev_source[i], kind: r2.ev_kind[i],
  locator: CASE r2.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r2.ev_line[i]) + ', ' + r2.ev_section[i] ELSE r2.ev_locator[i] END,
  quote: CASE r2.ev_quote[i] WHEN '' THEN null ELSE r2.ev_quote[i] END}] AS evidence
}
OPTIONAL MATCH (p)-[:AGENCY_OF]->(ps:Country)
RETURN p.id AS partner, p.name AS partner_name, p.kind AS partner_kind, ps.id AS partner_state,
       through, through_name, agency, tie, years, evidence
ORDER BY partner, through, agency, tie
