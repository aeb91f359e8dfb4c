// name: evidence-between
// title: Evidence linking two actors
// pack: evidence
// description: Every stated tie between two actors, in either direction, one row per piece of evidence: the source, where in it, the quote, and whether the source is one of the documents or an outside source. Proposals are marked.
// param: a (entity, default SG): an actor, by id, English or Chinese name, or alias
// param: b (entity, default US): the other actor, likewise
// plan: a CartesianProduct of the two id lookups (one row each), then Expand(Into) between them
// columns: from, type, to, years, proposal, source, source_kind, locator, quote
MATCH (x:Entity {id: $a})
MATCH (y:Entity {id: $b})
MATCH (x)-[r]-(y)
WITH startNode(r) AS s, r, endNode(r) AS e
UNWIND range(0, size(r.ev_source) - 1) AS i
RETURN s.id AS from, type(r) AS type, e.id AS to,
       coalesce(toString(r.year), toString(r.since) + '–' + coalesce(toString(r.until), ''), '') AS years,
       r.proposal AS proposal,
       r.ev_source[i] AS source, r.ev_kind[i] AS source_kind,
       CASE WHEN r.ev_line[i] > 0 THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END AS locator,
       r.ev_quote[i] AS quote
ORDER BY type, from, to, source, locator
