// Package gds computes the analytics measures on the server with the Graph
// Data Science library: it projects the same report query the in-process
// engine reads (with the aggregation-function form of gds.graph.project),
// estimates the memory first, streams each algorithm's results and always
// drops the projected graph. Scores are converted to the scale the
// in-process engine reports (networkx's), so the two can be compared.
package gds

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/coopgraph/coopgraph/graph/analytics/project"
	aq "github.com/coopgraph/coopgraph/queries/analytics"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Engine is this engine's name in results.
const Engine = "gds"

// Version returns the GDS version the server answers with; ok is false
// when the library is not installed (or not callable by this user).
func Version(ctx context.Context, drv neo4j.DriverWithContext, database string) (string, bool) {
	res, err := neo4j.ExecuteQuery(ctx, drv, "RETURN gds.version() AS v", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil || len(res.Records) == 0 {
		return "", false
	}
	v, _ := res.Records[0].Values[0].(string)
	return v, true
}

// Options add to the in-process options what only this engine needs.
type Options struct {
	analytics.Options
	// WithEdges also reads the edge list with its types and years into
	// the result (exports need it; a ranking does not).
	WithEdges bool
	// HeapLimit, when above 0, caps the free heap the estimate is
	// checked against (tests use it to see a refusal).
	HeapLimit int64
	// AfterProject, if set, runs once the graph is projected; an error
	// it returns ends the run (tests use it to fail or cancel midway).
	AfterProject func() error
}

// algorithms maps measures to GDS procedures and their configuration.
func algorithm(m string, o analytics.Options, samples int) (proc string, cfg map[string]any) {
	w := map[string]any{"relationshipWeightProperty": "weight"}
	switch m {
	case analytics.Degree:
		return "gds.degree", map[string]any{}
	case analytics.WeightedDegree:
		return "gds.degree", w
	case analytics.PageRank:
		return "gds.pageRank", map[string]any{"relationshipWeightProperty": "weight", "dampingFactor": o.Damping,
			"maxIterations": o.MaxIter, "tolerance": o.Tolerance}
	case analytics.Betweenness:
		if samples > 0 {
			return "gds.betweenness", map[string]any{"samplingSize": samples, "samplingSeed": o.SampleSeed}
		}
		return "gds.betweenness", map[string]any{}
	case analytics.Closeness:
		return "gds.closeness", map[string]any{}
	case analytics.Eigenvector:
		// Unweighted: GDS scales each node's weights to sum to 1, which
		// turns weighted eigenvector centrality into weighted degree.
		return "gds.eigenvector", map[string]any{"maxIterations": o.MaxIter, "tolerance": o.Tolerance}
	case analytics.Louvain:
		// Louvain takes no seed; one thread makes it reproducible.
		return "gds.louvain", map[string]any{"relationshipWeightProperty": "weight", "concurrency": 1}
	case analytics.Leiden:
		return "gds.leiden", map[string]any{"relationshipWeightProperty": "weight", "concurrency": 1,
			"randomSeed": int64(o.Seed), "gamma": o.Resolution}
	}
	return "", nil
}

// Compute runs the measures through GDS on the named projection.
func Compute(ctx context.Context, drv neo4j.DriverWithContext, database, projection string, asOf *int, opt Options) (res *analytics.Result, err error) {
	o := opt.Options.WithDefaults()
	if len(o.Measures) == 0 {
		o.Measures = slices.Clone(analytics.Measures)
	}
	p, err := aq.Get(projection)
	if err != nil {
		return nil, err
	}
	version, ok := Version(ctx, drv, database)
	if !ok {
		return nil, errors.New("the server has no Graph Data Science library (gds.version() does not answer): use --engine inprocess")
	}
	run := func(q string, params map[string]any) (*neo4j.EagerResult, error) {
		return neo4j.ExecuteQuery(ctx, drv, q, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database))
	}

	var nodes []analytics.Node
	var g *analytics.Graph
	if opt.WithEdges {
		if g, err = project.Read(ctx, drv, database, projection, asOf); err != nil {
			return nil, err
		}
		nodes = g.Nodes
	} else {
		sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database, AccessMode: neo4j.AccessModeRead})
		out, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) { return project.ReadNodes(ctx, tx, p) })
		sess.Close(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing the %s graph's nodes: %w", projection, err)
		}
		nodes, _ = out.([]analytics.Node)
	}
	n := len(nodes)
	if n == 0 {
		return nil, fmt.Errorf("the %s graph has no nodes: seed the database first (coopgraph seed)", projection)
	}
	samples := 0
	if o.Samples > 0 && o.Samples < n {
		samples = o.Samples
	}

	if err := estimate(run, p, n, o, samples, opt.HeapLimit); err != nil {
		return nil, err
	}

	name, err := graphName(projection)
	if err != nil {
		return nil, err
	}
	// The projected graph lives in the server's heap until dropped: drop
	// it whatever happens, even when ctx is cancelled.
	defer func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		_, derr := neo4j.ExecuteQuery(dctx, drv, "CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName",
			map[string]any{"name": name}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database))
		if derr != nil && err == nil {
			err = fmt.Errorf("dropping the projected graph %s: %w", name, derr)
		}
	}()
	params := project.Params(asOf)
	params["name"] = name
	if _, err := run(projectStatement(p), params); err != nil {
		return nil, fmt.Errorf("projecting the %s graph into GDS: %w", projection, err)
	}
	if opt.AfterProject != nil {
		if err := opt.AfterProject(); err != nil {
			return nil, err
		}
	}

	res = &analytics.Result{Projection: projection, Engine: Engine, AsOf: asOf, Measures: slices.Clone(o.Measures), Params: o.Params(n)}
	res.Params["gds_version"] = version
	if samples > 0 {
		res.Params["betweenness"] = fmt.Sprintf("sampled from %d sources drawn by GDS with samplingSeed %d", samples, o.SampleSeed)
	}
	res.Params["louvain"] = "concurrency 1 (GDS Louvain has no seed and a fixed resolution of 1)"
	if g != nil {
		res.Edges = g.Edges
	}
	byID := map[string]int{}
	res.Nodes = make([]analytics.NodeScore, n)
	for i, nd := range nodes {
		byID[nd.ID] = i
		res.Nodes[i] = analytics.NodeScore{ID: nd.ID, Name: nd.Name, NameZh: nd.NameZh, Kind: nd.Kind, Scores: map[string]float64{}, Community: map[string]int64{}}
	}
	for _, m := range o.Measures {
		proc, cfg := algorithm(m, o, samples)
		if m == analytics.Closeness {
			wcc, err := run("CALL gds.wcc.stats($name) YIELD componentCount RETURN componentCount", map[string]any{"name": name})
			if err != nil {
				return nil, fmt.Errorf("counting components: %w", err)
			}
			harmonic := n > 1 && wcc.Records[0].Values[0].(int64) > 1
			if harmonic {
				proc = "gds.closeness.harmonic"
				res.Notes = append(res.Notes, analytics.HarmonicNote)
			}
			res.Params["closeness"] = closenessVariant(harmonic)
		}
		yield := "score"
		if analytics.IsCommunity(m) {
			yield = "communityId"
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out, err := run(fmt.Sprintf("CALL %s.stream($name, $config) YIELD nodeId, %s RETURN gds.util.asNode(nodeId).id AS id, %[2]s AS value", proc, yield),
			map[string]any{"name": name, "config": cfg})
		if err != nil {
			return nil, fmt.Errorf("running %s: %w", proc, err)
		}
		vals := make([]float64, n)
		for _, r := range out.Records {
			i, ok := byID[str(r.Values[0])]
			if !ok {
				continue
			}
			switch v := r.Values[1].(type) {
			case float64:
				vals[i] = v
			case int64:
				vals[i] = float64(v)
			}
		}
		if analytics.IsCommunity(m) {
			labels := make([]int64, n)
			for i, v := range vals {
				labels[i] = int64(v)
			}
			for i, c := range analytics.CanonicalLabels(labels) {
				res.Nodes[i].Community[m] = c
			}
			continue
		}
		for i, v := range normalise(m, vals, samples) {
			res.Nodes[i].Scores[m] = v
		}
	}
	return res, nil
}

