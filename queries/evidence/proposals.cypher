// name: proposals
// title: Proposals and recommendations, kept apart from stated facts
// pack: evidence
// description: Every tie a source proposes or recommends rather than states as done (proposal =
//   true): what an author says a state or body should do, and plans still being drafted or set
//   up. Every other report leaves these out. With actor, only proposals involving that actor at
//   either end, or, for a state, one of its agencies (AGENCY_OF); with source, only proposals that
//   source makes.
// param: actor (entity): only proposals involving this actor (or its agencies)
// param: source (string): only proposals from this source id
// columns: from, from_name, tie, to, to_name, status, role, years, evidence
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.proposal AND ($source IS NULL OR $source IN r.sources)
OPTIONAL MATCH (a)-[:AGENCY_OF]->(as:Country)
OPTIONAL MATCH (b)-[:AGENCY_OF]->(bs:Country)
WITH a, r, b, as, bs
WHERE $actor IS NULL OR $actor IN [a.id, b.id, as.id, bs.id]
RETURN a.id AS from, a.name AS from_name, type(r) AS tie, b.id AS to, b.name AS to_name, r.status AS status, r.role AS role,
       CASE WHEN r.year IS NOT NULL THEN toString(r.year) WHEN r.since IS NULL AND r.until IS NULL THEN 'signed ' + toString(r.signed)
  ELSE coalesce('signed ' + toString(r.signed) + ', ', '') + coalesce(toString(r.since), '') + '–' + coalesce(toString(r.until), '') END AS years,
       [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
ORDER BY tie, from, to
