// name: positions
// title: Who stands where on a framework, norm or concept: supports, advocates, opposes, refuses, withdraws
// pack: blocs
// description: Stated positions (STANCE_ON) on frameworks, norms, agreements, initiatives and
//   governance models, one row per actor and framework: the stance, where it was stated (venue)
//   and when, who stated it (a person speaking on behalf of the actor: via), and, kept apart,
//   whether the actor is also party to the text (PARTY_TO) or formally endorsed it (ENDORSES), so
//   that support without signature and signature without support both show. With framework, only
//   positions on it; with stance, only that stance. Under as_of only positions stated by then
//   count (undated ones always). Proposals are left out.
// param: framework (entity): only positions on this framework, agreement or concept
// param: stance (string): only this stance: supports, advocates, opposes, refuses_to_sign, withdraws
// param: as_of (int): only positions stated by that year; undated ones always count
// columns: framework, framework_name, stance, actor, actor_name, actor_kind, via, venue, year, party, endorses, evidence
MATCH (a:Entity)-[r:STANCE_ON]->(f:Entity)
WHERE NOT r.proposal AND NOT a:Person
  AND ($framework IS NULL OR f.id = $framework)
  AND ($stance IS NULL OR r.status = $stance)
  AND ($as_of IS NULL OR coalesce(r.year, r.since, $as_of) <= $as_of)
CALL (a, f) {
  OPTIONAL MATCH (p:Person)-[pr:STANCE_ON]->(f)
  WHERE pr.on_behalf = a.id AND NOT pr.proposal
  RETURN collect(p.id) AS via
}
CALL (a, f) {
  OPTIONAL MATCH (a)-[pt:PARTY_TO]->(f)
  WHERE NOT pt.proposal
  RETURN pt.status AS party
}
CALL (a, f) {
  OPTIONAL MATCH (a)-[en:ENDORSES]->(f)
  WHERE NOT en.proposal
  RETURN count(en) > 0 AS endorses
}
OPTIONAL MATCH (v:Entity {id: r.venue})
RETURN f.id AS framework, f.name AS framework_name, r.status AS stance, a.id AS actor, a.name AS actor_name, a.kind AS actor_kind,
       via, v.name AS venue, coalesce(r.year, r.since) AS year, party, endorses,
       [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
ORDER BY framework, stance, actor
