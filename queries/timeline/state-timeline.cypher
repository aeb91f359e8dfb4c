// name: state-timeline
// title: What a state joined, signed, enacted and launched, year by year
// pack: timeline
// description: A state's dated events between two years, itself or through its own agencies
//   (AGENCY_OF, with bodies PART_OF them; via names the agency): memberships it took up or left,
//   agreements it signed, became party to or withdrew from, laws it enacted, strategies it
//   adopted, mechanisms it launched, led or hosted, MoUs, dialogues and other cooperation,
//   capacity building and funding given or received, endorsements, stated positions (a person's
//   on the state's behalf included) and tier placements. A tie
//   gives one event per recorded year: its signature (signed), its start (since, or the year of
//   a one-off event) and its end (until). Undated ties cannot be placed in a year and are left
//   out; so are proposals.
// param: state (state, default SG): the state
// param: from (int, default 1945): the first year
// param: to (int, default 2025): the last year
// columns: year, event, other, other_name, other_kind, tie, status, via, evidence
// bound: bodies under an agency are followed at most 2 PART_OF steps down
MATCH (s:Entity:Country {id: $state})
CALL (s) {
  RETURN s AS actor, null AS via
  UNION
  MATCH (s)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(g:Agency)
  WHERE NOT ao.proposal AND all(x IN po WHERE NOT x.proposal)
  RETURN DISTINCT g AS actor, g.id AS via
}
MATCH (actor)-[r:MEMBER_OF|PARTY_TO|ENACTED|ADOPTED|INITIATED|LEADS|HOSTS|PARTICIPATES_IN|ENDORSES|STANCE_ON|MOU_WITH|DIALOGUE_WITH|COOPERATES_WITH|BUILDS_CAPACITY|FUNDS|RANKED_IN|BUILT|OPERATES_IN|RIVALS]-(o:Entity)
WHERE NOT r.proposal AND o <> s AND NOT (type(r) = 'OPERATES_IN' AND startNode(r) = actor)
WITH r, o, via, startNode(r) = actor AS out
UNWIND [x IN [CASE WHEN r.signed IS NOT NULL THEN {year: r.signed, phase: 'signed'} END,
              CASE WHEN coalesce(r.since, r.year) IS NOT NULL THEN {year: coalesce(r.since, r.year), phase: 'began'} END,
              CASE WHEN r.until IS NOT NULL THEN {year: r.until, phase: 'ended'} END]
        WHERE x IS NOT NULL AND x.year >= $from AND x.year <= $to] AS e
RETURN e.year AS year,
       CASE
         WHEN e.phase = 'signed' THEN 'signed'
         WHEN e.phase = 'ended' AND type(r) = 'MEMBER_OF' THEN 'left'
         WHEN e.phase = 'ended' AND type(r) = 'PARTY_TO' THEN 'withdrew from'
         WHEN e.phase = 'ended' AND type(r) = 'PARTICIPATES_IN' THEN 'stopped taking part in'
         WHEN e.phase = 'ended' THEN 'ended: ' + toLower(replace(type(r), '_', ' '))
         WHEN type(r) = 'MEMBER_OF' AND r.status = 'founding' THEN 'founding member of'
         WHEN type(r) = 'MEMBER_OF' AND r.status IN ['dialogue_partner', 'observer', 'associate'] THEN 'became ' + replace(r.status, '_', ' ') + ' of'
         WHEN type(r) = 'MEMBER_OF' THEN 'joined'
         WHEN type(r) = 'PARTY_TO' AND r.status = 'applicant' THEN 'applied to join'
         WHEN type(r) = 'PARTY_TO' THEN 'became party to'
         WHEN type(r) = 'ENACTED' THEN 'enacted'
         WHEN type(r) = 'ADOPTED' THEN 'adopted'
         WHEN type(r) = 'INITIATED' THEN 'launched'
         WHEN type(r) = 'LEADS' THEN 'led'
         WHEN type(r) = 'HOSTS' THEN 'hosted'
         WHEN type(r) = 'PARTICIPATES_IN' THEN 'took part in'
         WHEN type(r) = 'ENDORSES' THEN 'endorsed'
         WHEN type(r) = 'STANCE_ON' THEN 'stated it ' + replace(r.status, '_', ' ')
         WHEN type(r) = 'MOU_WITH' THEN 'signed an MoU with'
         WHEN type(r) = 'DIALOGUE_WITH' THEN 'held a dialogue with'
         WHEN type(r) = 'COOPERATES_WITH' THEN 'cooperated with'
         WHEN type(r) = 'BUILDS_CAPACITY' AND out THEN 'built capacity for'
         WHEN type(r) = 'BUILDS_CAPACITY' THEN 'received capacity building from'
         WHEN type(r) = 'FUNDS' AND out THEN 'funded'
         WHEN type(r) = 'FUNDS' THEN 'was funded by'
         WHEN type(r) = 'RANKED_IN' THEN 'was placed in'
         WHEN type(r) = 'BUILT' THEN 'built'
         WHEN type(r) = 'OPERATES_IN' THEN 'was entered by the company'
         WHEN type(r) = 'RIVALS' THEN 'rivalry with'
       END AS event,
       o.id AS other, o.name AS other_name, o.kind AS other_kind, type(r) AS tie, r.status AS status, via,
       [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
ORDER BY year, tie, other, event
