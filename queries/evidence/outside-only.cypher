// name: outside-only
// title: Ties that rest only on outside sources
// pack: evidence
// description: Every tie none of the five documents states: all its evidence comes from outside
//   public sources (publisher pages, news, reference works), such as the member lists of blocs
//   and agreements the documents only name. These are the facts to re-check when a page changes.
//   With type, only ties of that relationship type. Proposals are left out (see proposals). Under
//   as_of only ties in force in that year count; undated ties count as always in force.
// param: type (string): only ties of this relationship type, e.g. MEMBER_OF
// param: as_of (int): only ties in force in that year; undated ties count as always in force
// columns: from, from_name, tie, to, to_name, status, years, sources, evidence
MATCH (a:Entity)-[r]->(b:Entity)
WHERE NOT r.documented AND NOT r.proposal AND ($type IS NULL OR type(r) = $type) AND ($as_of IS NULL OR (coalesce(r.signed, r.since, r.year, $as_of) <= $as_of AND coalesce(r.until, $as_of) >= $as_of))
RETURN a.id AS from, a.name AS from_name, type(r) AS tie, b.id AS to, b.name AS to_name, r.status AS status,
       CASE WHEN r.year IS NOT NULL THEN toString(r.year) WHEN r.since IS NULL AND r.until IS NULL THEN 'signed ' + toString(r.signed)
  ELSE coalesce('signed ' + toString(r.signed) + ', ', '') + coalesce(toString(r.since), '') + '–' + coalesce(toString(r.until), '') END AS years,
       r.sources AS sources,
       [i IN range(0, size(coalesce(r.ev_source, [])) - 1) | {source: r.ev_source[i], kind: r.ev_kind[i],
  locator: CASE r.ev_kind[i] WHEN 'document' THEN 'line ' + toString(r.ev_line[i]) + ', ' + r.ev_section[i] ELSE r.ev_locator[i] END,
  quote: CASE r.ev_quote[i] WHEN '' THEN null ELSE r.ev_quote[i] END}] AS evidence
ORDER BY tie, to, from
