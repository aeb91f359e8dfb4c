package store

import (
	"context"
	"fmt"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Match is an entity a name resolved to.
type Match struct {
	ID, Kind, Name, NameZh string
}

var (
	exactStatement = fmt.Sprintf(`MATCH (n:%s)
WHERE n.id = $name OR toLower(n.name) = toLower($name) OR n.name_zh = $name
   OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) = toLower($name))
RETURN n.id, n.kind, n.name, n.name_zh ORDER BY n.id`, graph.EntityLabel)
	fuzzyStatement = fmt.Sprintf(`CALL db.index.fulltext.queryNodes('%s', $query) YIELD node, score
RETURN node.id, node.kind, node.name, node.name_zh ORDER BY score DESC, node.id LIMIT $limit`, graph.FullText)
)

// Resolve finds the entity an id, English or Chinese name, or alias names
// (case-insensitively, exact). If none matches exactly, it returns up to
// limit close matches from the full-text index as suggestions, and exact false.
func (s *Store) Resolve(ctx context.Context, name string, limit int) (matches []Match, exact bool, err error) {
	res, err := neo4j.ExecuteQuery(ctx, s.Driver, exactStatement, map[string]any{"name": name},
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, false, err
	}
	if len(res.Records) > 0 {
		return toMatches(res.Records), true, nil
	}
	res, err = neo4j.ExecuteQuery(ctx, s.Driver, fuzzyStatement, map[string]any{"query": luceneEscape(name), "limit": int64(limit)},
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, false, err
	}
	return toMatches(res.Records), false, nil
}

func toMatches(recs []*neo4j.Record) []Match {
	out := make([]Match, len(recs))
	for i, r := range recs {
		str := func(j int) string {
			if v, ok := r.Values[j].(string); ok {
				return v
			}
			return ""
		}
		out[i] = Match{ID: str(0), Kind: str(1), Name: str(2), NameZh: str(3)}
	}
	return out
}

// luceneEscape makes user text a plain full-text query: Lucene's operators
// are escaped, so that a name like "C++" or "a:b" searches for itself.
func luceneEscape(s string) string {
	var b []rune
	for _, r := range s {
		switch r {
		case '+', '-', '&', '|', '!', '(', ')', '{', '}', '[', ']', '^', '"', '~', '*', '?', ':', '\\', '/':
			b = append(b, '\\')
		}
		b = append(b, r)
	}
	return string(b)
}
