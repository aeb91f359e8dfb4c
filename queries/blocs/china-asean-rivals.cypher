// name: china-asean-rivals
// title: China–ASEAN mechanisms that face a rival initiative in the same domain
// pack: blocs
// description: China–ASEAN mechanisms, and the initiatives, frameworks, blocs, forums or
//   strategies stated to rival them (RIVALS), directly or through a mechanism they are PART_OF
//   (up to 2 levels up, e.g. a China–ASEAN initiative under the Digital Silk Road). A China–ASEAN
//   mechanism is one the camp rule below puts in the China-led camp and that is also ASEAN-
//   centred by the rule, or in which asean or an ASEAN member state takes part (MEMBER_OF,
//   PARTY_TO, PARTICIPATES_IN), or that TARGETS asean. The domain is the one the rivalry tie
//   records; the domains of the mechanism's own ties are listed beside it to check them. With
//   domain, only rivalries whose domain contains that text (case-insensitive). Proposals are
//   left out. Under as_of only ties in force in that year count; undated ties count as always in
//   force. Evidence covers the rivalry and the PART_OF ties that lead to it.
// param: domain (string): only rivalries whose domain contains this text
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: mechanism, mechanism_name, camps, rivalry_with, rival, rival_name, rival_kind, rival_camps, domain, mechanism_domains, evidence
// bound: the camp rule follows PART_OF and AGENCY_OF at most 2 steps; a rivalry is sought at most 2 PART_OF steps up
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
WITH mech, camps, p, rival, rv, [x IN relationships(up) | x] AS chain
CALL (mech) {
  OPTIONAL MATCH (mech)-[d]-(:Entity)
  WHERE d.domain IS NOT NULL AND NOT d.proposal
  RETURN collect(DISTINCT d.domain) AS mechanism_domains
}
CALL (rival) {
WITH rival AS m
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
RETURN collect(camp) AS rival_camps
}
RETURN mech.id AS mechanism, mech.name AS mechanism_name, camps, p.id AS rivalry_with,
       rival.id AS rival, rival.name AS rival_name, rival.kind AS rival_kind, rival_camps,
       rv.domain AS domain, mechanism_domains,
       reduce(acc = [], r IN chain | acc + [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}]) AS evidence
ORDER BY mechanism, rival
