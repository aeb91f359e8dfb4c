// name: state-graph
// title: The state graph that centrality and communities are measured on
// pack: analytics
// description: States (every Country, tied or not) linked by direct cooperation and by the
//   mechanisms they share, one row per unordered pair of states (source < target by id).
//   Direct ties between two states count 1 each, whatever their direction: MOU_WITH,
//   DIALOGUE_WITH, COOPERATES_WITH, BUILDS_CAPACITY, FUNDS. Shared mechanisms are the
//   two-mode state × mechanism graph projected onto states: a state takes part in a
//   mechanism (an Organisation, Bloc, Forum, Initiative or Agreement) when it, or one of its
//   agencies (AGENCY_OF), is MEMBER_OF it (full, founding, associate or no status), PARTY_TO
//   it (party, signatory or no status), PARTICIPATES_IN, HOSTS, LEADS or INITIATED it; each
//   mechanism two states share counts 1, however many ties put them there. weight = direct
//   ties + shared mechanisms; the graph is undirected. Left out: proposals, applicants,
//   withdrawn parties, observers and dialogue partners, rivalry (RIVALS), endorsing or
//   adopting a framework, and states' ties to anything that is not a mechanism. A pair
//   whose memberships of a mechanism never overlapped in time shares nothing. Under as_of
//   only ties in force that year count (start = coalesce(signed, since, year) null or ≤ as_of,
//   until null or ≥ as_of); undated ties count as always in force. since/until is the spell of
//   the pair's tie: the earliest start and latest end, null when some part of it is undated.
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: source, target, weight, types, since, until, direct, shared, mechanisms
CALL () {
  // Direct cooperation between two states: each tie counts once (a.id < b.id).
  MATCH (a:Entity:Country)-[r:MOU_WITH|DIALOGUE_WITH|COOPERATES_WITH|BUILDS_CAPACITY|FUNDS]-(b:Entity:Country)
  WHERE a.id < b.id AND NOT coalesce(r.proposal, false)
    AND ($as_of IS NULL OR ((coalesce(r.signed, r.since, r.year) IS NULL OR coalesce(r.signed, r.since, r.year) <= $as_of)
                            AND (r.until IS NULL OR r.until >= $as_of)))
  RETURN a.id AS source, b.id AS target, type(r) AS type, coalesce(r.signed, r.since, r.year) AS start, r.until AS end, null AS mechanism
  UNION ALL
  // Shared mechanisms: first each state's part in each mechanism (directly or through its agencies) ...
  CALL () {
    MATCH (s:Entity:Country)-[r:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|HOSTS|LEADS|INITIATED]->(m:Entity)
    WHERE m.kind IN ['Organisation', 'Bloc', 'Forum', 'Initiative', 'Agreement']
      AND NOT coalesce(r.proposal, false)
      AND NOT coalesce(r.status, '') IN ['applicant', 'withdrawn', 'observer', 'dialogue_partner']
      AND ($as_of IS NULL OR ((coalesce(r.signed, r.since, r.year) IS NULL OR coalesce(r.signed, r.since, r.year) <= $as_of)
                              AND (r.until IS NULL OR r.until >= $as_of)))
    RETURN s, m, coalesce(r.signed, r.since, r.year) AS start, r.until AS end
    UNION ALL
    MATCH (s:Entity:Country)<-[g:AGENCY_OF]-(:Entity:Agency)-[r:MEMBER_OF|PARTY_TO|PARTICIPATES_IN|HOSTS|LEADS|INITIATED]->(m:Entity)
    WHERE m.kind IN ['Organisation', 'Bloc', 'Forum', 'Initiative', 'Agreement']
      AND NOT coalesce(r.proposal, false) AND NOT coalesce(g.proposal, false)
      AND NOT coalesce(r.status, '') IN ['applicant', 'withdrawn', 'observer', 'dialogue_partner']
      AND ($as_of IS NULL OR ((coalesce(r.signed, r.since, r.year) IS NULL OR coalesce(r.signed, r.since, r.year) <= $as_of)
                              AND (r.until IS NULL OR r.until >= $as_of)
                              AND (coalesce(g.since, g.year) IS NULL OR coalesce(g.since, g.year) <= $as_of)
                              AND (g.until IS NULL OR g.until >= $as_of)))
    RETURN s, m, coalesce(r.signed, r.since, r.year) AS start, r.until AS end
  }
  // ... one spell per state and mechanism (unbounded when any of its ties is undated) ...
  WITH s, m, CASE WHEN count(start) < count(*) THEN null ELSE min(start) END AS start,
             CASE WHEN count(end) < count(*) THEN null ELSE max(end) END AS end
  WITH m, collect({id: s.id, start: start, end: end}) AS parts
  // ... then every pair of states in it, for the years both were in.
  UNWIND parts AS x
  UNWIND parts AS y
  WITH m, x, y WHERE x.id < y.id
  WITH m, x, y,
       CASE WHEN x.start IS NULL OR y.start > x.start THEN y.start ELSE x.start END AS start,
       CASE WHEN x.end IS NULL OR y.end < x.end THEN y.end ELSE x.end END AS end
  WHERE start IS NULL OR end IS NULL OR start <= end
  RETURN x.id AS source, y.id AS target, 'SHARED_MECHANISM' AS type, start, end, m.id AS mechanism
}
WITH source, target, count(*) AS weight, count(mechanism) AS shared, collect(DISTINCT type) AS types,
     collect(mechanism) AS mechanisms,
     CASE WHEN count(start) < count(*) THEN null ELSE min(start) END AS since,
     CASE WHEN count(end) < count(*) THEN null ELSE max(end) END AS until
RETURN source, target, toFloat(weight) AS weight, types, since, until, weight - shared AS direct, shared, mechanisms
ORDER BY source, target
