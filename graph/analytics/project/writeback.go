package project

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// WriteBack stores each node's scores as score_<measure> and its
// communities as community_<algorithm> (see analytics.Property), in one
// write transaction. The properties a run writes are first removed from
// every entity, so that a node left out of this projection does not keep
// a score from another one. The meta node records where the scores come
// from (score_projection, score_engine, score_as_of, score_written_at);
// the loader owns none of these, so a reload keeps them.
func WriteBack(ctx context.Context, drv neo4j.DriverWithContext, database string, res *analytics.Result) (int, error) {
	var props []string
	for _, m := range res.Measures {
		props = append(props, analytics.Property(m))
	}
	slices.Sort(props)
	rows := make([]map[string]any, 0, len(res.Nodes))
	for _, n := range res.Nodes {
		p := map[string]any{}
		for m, v := range n.Scores {
			p[analytics.Property(m)] = v
		}
		for m, c := range n.Community {
			p[analytics.Property(m)] = c
		}
		rows = append(rows, map[string]any{"id": n.ID, "props": p})
	}
	remove := make([]string, len(props))
	for i, p := range props {
		remove[i] = "n." + p
	}
	var asOf any
	if res.AsOf != nil {
		asOf = int64(*res.AsOf)
	}
	sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	n, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if len(remove) > 0 {
			if _, err := tx.Run(ctx, fmt.Sprintf("MATCH (n:%s) REMOVE %s", graph.EntityLabel, strings.Join(remove, ", ")), nil); err != nil {
				return nil, err
			}
		}
		const batch = 10000
		var written int64
		for i := 0; i < len(rows); i += batch {
			r, err := tx.Run(ctx, fmt.Sprintf("UNWIND $rows AS row MATCH (n:%s {id: row.id}) SET n += row.props RETURN count(n)", graph.EntityLabel),
				map[string]any{"rows": rows[i:min(i+batch, len(rows))]})
			if err != nil {
				return nil, err
			}
			rec, err := r.Single(ctx)
			if err != nil {
				return nil, err
			}
			written += rec.Values[0].(int64)
		}
		_, err := tx.Run(ctx, fmt.Sprintf(`MATCH (m:%s {id: $id})
SET m.score_projection = $projection, m.score_engine = $engine, m.score_as_of = $as_of,
    m.score_measures = $measures, m.score_written_at = datetime()`, graph.MetaLabel),
			map[string]any{"id": graph.MetaID, "projection": res.Projection, "engine": res.Engine, "as_of": asOf, "measures": res.Measures})
		return written, err
	})
	if err != nil {
		return 0, fmt.Errorf("writing the scores back (nothing was written): %w", err)
	}
	return int(n.(int64)), nil
}
