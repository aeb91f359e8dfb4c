// name: whole-graph
// title: The whole graph that centrality and communities are measured on
// pack: analytics
// description: Every entity and every stated tie between two entities, one row per unordered
//   pair (source < target by id). Every relationship type counts, whatever its direction and
//   status (observers, dialogue partners, applicants and rivals are stated ties too): weight is
//   the number of ties between the two, and the graph is undirected. Left out: proposals
//   (what a document recommends rather than states as done) and the Source nodes evidence
//   cites. Under as_of only ties in force that year count (start = coalesce(signed, since,
//   year) null or ≤ as_of, until null or ≥ as_of); undated ties count as always in force.
//   since/until is the spell of the pair's ties: the earliest start and latest end, null when
//   some tie between them is undated.
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: source, target, weight, types, since, until
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a <> b AND NOT coalesce(r.proposal, false)
  AND ($as_of IS NULL OR ((coalesce(r.signed, r.since, r.year) IS NULL OR coalesce(r.signed, r.since, r.year) <= $as_of)
                          AND (r.until IS NULL OR r.until >= $as_of)))
WITH CASE WHEN a.id < b.id THEN a.id ELSE b.id END AS source, CASE WHEN a.id < b.id THEN b.id ELSE a.id END AS target,
     type(r) AS type, coalesce(r.signed, r.since, r.year) AS start, r.until AS end
WITH source, target, count(*) AS weight, collect(DISTINCT type) AS types,
     CASE WHEN count(start) < count(*) THEN null ELSE min(start) END AS since,
     CASE WHEN count(end) < count(*) THEN null ELSE max(end) END AS until
RETURN source, target, toFloat(weight) AS weight, types, since, until
ORDER BY source, target
