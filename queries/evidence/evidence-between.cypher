// name: evidence-between
// title: Evidence linking two actors
// pack: evidence
// description: Every stated tie between two actors, in either direction and of any type, one row
//   per piece of evidence: the tie, its status and years, the source, whether it is one of the
//   documents or an outside source, where in it (line and section for a document, the stored
//   locator for an outside source) and the quote. Proposals are kept and marked (proposal = true)
//   so that nothing linking the two is hidden; every other report leaves them out.
// param: a (entity, default SG): an actor
// param: b (entity, default US): the other actor
// columns: from, type, to, status, years, proposal, source, source_kind, locator, quote
MATCH (x:Entity {id: $a})
CALL (x) {
  MATCH (y:Entity {id: $b})
  RETURN y
}
MATCH (x)-[r]-(y)
WITH startNode(r) AS s, r, endNode(r) AS e
UNWIND [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS ev
RETURN s.id AS from, type(r) AS type, e.id AS to, r.status AS status,
       CASE WHEN r.year IS NOT NULL THEN toString(r.year) WHEN r.since IS NULL AND r.until IS NULL THEN 'signed ' + toString(r.signed)
  ELSE coalesce('signed ' + toString(r.signed) + ', ', '') + coalesce(toString(r.since), '') + '–' + coalesce(toString(r.until), '') END AS years,
       r.proposal AS proposal, ev.source AS source, ev.kind AS source_kind, ev.locator AS locator, ev.quote AS quote
ORDER BY type, from, to, source, locator
