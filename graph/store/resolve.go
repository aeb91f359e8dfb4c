package store

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

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
// limit close matches from the full-text index as suggestions, and exact
// false: first the words as typed, then, when those find nothing, every
// word of three letters or more within a small edit distance (so that a
// misspelling such as "Singapur" still gets a suggestion).
func (s *Store) Resolve(ctx context.Context, name string, limit int) (matches []Match, exact bool, err error) {
	res, err := neo4j.ExecuteQuery(ctx, s.Driver, exactStatement, map[string]any{"name": name},
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, false, err
	}
	if len(res.Records) > 0 {
		return toMatches(res.Records), true, nil
	}
	for _, query := range []string{luceneEscape(name), misspelt(name)} {
		if query == "" {
			continue
		}
		res, err = neo4j.ExecuteQuery(ctx, s.Driver, fuzzyStatement, map[string]any{"query": query, "limit": int64(limit)},
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database), neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			return nil, false, err
		}
		if len(res.Records) > 0 {
			break
		}
	}
	return toMatches(res.Records), false, nil
}

// misspelt is a full-text query that finds each word of name within a small
// edit distance, or "" when name has no word long enough or too many words
// for one query.
func misspelt(name string) string {
	var terms []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if utf8.RuneCountInString(w) >= 3 {
			terms = append(terms, strings.ToLower(w)+"~") // lower case: never an AND, OR or NOT operator
		}
	}
	if len(terms) == 0 || len(terms) > 20 {
		return ""
	}
	return strings.Join(terms, " ")
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
