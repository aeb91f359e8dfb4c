// name: cooperation-by-year
// title: Cooperation by year
// pack: cooperation
// description: The stated cooperation ties that began in each year of a span: MoUs, dialogues,
//   other cooperation, memberships, signatures and accessions, participation, hosting, leading,
//   initiating, endorsing, capacity building, funding, companies operating in a state and
//   building projects. A tie's year is its signature year, else its start, else the year of the
//   one-off event; undated ties cannot be placed in a year and are left out. Dialogue partners,
//   observers and applicants are kept with their status. Proposals are left out (see proposals).
// param: from (int, default 2014): the first year
// param: to (int, default 2025): the last year
// param: actor (entity): only ties of this actor (or, for a state, of its agencies)
// columns: year, from_id, from_name, tie, to_id, to_name, status, role, years, evidence
MATCH (a:Entity)-[r:MOU_WITH|DIALOGUE_WITH|COOPERATES_WITH|MEMBER_OF|PARTY_TO|PARTICIPATES_IN|HOSTS|LEADS|INITIATED|ENDORSES|BUILDS_CAPACITY|FUNDS|OPERATES_IN|BUILT]->(b:Entity)
WHERE NOT r.proposal AND coalesce(r.signed, r.since, r.year) >= $from AND coalesce(r.signed, r.since, r.year) <= $to
OPTIONAL MATCH (a)-[:AGENCY_OF]->(as:Country)
OPTIONAL MATCH (b)-[:AGENCY_OF]->(bs:Country)
WITH a, r, b, as, bs
WHERE $actor IS NULL OR $actor IN [a.id, b.id, as.id, bs.id]
RETURN coalesce(r.signed, r.since, r.year) AS year, a.id AS from_id, a.name AS from_name, type(r) AS tie,
       b.id AS to_id, b.name AS to_name, r.status AS status, r.role AS role,
       CASE WHEN r.year IS NOT NULL THEN toString(r.year) WHEN r.since IS NULL AND r.until IS NULL THEN 'signed ' + toString(r.signed)
  ELSE coalesce('signed ' + toString(r.signed) + ', ', '') + coalesce(toString(r.since), '') + '–' + coalesce(toString(r.until), '') END AS years,
       [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
ORDER BY year, tie, from_id, to_id
