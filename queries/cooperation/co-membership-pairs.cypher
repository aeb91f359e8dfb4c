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
MATCH (x:Entity)-[r:MEMBER_OF|PARTY_TO|PARTICIPATES_IN]->(m:Entity)
WHERE x.kind = $kind AND NOT r.proposal
  AND ($participation OR type(r) <> 'PARTICIPATES_IN')
  AND (NOT coalesce(r.status, '') IN ['applicant', 'dialogue_partner', 'observer', 'withdrawn'] AND (type(r) <> 'MEMBER_OF' OR NOT coalesce(r.role, '') STARTS WITH 'partner'))
  AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
WITH m, x, collect(r) AS rs
WITH m, collect({actor: x, rs: rs}) AS members
WHERE size(members) > 1
UNWIND members AS one
UNWIND members AS other
WITH m, one, other
WHERE one.actor.id < other.actor.id
WITH one.actor AS x, other.actor AS y, m, one.rs + other.rs AS rs
ORDER BY m.id
WITH x, y, count(m) AS shared, collect(m.id) AS mechanisms, reduce(acc = [], l IN collect(rs) | acc + l) AS ties
ORDER BY shared DESC, x.id, y.id
LIMIT CASE WHEN $limit > 200 THEN 200 WHEN $limit < 0 THEN 0 ELSE $limit END
RETURN x.id AS a, x.name AS a_name, y.id AS b, y.name AS b_name, shared, mechanisms,
       reduce(acc = [], r IN ties | acc + [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}]) AS evidence
ORDER BY shared DESC, a, b
