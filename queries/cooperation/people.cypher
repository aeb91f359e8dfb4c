// name: people
// title: The people the documents name: whom they speak for, where they spoke, what they proposed
// pack: cooperation
// description: Each person (Person) with the offices they held as the documents state them
//   (SPEAKS_FOR: the state, agency or organisation, the office and its years), the forums or
//   meetings where they spoke (SPOKE_AT, with the year), and what they proposed, launched or took
//   a position on (INITIATED, STANCE_ON), with the state or body they spoke on behalf of: that
//   one holds the same tie, so a state's proposals are found from the state too. Proposals are
//   kept here and marked [proposal], since what a person proposes is much of what the documents
//   say of them. Offices read `office, body (years)`; statements `initiated x for CN at venue (year)`.
//   With actor, only the people who speak for that state or body, or for one of its agencies.
// param: actor (entity): only people speaking for this state or body (or its agencies)
// columns: person, name, name_zh, offices, spoke_at, statements, evidence
MATCH (p:Entity:Person)-[sf:SPEAKS_FOR]->(o:Entity)
WHERE $actor IS NULL OR o.id = $actor OR (o)-[:AGENCY_OF]->(:Entity {id: $actor})
WITH DISTINCT p
CALL (p) {
  MATCH (p)-[r:SPEAKS_FOR]->(o:Entity)
  WITH r, o ORDER BY coalesce(r.since, r.year), o.id
  RETURN collect(r.role + ', ' + o.id + CASE
           WHEN r.year IS NOT NULL THEN ' (' + toString(r.year) + ')'
           WHEN r.since IS NOT NULL OR r.until IS NOT NULL THEN ' (' + coalesce(toString(r.since), '') + '–' + coalesce(toString(r.until), '') + ')'
           ELSE '' END) AS offices,
         collect(r) AS office_ties
}
CALL (p) {
  OPTIONAL MATCH (p)-[r:SPOKE_AT]->(f:Entity)
  WITH r, f ORDER BY r.year, f.id
  RETURN collect(f.id + coalesce(' (' + toString(r.year) + ')', '')) AS spoke_at, collect(r) AS spoke_ties
}
CALL (p) {
  OPTIONAL MATCH (p)-[r:INITIATED|STANCE_ON]->(x:Entity)
  WITH r, x ORDER BY type(r), x.id
  RETURN collect(CASE type(r) WHEN 'INITIATED' THEN 'initiated ' ELSE replace(r.status, '_', ' ') + ' ' END + x.id
    + coalesce(' for ' + r.on_behalf, '') + coalesce(' at ' + r.venue, '') + coalesce(' (' + toString(r.year) + ')', '')
    + CASE WHEN r.proposal THEN ' [proposal]' ELSE '' END) AS statements, collect(r) AS stated_ties
}
WITH p, offices, spoke_at, statements, office_ties + spoke_ties + stated_ties AS ties
RETURN p.id AS person, p.name AS name, p.name_zh AS name_zh, offices, spoke_at, statements,
       reduce(acc = [], r IN ties | acc + [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}]) AS evidence
ORDER BY person
