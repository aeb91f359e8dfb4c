// name: companies
// title: Companies, where they operate and invest, and the projects they built
// pack: cooperation
// description: Each company's ties: the states it operates or invests in (OPERATES_IN), the
//   projects it built (BUILT), the actors it funds, cooperates or signed MoUs with, and the
//   projects and initiatives it takes part in. For a project, with lists the other builders and
//   participants, and where the states among them (directly, or through an agency AGENCY_OF a
//   state; for a state or agency, where is that state); the graph has no located-in tie, so a
//   project only the company built has no where.
//   A company's parent (PART_OF another company) is named. With state, only rows in or about that
//   state. Proposals are left out (see proposals). Under as_of only ties in force in that year
//   count; undated ties count as always in force.
// param: company (entity): only this company (and the companies PART_OF it)
// param: state (state): only rows in or about this state
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: company, company_name, parent, tie, target, target_name, target_kind, with, where, domain, years, evidence
MATCH (c:Company)
OPTIONAL MATCH (c)-[po:PART_OF]->(parent:Company)
WHERE NOT po.proposal
WITH c, parent
WHERE $company IS NULL OR c.id = $company OR parent.id = $company
MATCH (c)-[r:OPERATES_IN|BUILT|FUNDS|COOPERATES_WITH|MOU_WITH|PARTICIPATES_IN]-(t:Entity)
WHERE NOT r.proposal AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
CALL (c, t) {
  OPTIONAL MATCH (t)<-[w:BUILT|PARTICIPATES_IN]-(o:Entity)
  WHERE t:Project AND o <> c AND NOT w.proposal AND ($as_of IS NULL OR (coalesce(w.signed, w.since, w.year, $as_of) <= $as_of AND coalesce(w.until, $as_of) >= $as_of))
  OPTIONAL MATCH (o)-[:AGENCY_OF]->(os:Country)
  RETURN collect(DISTINCT o.id) AS with, collect(DISTINCT coalesce(os.id, CASE WHEN o:Country THEN o.id END)) AS where
}
OPTIONAL MATCH (t)-[:AGENCY_OF]->(ts:Country)
WITH c, parent, r, t, with, CASE WHEN t:Country THEN [t.id] WHEN ts IS NOT NULL THEN [ts.id] ELSE where END AS where
WHERE $state IS NULL OR $state IN where
RETURN c.id AS company, c.name AS company_name, parent.id AS parent,
       CASE WHEN startNode(r) = c THEN type(r) ELSE type(r) + ' (by ' + t.id + ')' END AS tie,
       t.id AS target, t.name AS target_name, t.kind AS target_kind, with, where,
       r.domain AS domain,
       CASE WHEN r.year IS NOT NULL THEN toString(r.year) WHEN r.since IS NULL AND r.until IS NULL THEN 'signed ' + toString(r.signed)
  ELSE coalesce('signed ' + toString(r.signed) + ', ', '') + coalesce(toString(r.since), '') + '–' + coalesce(toString(r.until), '') END AS years,
       [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
ORDER BY company, tie, target
