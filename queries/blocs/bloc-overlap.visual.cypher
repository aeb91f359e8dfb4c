// visual: bloc-overlap
MATCH p = (a:Entity)<-[r1:MEMBER_OF|PARTY_TO]-(x:Entity)-[r2:MEMBER_OF|PARTY_TO]->(b:Entity)
WHERE a.kind = $kind AND b.kind = $kind AND a.id < b.id
  AND NOT r1.proposal AND NOT r2.proposal
  AND (NOT coalesce(r1.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r1) <> 'MEMBER_OF' OR NOT coalesce(r1.role, '') STARTS WITH 'partner'))
  AND (NOT coalesce(r2.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r2) <> 'MEMBER_OF' OR NOT coalesce(r2.role, '') STARTS WITH 'partner'))
  AND ($as_of IS NULL OR (coalesce(r1.signed, r1.since, r1.year, $as_of) <= $as_of AND coalesce(r1.until, $as_of) >= $as_of))
  AND ($as_of IS NULL OR (coalesce(r2.signed, r2.since, r2.year, $as_of) <= $as_of AND coalesce(r2.until, $as_of) >= $as_of))
RETURN p
LIMIT CASE WHEN $limit > 200 THEN 200 WHEN $limit < 0 THEN 0 ELSE $limit END