func closenessVariant(harmonic bool) string {
	if harmonic {
		return "harmonic: Σ(1/d)/(n-1), the graph is disconnected"
	}
	return "classic: (n-1)/Σd, the graph is connected"
}

// normalise converts GDS's scales to the in-process engine's (networkx's).
func normalise(m string, s []float64, samples int) []float64 {
	n := float64(len(s))
	switch m {
	case analytics.PageRank:
		// GDS's scores sum to about n (1-d per node plus what flows in);
		// on an undirected graph dividing by the sum gives networkx's.
		var sum float64
		for _, v := range s {
			sum += v
		}
		if sum > 0 {
			for i := range s {
				s[i] /= sum
			}
		}
	case analytics.Betweenness:
		// GDS counts each unordered pair once; networkx normalises by
		// the (n-1)(n-2)/2 pairs a node is not part of.
		if n > 2 {
			for i := range s {
				s[i] *= 2 / ((n - 1) * (n - 2))
			}
		}
	case analytics.Eigenvector:
		var norm float64
		for _, v := range s {
			norm += v * v
		}
		if norm = math.Sqrt(norm); norm > 0 {
			for i := range s {
				s[i] /= norm
			}
		}
	}
	return s
}

// projectStatement projects the report's edge list, plus every node of
// the projection so that isolated ones count too, as an undirected graph
// with a weight property.
func projectStatement(p aq.Projection) string {
	return fmt.Sprintf(`CALL () {
  CALL () {
%s
  }
  RETURN source, target, weight
  UNION ALL
  MATCH %s
  RETURN n.id AS source, null AS target, null AS weight
}
MATCH (a:Entity {id: source})
OPTIONAL MATCH (b:Entity {id: target})
WITH gds.graph.project($name, a, b, {relationshipProperties: {weight: weight}}, {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships`, strings.TrimSpace(p.Body), p.NodeMatch)
}

// graphName is unique per run, so that concurrent runs never share or drop
// each other's graph.
func graphName(projection string) (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "coopgraph-" + projection + "-" + hex.EncodeToString(b), nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
