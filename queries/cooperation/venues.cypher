// name: venues
// title: Where things happen: the places forums were held in, what sits there and what links them
// pack: cooperation
// description: Each place (Place) with the state or region it lies in (LOCATED_IN), the forums,
//   meetings and exercises held there with their years (HELD_IN), the bodies and projects located
//   there, and the cables and corridors that connect it (CONNECTS), with the other ends those
//   projects connect. States that forums were held in or projects connect, without a named
//   place, are listed too (place_kind Country). held reads `forum (year)`, connects `cable to
//   other ends`. With state, only the places in that state (and the state itself). Proposals are
//   left out.
// param: state (state): only places in this state, and the state itself
// columns: place, place_name, place_kind, in, held, located, connects, evidence
// bound: places are followed at most 3 LOCATED_IN steps up to their state
MATCH (pl:Entity)
WHERE (pl:Place OR (pl:Country AND EXISTS { (pl)<-[:HELD_IN|CONNECTS]-() }))
  AND ($state IS NULL OR pl.id = $state OR EXISTS { (pl)-[:LOCATED_IN*1..3]->(:Entity {id: $state}) })
CALL (pl) {
  OPTIONAL MATCH (pl)-[r:LOCATED_IN]->(up:Entity)
  WHERE NOT r.proposal
  RETURN collect(up.id) AS in, collect(r) AS in_ties
}
CALL (pl) {
  OPTIONAL MATCH (x:Entity)-[r:HELD_IN]->(pl)
  WHERE NOT r.proposal
  WITH x, r ORDER BY r.year, x.id
  RETURN collect(x.id + coalesce(' (' + toString(r.year) + ')', '')) AS held, collect(r) AS held_ties
}
CALL (pl) {
  OPTIONAL MATCH (x:Entity)-[r:LOCATED_IN]->(pl)
  WHERE NOT r.proposal AND NOT x:Place
  WITH x, r ORDER BY x.id
  RETURN collect(x.id) AS located, collect(r) AS located_ties
}
CALL (pl) {
  OPTIONAL MATCH (pr:Project)-[r:CONNECTS]->(pl)
  WHERE NOT r.proposal
  CALL (pr, pl) {
    OPTIONAL MATCH (pr)-[:CONNECTS]->(other:Entity)
    WHERE other <> pl
    RETURN collect(other.id) AS others
  }
  WITH pr, r, others ORDER BY pr.id
  RETURN collect(pr.id + CASE WHEN size(others) > 0 THEN ' to ' + reduce(s = '', o IN others | s + CASE s WHEN '' THEN '' ELSE ', ' END + o) ELSE '' END) AS connects,
         collect(r) AS connect_ties
}
WITH pl, in, held, located, connects, in_ties + held_ties + located_ties + connect_ties AS ties
RETURN pl.id AS place, pl.name AS place_name, pl.kind AS place_kind, in, held, located, connects,
       reduce(acc = [], r IN ties | acc + [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}]) AS evidence
ORDER BY place_kind DESC, place
