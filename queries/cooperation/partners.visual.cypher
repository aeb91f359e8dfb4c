// visual: partners
MATCH (s:Entity:Country {id: $state})
CALL (s) {
  RETURN s AS actor, null AS link
  UNION
  MATCH link = (s)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(g:Agency)
  WHERE NOT ao.proposal AND all(x IN po WHERE NOT x.proposal)
  RETURN g AS actor, link
}
CALL (s, actor) {
  MATCH path = (actor)-[r:MOU_WITH|DIALOGUE_WITH|COOPERATES_WITH|BUILDS_CAPACITY|FUNDS]-(p:Country|Organisation|Agency|Company|Bloc)
  WHERE NOT r.proposal AND p <> s AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
    AND NOT EXISTS { (p)-[:AGENCY_OF]->(s) }
  RETURN path
  UNION
  MATCH path = (actor)-[r1:MEMBER_OF|PARTY_TO|PARTICIPATES_IN]->(m:Entity)<-[r2:MEMBER_OF|PARTY_TO|PARTICIPATES_IN]-(p:Country)
  WHERE p <> s AND NOT r1.proposal AND NOT r2.proposal
    AND (NOT coalesce(r1.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r1) <> 'MEMBER_OF' OR NOT coalesce(r1.role, '') STARTS WITH 'partner'))
    AND (NOT coalesce(r2.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r2) <> 'MEMBER_OF' OR NOT coalesce(r2.role, '') STARTS WITH 'partner'))
    AND ($as_of IS NULL OR (coalesce(r1.signed, r1.since, r1.year, $as_of) <= $as_of AND coalesce(r1.until, $as_of) >= $as_of))
    AND ($as_of IS NULL OR (coalesce(r2.signed, r2.since, r2.year, $as_of) <= $as_of AND coalesce(r2.until, $as_of) >= $as_of))
  RETURN path
}
RETURN link, path
