// visual: network-as-of
MATCH p = (x:Entity)-[r:MOU_WITH|DIALOGUE_WITH|COOPERATES_WITH|BUILDS_CAPACITY|FUNDS]->(y:Entity)
WHERE NOT r.proposal AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
  AND (x.kind = $kind OR EXISTS { (x)-[:AGENCY_OF]->(:Entity {kind: $kind}) })
  AND (y.kind = $kind OR EXISTS { (y)-[:AGENCY_OF]->(:Entity {kind: $kind}) })
RETURN p
