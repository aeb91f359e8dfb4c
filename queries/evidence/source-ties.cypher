// name: source-ties
// title: The ties a source supports
// pack: evidence
// description: Every tie one source (a document or an outside source, by its id) gives evidence
//   for, one row per piece of evidence from that source, with the tie's ends, type, status and
//   years, where in the source (line and section for a document, the stored locator for an
//   outside source) and the quote. Proposals are kept and marked (proposal = true), since a
//   source's proposals are part of what it says. Without source, the first document.
// param: source (string, default 000_fec1530038a11fab): the source id (see the sources report)
// columns: from, from_name, type, to, to_name, status, years, proposal, source, source_kind, locator, quote
MATCH (a:Entity)-[r]->(b:Entity)
WHERE $source IN r.sources
UNWIND [ev IN [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] WHERE ev.source = $source] AS ev
RETURN a.id AS from, a.name AS from_name, type(r) AS type, b.id AS to, b.name AS to_name, r.status AS status,
       CASE WHEN r.year IS NOT NULL THEN toString(r.year) WHEN r.since IS NULL AND r.until IS NULL THEN 'signed ' + toString(r.signed)
  ELSE coalesce('signed ' + toString(r.signed) + ', ', '') + coalesce(toString(r.since), '') + '–' + coalesce(toString(r.until), '') END AS years,
       r.proposal AS proposal, ev.source AS source, ev.kind AS source_kind, ev.locator AS locator, ev.quote AS quote
ORDER BY locator, type, from, to
