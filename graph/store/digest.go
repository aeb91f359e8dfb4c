package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Digest is a content digest of the whole graph the loader writes into:
// every Entity and Source node with its labels and all its properties, and
// every relationship between entities with its type, ends and properties.
// Two graphs with the same digest are identical node for node and property
// for property. The one CoopgraphMeta node, whose load time changes at
// every load, is left out.
func (s *Store) Digest(ctx context.Context) (string, error) {
	var lines []string
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		lines = lines[:0]
		for _, q := range []string{
			fmt.Sprintf("MATCH (n) WHERE n:%s OR n:%s RETURN labels(n) AS a, properties(n) AS b, null AS c, null AS d", graph.EntityLabel, graph.SourceLabel),
			fmt.Sprintf("MATCH (a:%[1]s)-[r]->(b:%[1]s) RETURN a.id AS a, type(r) AS b, b.id AS c, properties(r) AS d", graph.EntityLabel),
		} {
			res, err := tx.Run(ctx, q, nil)
			if err != nil {
				return nil, err
			}
			for res.Next(ctx) {
				v := res.Record().Values
				if labels, ok := v[0].([]any); ok {
					sort.Slice(labels, func(i, j int) bool { return fmt.Sprint(labels[i]) < fmt.Sprint(labels[j]) })
				}
				b, err := json.Marshal(v) // maps marshal with sorted keys
				if err != nil {
					return nil, err
				}
				lines = append(lines, string(b))
			}
			if err := res.Err(); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
