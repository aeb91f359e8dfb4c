// visual: shortest-chains
MATCH (x:Entity {id: $a})
CALL (x) {
  MATCH (y:Entity {id: $b})
  WHERE y <> x
  RETURN y
}
MATCH p = allShortestPaths((x)-[:MOU_WITH|DIALOGUE_WITH|COOPERATES_WITH|MEMBER_OF|PARTY_TO|PARTICIPATES_IN|HOSTS|LEADS|INITIATED|AGENCY_OF|PART_OF|BUILDS_CAPACITY|FUNDS|OPERATES_IN|BUILT*..6]-(y))
WHERE all(r IN relationships(p) WHERE NOT r.proposal AND coalesce(r.status, '') <> 'applicant' AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of)))
RETURN p
LIMIT 25
