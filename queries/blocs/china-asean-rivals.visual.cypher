// visual: china-asean-rivals
MATCH (m:Organisation|Forum|Initiative|Agreement|Framework|Strategy|Project)
CALL (m) {
// camp rule: begin
// A mechanism m is in a camp when an anchor leads it, initiated it or is a
// founding member (LEADS, INITIATED, MEMBER_OF with status founding), directly
// or through a mechanism m is PART_OF (up to 2 levels up). Anchors: US ->
// us-aligned; CN -> china-led; asean -> asean-centred; un -> multilateral;
// a body PART_OF an anchor or AGENCY_OF it (up to 2 such steps, e.g. a
// Chinese ministry's office, the ASEAN Secretariat, the UN General Assembly)
// stands for that anchor. m is also in the camp of asean or un when it is
// that body or PART_OF it within 2 levels. Proposals never count; ties count
// whatever their years. One row per camp (a mechanism may be in several);
// no row when no anchor stands behind m. Its own variables start with cr_ so
// that they never shadow the variables of the report that copies it.
CALL (m) {
  MATCH cr_up = (m)-[:PART_OF*0..2]->(cr_p:Entity)
  WHERE all(cr_x IN relationships(cr_up) WHERE NOT cr_x.proposal)
  OPTIONAL MATCH (cr_by:Entity)-[cr_tie:LEADS|INITIATED|MEMBER_OF]->(cr_p)
  WHERE NOT cr_tie.proposal AND (type(cr_tie) <> 'MEMBER_OF' OR cr_tie.status = 'founding')
  OPTIONAL MATCH cr_body = (cr_by)-[:PART_OF|AGENCY_OF*0..2]->(cr_o:Entity)
  WHERE cr_o.id IN ['US', 'CN', 'asean', 'un'] AND all(cr_x IN relationships(cr_body) WHERE NOT cr_x.proposal)
  WITH cr_p, collect(cr_o.id) AS cr_anchors
  UNWIND cr_anchors + [cr_p.id] AS cr_anchor
  WITH CASE cr_anchor
    WHEN 'US' THEN 'us-aligned' WHEN 'CN' THEN 'china-led'
    WHEN 'asean' THEN 'asean-centred' WHEN 'un' THEN 'multilateral'
  END AS camp
  WHERE camp IS NOT NULL
  RETURN DISTINCT camp
}
// camp rule: end
RETURN collect(camp) AS camps
}
WITH m AS mech, camps
WHERE 'china-led' IN camps
  AND ('asean-centred' IN camps
       OR EXISTS { (mech)-[t:TARGETS]->(:Entity {id: 'asean'}) WHERE NOT t.proposal }
       OR EXISTS { (mech)<-[t:MEMBER_OF|PARTY_TO|PARTICIPATES_IN]-(x:Entity)
                   WHERE NOT t.proposal AND (x.id = 'asean' OR EXISTS {
                     (x)-[ms:MEMBER_OF]->(:Entity {id: 'asean'}) WHERE ms.status IN ['founding', 'full'] }) })
MATCH up = (mech)-[:PART_OF*0..2]->(p:Entity)-[rv:RIVALS]-(rival:Initiative|Framework|Bloc|Forum|Strategy|Agreement|Organisation)
WHERE all(x IN relationships(up) WHERE NOT x.proposal AND ($as_of IS NULL OR (coalesce(x.signed, x.since, x.year, $as_of) <= $as_of AND coalesce(x.until, $as_of) >= $as_of)))
  AND ($domain IS NULL OR toLower(coalesce(rv.domain, '')) CONTAINS toLower($domain))
  AND rival <> mech
RETURN up
