// visual: shared-mechanisms
MATCH (x:Entity {id: $a})
CALL (x) {
  MATCH path = (x)-[r1:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|HOSTS|LEADS|INITIATED|ENDORSES]->(m:Entity)
  WHERE NOT r1.proposal AND ($as_of IS NULL OR (coalesce(r1.signed, r1.since, r1.year, $as_of) <= $as_of AND coalesce(r1.until, $as_of) >= $as_of))
  RETURN m, path
  UNION
  MATCH path = (x)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(:Agency)-[r1:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|HOSTS|LEADS|INITIATED|ENDORSES]->(m:Entity)
  WHERE NOT ao.proposal AND all(p IN po WHERE NOT p.proposal) AND NOT r1.proposal AND ($as_of IS NULL OR (coalesce(r1.signed, r1.since, r1.year, $as_of) <= $as_of AND coalesce(r1.until, $as_of) >= $as_of))
  RETURN m, path
}
CALL (x, m) {
  MATCH other = (y:Entity)-[r2:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|HOSTS|LEADS|INITIATED|ENDORSES]->(m)
  WHERE y.id = $b AND y <> x AND NOT r2.proposal AND ($as_of IS NULL OR (coalesce(r2.signed, r2.since, r2.year, $as_of) <= $as_of AND coalesce(r2.until, $as_of) >= $as_of))
  RETURN other
  UNION
  MATCH other = (y:Entity)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(:Agency)-[r2:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|HOSTS|LEADS|INITIATED|ENDORSES]->(m)
  WHERE y.id = $b AND y <> x AND NOT ao.proposal AND all(p IN po WHERE NOT p.proposal) AND NOT r2.proposal AND ($as_of IS NULL OR (coalesce(r2.signed, r2.since, r2.year, $as_of) <= $as_of AND coalesce(r2.until, $as_of) >= $as_of))
  RETURN other
}
RETURN path, other
