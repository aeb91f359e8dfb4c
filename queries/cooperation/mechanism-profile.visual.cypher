// visual: mechanism-profile
MATCH p = (m:Entity {id: $mechanism})-[r:INITIATED|LEADS|HOSTS|FUNDS|ENDORSES|ADOPTED|BUILT|MEMBER_OF|PARTY_TO|PARTICIPATES_IN|PART_OF|TARGETS|RIVALS|AGENCY_OF]-(x:Entity)
WHERE NOT r.proposal AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
RETURN p
