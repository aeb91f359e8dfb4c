// visual: companies
MATCH (c:Company)
OPTIONAL MATCH (c)-[po:PART_OF]->(parent:Company)
WHERE NOT po.proposal
WITH c, parent
WHERE $company IS NULL OR c.id = $company OR parent.id = $company
MATCH p = (c)-[r:OPERATES_IN|BUILT|FUNDS|COOPERATES_WITH|MOU_WITH|PARTICIPATES_IN]-(t:Entity)
WHERE NOT r.proposal AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
  AND ($state IS NULL OR t.id = $state OR EXISTS { (t)-[:AGENCY_OF]->(:Country {id: $state}) }
       OR EXISTS { (t)<-[:BUILT|PARTICIPATES_IN]-(o:Entity) WHERE t:Project AND (o.id = $state OR EXISTS { (o)-[:AGENCY_OF]->(:Country {id: $state}) }) })
OPTIONAL MATCH q = (t:Project)<-[w:BUILT|PARTICIPATES_IN]-(o:Entity)
WHERE o <> c AND NOT w.proposal
RETURN p, q
