// name: sources
// title: The sources and how many ties each supports
// pack: evidence
// description: Every source the dataset declares, document or outside source, with its title,
//   publisher, year or as-of date, and how many ties it supports in all, how many of them rest on
//   it alone, how many are proposals, and the count per tie type; a source no tie cites shows 0.
//   Use source-ties for the ties themselves.
// columns: source, kind, title, title_en, publisher, year, as_of, url, ties, sole_source, proposals, by_type
MATCH (:Entity)-[r]->(:Entity)
UNWIND r.sources AS sid
WITH sid, type(r) AS t, count(r) AS n, sum(CASE WHEN size(r.sources) = 1 THEN 1 ELSE 0 END) AS alone,
     sum(CASE WHEN r.proposal THEN 1 ELSE 0 END) AS props
ORDER BY sid, t
WITH sid, sum(n) AS ties, sum(alone) AS sole_source, sum(props) AS proposals, collect(t + ': ' + toString(n)) AS by_type
WITH collect({sid: sid, ties: ties, sole_source: sole_source, proposals: proposals, by_type: by_type}) AS counts
CALL (counts) {
  MATCH (src:Source)
  RETURN src
}
WITH src, head([c IN counts WHERE c.sid = src.id]) AS c
RETURN src.id AS source, src.kind AS kind, src.title AS title, src.title_en AS title_en, src.publisher AS publisher,
       src.year AS year, src.as_of AS as_of, src.url AS url, coalesce(c.ties, 0) AS ties,
       coalesce(c.sole_source, 0) AS sole_source, coalesce(c.proposals, 0) AS proposals, coalesce(c.by_type, []) AS by_type
ORDER BY kind, source
