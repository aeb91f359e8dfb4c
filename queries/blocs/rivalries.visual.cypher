// visual: rivalries
MATCH p = (x:Entity)-[rv:RIVALS]->(y:Entity)
WHERE NOT rv.proposal AND ($as_of IS NULL OR (coalesce(rv.signed, rv.since, rv.year, $as_of) <= $as_of AND coalesce(rv.until, $as_of) >= $as_of))
  AND ($actor IS NULL OR $actor IN [x.id, y.id]
       OR EXISTS { (x)-[:AGENCY_OF]->(:Country {id: $actor}) } OR EXISTS { (y)-[:AGENCY_OF]->(:Country {id: $actor}) })
RETURN p
