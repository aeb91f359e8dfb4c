// name: funding-and-capacity
// title: Who funds or builds capacity for whom
// pack: cooperation
// description: Every stated funding (FUNDS) and capacity-building or training (BUILDS_CAPACITY)
//   tie: who gives, to whom, in what domain and when. An agency's row names the state it belongs
//   to, on either side, and asking for a state also finds its agencies' ties. Without actor every
//   tie is listed. Proposals are left out (see proposals). Under as_of only ties in force in that
//   year count; undated ties count as always in force.
// param: actor (entity): only ties where this actor (or, for a state, one of its agencies) gives or receives
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: giver, giver_name, giver_state, tie, recipient, recipient_name, recipient_kind, recipient_state, domain, years, evidence
MATCH (g:Entity)-[r:FUNDS|BUILDS_CAPACITY]->(t:Entity)
WHERE NOT r.proposal AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
OPTIONAL MATCH (g)-[:AGENCY_OF]->(gs:Country)
OPTIONAL MATCH (t)-[:AGENCY_OF]->(ts:Country)
WITH g, r, t, gs, ts
WHERE $actor IS NULL OR $actor IN [g.id, t.id, gs.id, ts.id]
RETURN g.id AS giver, g.name AS giver_name, gs.id AS giver_state, type(r) AS tie,
       t.id AS recipient, t.name AS recipient_name, t.kind AS recipient_kind, ts.id AS recipient_state,
       r.domain AS domain,
       CASE WHEN r.year IS NOT NULL THEN toString(r.year) WHEN r.since IS NULL AND r.until IS NULL THEN 'signed ' + toString(r.signed)
  ELSE coalesce('signed ' + toString(r.signed) + ', ', '') + coalesce(toString(r.since), '') + '–' + coalesce(toString(r.until), '') END AS years,
       [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
ORDER BY tie, giver, recipient
