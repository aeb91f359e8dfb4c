// name: law-alignment
// title: National laws and strategies that implement or align with another body's instrument, and texts submitted to bodies
// pack: governance
// description: Each law, strategy or initiative that implements or aligns with another
//   instrument (IMPLEMENTS: an EU directive, a convention, a model law), with who enacted or
//   adopted each side, and each text submitted to a body (SUBMITTED_TO: a code of conduct to the
//   General Assembly) with who initiated it. One row per tie. With state, only the rows whose
//   instrument that state (or one of its agencies) enacted, adopted or initiated. Under as_of only
//   ties in force in that year count; undated ties count as always in force. Proposals are left out.
// param: state (state): only instruments of this state
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: instrument, instrument_name, instrument_kind, by, how, target, target_name, target_kind, target_by, year, evidence
MATCH (ins:Entity)-[r:IMPLEMENTS|SUBMITTED_TO]->(t:Entity)
WHERE NOT r.proposal AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
CALL (ins) {
  OPTIONAL MATCH (who:Entity)-[o:ENACTED|ADOPTED|INITIATED]->(ins)
  WHERE NOT o.proposal
  OPTIONAL MATCH (who)-[:AGENCY_OF]->(st:Country)
  RETURN collect(DISTINCT who.id) AS by, collect(DISTINCT coalesce(st.id, CASE WHEN who:Country THEN who.id END)) AS states
}
WITH ins, r, t, by, states
WHERE $state IS NULL OR $state IN states
CALL (t) {
  OPTIONAL MATCH (who:Entity)-[o:ENACTED|ADOPTED|INITIATED]->(t)
  WHERE NOT o.proposal
  RETURN collect(DISTINCT who.id) AS target_by
}
RETURN ins.id AS instrument, ins.name AS instrument_name, ins.kind AS instrument_kind, by,
       CASE type(r) WHEN 'SUBMITTED_TO' THEN 'submitted to' ELSE replace(r.status, '_', ' ') END AS how,
       t.id AS target, t.name AS target_name, t.kind AS target_kind, target_by, coalesce(r.year, r.since) AS year,
       [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
ORDER BY instrument, how, target
