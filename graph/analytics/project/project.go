// Package project reads a projection of the cooperation graph from Neo4j
// into an analytics.Graph (the in-process engine's input) and writes
// computed scores and communities back onto the nodes.
package project

import (
	"context"
	"fmt"

	"github.com/coopgraph/coopgraph/graph/analytics"
	aq "github.com/coopgraph/coopgraph/queries/analytics"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Params are the projection query's parameters for a year (nil: every tie).
func Params(asOf *int) map[string]any {
	p := map[string]any{"as_of": nil}
	if asOf != nil {
		p["as_of"] = int64(*asOf)
	}
	return p
}

// Read runs the projection's node list and edge list in one read
// transaction, so that both see the same graph.
func Read(ctx context.Context, drv neo4j.DriverWithContext, database, name string, asOf *int) (*analytics.Graph, error) {
	p, err := aq.Get(name)
	if err != nil {
		return nil, err
	}
	sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database, AccessMode: neo4j.AccessModeRead})
	defer sess.Close(ctx)
	out, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		g := &analytics.Graph{Projection: name, AsOf: asOf}
		nodes, err := ReadNodes(ctx, tx, p)
		if err != nil {
			return nil, err
		}
		g.Nodes = nodes
		res, err := tx.Run(ctx, p.Cypher, Params(asOf))
		if err != nil {
			return nil, fmt.Errorf("running %s: %w", p.Report, err)
		}
		for res.Next(ctx) {
			e, err := edge(res.Record())
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.Report, err)
			}
			g.Edges = append(g.Edges, e)
		}
		if err := res.Err(); err != nil {
			return nil, fmt.Errorf("reading %s: %w", p.Report, err)
		}
		return g, nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the %s graph: %w", name, err)
	}
	return out.(*analytics.Graph), nil
}

// ReadNodes lists the projection's nodes with their names and kinds.
func ReadNodes(ctx context.Context, tx neo4j.ManagedTransaction, p aq.Projection) ([]analytics.Node, error) {
	res, err := tx.Run(ctx, p.Nodes, nil)
	if err != nil {
		return nil, fmt.Errorf("listing the nodes: %w", err)
	}
	var out []analytics.Node
	for res.Next(ctx) {
		v := res.Record().Values
		out = append(out, analytics.Node{ID: str(v[0]), Name: str(v[1]), NameZh: str(v[2]), Kind: str(v[3])})
	}
	return out, res.Err()
}

func edge(r *neo4j.Record) (analytics.Edge, error) {
	var e analytics.Edge
	get := func(k string) any { v, _ := r.Get(k); return v }
	e.Source, e.Target = str(get("source")), str(get("target"))
	w, ok := get("weight").(float64)
	if !ok {
		return e, fmt.Errorf("edge %s–%s: weight %v is not a float", e.Source, e.Target, get("weight"))
	}
	e.Weight = w
	if l, ok := get("types").([]any); ok {
		for _, t := range l {
			e.Types = append(e.Types, str(t))
		}
	}
	e.Since, e.Until = year(get("since")), year(get("until"))
	return e, nil
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func year(v any) *int {
	if n, ok := v.(int64); ok {
		y := int(n)
		return &y
	}
	return nil
}
