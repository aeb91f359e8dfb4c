// name: mechanism-profile
// title: A mechanism's profile
// pack: cooperation
// description: Everything the graph states about one forum, initiative, organisation, bloc,
//   agreement or framework, one row per tie: who initiated it, leads it, hosts it, funds it,
//   endorses or co-sponsors it (ENDORSES, role says which), adopted it, built it, its members with
//   their status, parties, participants, the mechanisms it is part of and its own parts, whom it
//   targets and what it rivals, each with the years the tie records. Proposals are left out (see
//   proposals). Under as_of only ties in force in that year count; undated ties count as always
//   in force.
// param: mechanism (entity, default china-asean-cyberspace-forum): the mechanism
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: mechanism, mechanism_name, relation, actor, actor_name, actor_kind, status, role, years, evidence
MATCH (m:Entity {id: $mechanism})-[r:INITIATED|LEADS|HOSTS|FUNDS|ENDORSES|ADOPTED|BUILT|MEMBER_OF|PARTY_TO|PARTICIPATES_IN|PART_OF|TARGETS|RIVALS|AGENCY_OF]-(x:Entity)
WHERE NOT r.proposal AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
WITH m, r, x, startNode(r) = m AS out
WITH m, r, x, CASE
    WHEN type(r) = 'RIVALS' THEN 'rivals'
    WHEN out AND type(r) = 'PART_OF' THEN 'part of'
    WHEN out AND type(r) = 'TARGETS' THEN 'targets'
    WHEN out AND type(r) = 'MEMBER_OF' THEN 'member of'
    WHEN out AND type(r) = 'PARTICIPATES_IN' THEN 'takes part in'
    WHEN out AND type(r) = 'PARTY_TO' THEN 'party to'
    WHEN out THEN toLower(replace(type(r), '_', ' '))
    WHEN type(r) = 'INITIATED' THEN 'initiated by'
    WHEN type(r) = 'LEADS' THEN 'led by'
    WHEN type(r) = 'HOSTS' THEN 'hosted by'
    WHEN type(r) = 'FUNDS' THEN 'funded by'
    WHEN type(r) = 'ENDORSES' AND r.role IN ['co-sponsor', 'co-issuer'] THEN 'co-sponsored by'
    WHEN type(r) = 'ENDORSES' THEN 'endorsed by'
    WHEN type(r) = 'ADOPTED' THEN 'adopted by'
    WHEN type(r) = 'BUILT' THEN 'built by'
    WHEN type(r) = 'MEMBER_OF' THEN 'member'
    WHEN type(r) = 'PARTY_TO' THEN 'party'
    WHEN type(r) = 'PARTICIPATES_IN' THEN 'participant'
    WHEN type(r) = 'PART_OF' THEN 'has part'
    WHEN type(r) = 'AGENCY_OF' THEN 'has agency'
    ELSE toLower(type(r)) END AS relation
RETURN m.id AS mechanism, m.name AS mechanism_name, relation,
       x.id AS actor, x.name AS actor_name, x.kind AS actor_kind, r.status AS status, r.role AS role,
       CASE WHEN r.year IS NOT NULL THEN toString(r.year) WHEN r.since IS NULL AND r.until IS NULL THEN 'signed ' + toString(r.signed)
  ELSE coalesce('signed ' + toString(r.signed) + ', ', '') + coalesce(toString(r.since), '') + '–' + coalesce(toString(r.until), '') END AS years,
       [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
ORDER BY relation, actor
