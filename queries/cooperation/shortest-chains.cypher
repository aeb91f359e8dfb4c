// name: shortest-chains
// title: The shortest chains of cooperation between two actors
// pack: cooperation
// description: The shortest chains of stated cooperation linking two actors, each tie taken in
//   either direction: MoUs, dialogues, other cooperation, memberships of any status, being party
//   to an agreement, participating, hosting, leading, initiating, an agency belonging to a state
//   or body, a mechanism being part of another, capacity building, funding, a company operating
//   in a state or building a project. Rivalry, endorsement, adoption, tiers and targets are not
//   links of cooperation; nor is applying to accede to an agreement. Proposals are left out. Under as_of every tie in a chain must be in
//   force in that year; undated ties count as always in force. One row per chain, its ties in
//   order with their evidence.
// param: a (entity, default SG): one end
// param: b (entity, default CN): the other end
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: hops, chain, nodes, ties, evidence
// bound: at most 6 ties per chain; the first 1000 shortest chains found are sorted and the first 25 returned
MATCH (x:Entity {id: $a})
CALL (x) {
  MATCH (y:Entity {id: $b})
  WHERE y <> x
  RETURN y
}
MATCH p = allShortestPaths((x)-[:MOU_WITH|DIALOGUE_WITH|COOPERATES_WITH|MEMBER_OF|PARTY_TO|PARTICIPATES_IN|HOSTS|LEADS|INITIATED|AGENCY_OF|PART_OF|BUILDS_CAPACITY|FUNDS|OPERATES_IN|BUILT*..6]-(y))
WHERE all(r IN relationships(p) WHERE NOT r.proposal AND coalesce(r.status, '') <> 'applicant' AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of)))
WITH p LIMIT 1000
WITH p, nodes(p) AS ns, relationships(p) AS rs
RETURN length(p) AS hops,
       reduce(s = ns[0].id, i IN range(0, size(rs) - 1) |
         s + CASE WHEN startNode(rs[i]) = ns[i] THEN ' -' + type(rs[i]) + '-> ' ELSE ' <-' + type(rs[i]) + '- ' END + ns[i + 1].id) AS chain,
       [n IN ns | n.id] AS nodes,
       [r IN rs | type(r)] AS ties,
       reduce(acc = [], r IN rs | acc + [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}]) AS evidence
ORDER BY hops, chain
LIMIT 25
