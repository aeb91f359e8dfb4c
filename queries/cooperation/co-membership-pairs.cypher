// name: co-membership-pairs
// title: The strongest co-membership pairs
// pack: cooperation
// description: Pairs of actors of one kind (states by default) ranked by the number of
//   mechanisms both belong to: both members (MEMBER_OF) or parties and signatories (PARTY_TO),
//   and, unless participation is false, both participants (PARTICIPATES_IN). Dialogue partners,
//   observers, applicants, partner countries, withdrawn parties and proposals do not count. Under
//   as_of both ties must be in force in that year; undated ties count as always in force. This is
//   the state-by-mechanism two-mode graph projected onto states, with co-membership counts as
//   weights; the strongest pairs come first, ties broken by id.
// param: kind (kind, default Country): the kind of actor paired
// param: participation (bool, default true): count shared participation as well as membership
// param: limit (int, default 25): how many pairs to return (at most 200)
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: a, a_name, b, b_name, shared, mechanisms, evidence
// bound: at most 200 pairs (limit is capped at 200)
MATCH (x:Entity)-[r1:MEMBER_OF|PARTY_TO|PARTICIPATES_IN]->(m:Entity)
WHERE x.kind = $kind AND NOT r1.proposal
  AND ($participation OR type(r1) <> 'PARTICIPATES_IN')
  AND (NOT coalesce(r1.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r1) <> 'MEMBER_OF' OR NOT coalesce(r1.role, '') STARTS WITH 'partner'))
  AND ($as_of IS NULL OR (coalesce(r1.signed, r1.since, r1.year, $as_of) <= $as_of AND coalesce(r1.until, $as_of) >= $as_of))
MATCH (m)<-[r2:MEMBER_OF|PARTY_TO|PARTICIPATES_IN]-(y:Entity)
WHERE y.kind = $kind AND x.id < y.id AND NOT r2.proposal
  AND ($participation OR type(r2) <> 'PARTICIPATES_IN')
  AND (NOT coalesce(r2.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r2) <> 'MEMBER_OF' OR NOT coalesce(r2.role, '') STARTS WITH 'partner'))
  AND ($as_of IS NULL OR (coalesce(r2.signed, r2.since, r2.year, $as_of) <= $as_of AND coalesce(r2.until, $as_of) >= $as_of))
WITH x, y, m,
     [i IN range(0, size(r1.ev_source) - 1) | {source: r1.ev_source[i], kind: r1.ev_kind[i],
  locator: coalesce(r1.ev_locator[i], 'line ' + toString(r1.ev_line[i]) + ', ' + r1.ev_section[i]),
  quote: r1.ev_quote[i]}]
     + [i IN range(0, size(r2.ev_source) - 1) | {source: r2.ev_source[i], kind: r2.ev_kind[i],
  locator: coalesce(r2.ev_locator[i], 'line ' + toString(r2.ev_line[i]) + ', ' + r2.ev_section[i]),
  quote: r2.ev_quote[i]}] AS ev
WITH x, y, m, reduce(acc = [], e IN collect(ev) | acc + e) AS ev
ORDER BY m.id
WITH x, y, count(m) AS shared, collect(m.id) AS mechanisms, reduce(acc = [], e IN collect(ev) | acc + e) AS evidence
RETURN x.id AS a, x.name AS a_name, y.id AS b, y.name AS b_name, shared, mechanisms, evidence
ORDER BY shared DESC, a, b
LIMIT CASE WHEN $limit > 200 THEN 200 WHEN $limit < 0 THEN 0 ELSE $limit END
