// name: succession
// title: Lines of succession: which body, law or strategy replaced, renamed or upgraded which
// pack: governance
// description: Every line of succession (SUCCEEDS ties, from the successor to its predecessor)
//   from its first known body to its latest, each step with its year and how it happened
//   (replaces, renames, upgrades, merges), and the body in force in a year: the latest whose
//   succession had taken effect by as_of (without as_of, the latest of the line). Before the
//   first step's year the first body of the line is shown as in force; the graph records no
//   founding years for it. A body may head two lines when it merged two predecessors. With
//   body, only the lines that pass through it. Steps read `year: successor how predecessor`.
//   Proposed successions are left out.
// param: body (entity): only the lines through this body (an agency, law, strategy, ...)
// param: as_of (int): the year whose body in force is shown; later successions are listed but not applied
// columns: first, first_name, latest, in_force, in_force_name, steps, evidence
// bound: lines are followed at most 8 steps
MATCH line = (latest:Entity)-[:SUCCEEDS*1..8]->(first:Entity)
WHERE NOT (first)-[:SUCCEEDS {proposal: false}]->() AND NOT ()-[:SUCCEEDS {proposal: false}]->(latest)
  AND all(x IN relationships(line) WHERE NOT x.proposal)
  AND ($body IS NULL OR any(n IN nodes(line) WHERE n.id = $body))
WITH first, latest, reverse(nodes(line)) AS bodies, reverse(relationships(line)) AS rels
WITH first, latest, bodies, rels,
     [i IN range(0, size(rels) - 1) | {successor: bodies[i + 1].id, predecessor: bodies[i].id,
       how: rels[i].status, year: coalesce(rels[i].year, rels[i].since)}] AS line
WITH first, latest, rels, line, [s IN line WHERE $as_of IS NULL OR s.year <= $as_of] AS taken
WITH first, latest, rels, CASE WHEN size(taken) = 0 THEN first.id ELSE last(taken).successor END AS in_force,
     [s IN line | toString(s.year) + ': ' + s.successor + ' ' + s.how + ' ' + s.predecessor] AS steps
MATCH (f:Entity {id: in_force})
RETURN first.id AS first, first.name AS first_name, latest.id AS latest, in_force, f.name AS in_force_name, steps,
       reduce(acc = [], r IN rels | acc + [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}]) AS evidence
ORDER BY first, latest
