// name: network-as-of
// title: The cooperation network as of a year
// pack: timeline
// description: The direct cooperation ties (MoU, dialogue, other stated cooperation, capacity
//   building, funding) between actors of one kind (states by default) that are in force in a
//   year: started (signed, since or year) no later than it and not ended (until) before it.
//   Undated ties count as always in force; without as_of every tie counts. For states, ties of
//   their own agencies (AGENCY_OF) count as the state's, with the agency named in a_via or b_via.
//   Rivalry, membership and co-membership are not in this network (see rivalries and
//   co-membership-pairs). Proposals are left out.
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// param: kind (kind, default Country): the kind of actor in the network
// columns: a, a_name, a_via, tie, b, b_name, b_via, years, evidence
MATCH (x:Entity)-[r:MOU_WITH|DIALOGUE_WITH|COOPERATES_WITH|BUILDS_CAPACITY|FUNDS]->(y:Entity)
WHERE NOT r.proposal AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
OPTIONAL MATCH (x)-[xo:AGENCY_OF]->(xs:Country)
WHERE $kind = 'Country' AND NOT xo.proposal
OPTIONAL MATCH (y)-[yo:AGENCY_OF]->(ys:Country)
WHERE $kind = 'Country' AND NOT yo.proposal
WITH coalesce(xs, x) AS a, CASE WHEN xs IS NULL THEN null ELSE x.id END AS a_via, r,
     coalesce(ys, y) AS b, CASE WHEN ys IS NULL THEN null ELSE y.id END AS b_via
WHERE a.kind = $kind AND b.kind = $kind AND a <> b
RETURN a.id AS a, a.name AS a_name, a_via, type(r) AS tie, b.id AS b, b.name AS b_name, b_via,
       CASE WHEN r.year IS NOT NULL THEN toString(r.year) WHEN r.since IS NULL AND r.until IS NULL THEN 'signed ' + toString(r.signed)
  ELSE coalesce('signed ' + toString(r.signed) + ', ', '') + coalesce(toString(r.since), '') + '–' + coalesce(toString(r.until), '') END AS years,
       [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
ORDER BY a, b, tie
