// name: governance-gaps
// title: Which states lack what: cybersecurity law, personal-data law, national strategy, CERT
// pack: governance
// description: For each member state of a group (ASEAN by default; founding, full or associate
//   members), what the graph holds and what it lacks, by these conventions (the dataset has no
//   type or category for them, so names decide): a cybersecurity law is a law the state enacted
//   whose English name contains "cybersecurity" or "cyber security" or whose Chinese name
//   contains 网络安全; a personal-data law one whose English name contains "personal data",
//   "data protection" or "personal information", or whose Chinese name contains 个人数据, 个人信息
//   or 数据保护; a national strategy a strategy the state or one of its agencies adopted whose
//   category starts with "national" or whose name starts with "National"; a CERT an agency of the
//   state (AGENCY_OF, with bodies PART_OF it) whose category names a CERT or CSIRT (not a planned
//   one) or whose name contains "Emergency Response Team". Drafts and bodies a source only
//   proposes are left out, so a law still being drafted is lacking. Under as_of only ties in force
//   in that year count; undated ties count as always in force. Lacking means the graph states
//   none; evidence covers what the state has.
// param: group (entity, default asean): the organisation whose member states are checked
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: state, state_name, cybersecurity_law, personal_data_law, national_strategy, cert, lacks, evidence
// bound: bodies under an agency are followed at most 2 PART_OF steps down
MATCH (grp:Entity {id: $group})<-[ms:MEMBER_OF]-(s:Country)
WHERE NOT ms.proposal AND ms.status IN ['founding', 'full', 'associate'] AND ($as_of IS NULL OR (coalesce(ms.signed, ms.since, ms.year, $as_of) <= $as_of AND coalesce(ms.until, $as_of) >= $as_of))
CALL (s) {
  OPTIONAL MATCH (s)-[e:ENACTED]->(l:Law)
  WHERE NOT e.proposal AND ($as_of IS NULL OR (coalesce(e.signed, e.since, e.year, $as_of) <= $as_of AND coalesce(e.until, $as_of) >= $as_of))
    AND (toLower(l.name) CONTAINS 'cybersecurity' OR toLower(l.name) CONTAINS 'cyber security' OR l.name_zh CONTAINS '网络安全')
  WITH l, e ORDER BY l.id
  RETURN collect(l.id) AS cyber, collect(e) AS cyber_ties
}
CALL (s) {
  OPTIONAL MATCH (s)-[e:ENACTED]->(l:Law)
  WHERE NOT e.proposal AND ($as_of IS NULL OR (coalesce(e.signed, e.since, e.year, $as_of) <= $as_of AND coalesce(e.until, $as_of) >= $as_of))
    AND (toLower(l.name) CONTAINS 'personal data' OR toLower(l.name) CONTAINS 'data protection'
         OR toLower(l.name) CONTAINS 'personal information'
         OR l.name_zh CONTAINS '个人数据' OR l.name_zh CONTAINS '个人信息' OR l.name_zh CONTAINS '数据保护')
  WITH l, e ORDER BY l.id
  RETURN collect(l.id) AS data, collect(e) AS data_ties
}
CALL (s) {
  CALL (s) {
    RETURN s AS x
    UNION
    MATCH (s)<-[ao:AGENCY_OF]-(:Agency)<-[po:PART_OF*0..2]-(a:Agency)
    WHERE NOT ao.proposal AND all(p IN po WHERE NOT p.proposal)
    RETURN a AS x
  }
  OPTIONAL MATCH (x)-[ad:ADOPTED]->(st:Strategy)
  WHERE NOT ad.proposal AND ($as_of IS NULL OR (coalesce(ad.signed, ad.since, ad.year, $as_of) <= $as_of AND coalesce(ad.until, $as_of) >= $as_of))
    AND (coalesce(st.category, '') STARTS WITH 'national' OR st.name STARTS WITH 'National')
  WITH st, ad ORDER BY st.id
  RETURN collect(DISTINCT st.id) AS strategy, collect(ad) AS strategy_ties
}
CALL (s) {
  OPTIONAL MATCH chain = (s)<-[ao:AGENCY_OF]-(:Agency)<-[:PART_OF*0..2]-(c:Agency)
  WHERE all(x IN relationships(chain) WHERE NOT x.proposal AND ($as_of IS NULL OR (coalesce(x.signed, x.since, x.year, $as_of) <= $as_of AND coalesce(x.until, $as_of) >= $as_of)))
    AND ((c.category CONTAINS 'CERT' OR c.category CONTAINS 'CSIRT') AND NOT c.category STARTS WITH 'planned'
         OR c.name CONTAINS 'Emergency Response Team')
  WITH c, chain ORDER BY c.id
  RETURN collect(DISTINCT c.id) AS cert, reduce(rs = [], ch IN collect(chain) | rs + relationships(ch)) AS cert_ties
}
WITH s, cyber, data, strategy, cert, cyber_ties + data_ties + strategy_ties + cert_ties AS ties
RETURN s.id AS state, s.name AS state_name,
       cyber AS cybersecurity_law, data AS personal_data_law, strategy AS national_strategy, cert,
       [x IN [CASE WHEN size(cyber) = 0 THEN 'cybersecurity law' END, CASE WHEN size(data) = 0 THEN 'personal-data law' END,
              CASE WHEN size(strategy) = 0 THEN 'national strategy' END, CASE WHEN size(cert) = 0 THEN 'CERT' END]
        WHERE x IS NOT NULL] AS lacks,
       reduce(acc = [], r IN ties | acc + [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}]) AS evidence
ORDER BY state
