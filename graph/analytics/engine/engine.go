// Package engine picks the engine a centrality run uses and runs it: GDS on
// the server when it answers, else the in-process engine on a projection
// read from Neo4j; then, if asked, writes the scores back.
package engine

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/coopgraph/coopgraph/graph/analytics/gds"
	"github.com/coopgraph/coopgraph/graph/analytics/project"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The --engine values.
const (
	Auto      = "auto"
	GDS       = gds.Engine
	InProcess = analytics.Engine
)

// Engines lists the --engine values.
var Engines = []string{Auto, GDS, InProcess}

// Request is one centrality run.
type Request struct {
	Graph     string // states or all
	AsOf      *int
	Engine    string // auto, gds or inprocess
	Options   analytics.Options
	WithEdges bool // GDS only: also read the edge list (the in-process engine always has it)
	WriteBack bool
}

// Run computes what the request asks for. With Engine auto it uses GDS
// when gds.version() answers, and says which engine ran in the result.
func Run(ctx context.Context, drv neo4j.DriverWithContext, database string, req Request) (*analytics.Result, error) {
	eng := req.Engine
	if eng == "" || eng == Auto {
		eng = InProcess
		if _, ok := gds.Version(ctx, drv, database); ok {
			eng = GDS
		}
		slog.Debug("engine chosen", "engine", eng)
	}
	if !slices.Contains(Engines, eng) {
		return nil, fmt.Errorf("unknown engine %q: use auto, gds or inprocess", eng)
	}
	start := time.Now()
	var res *analytics.Result
	var err error
	if eng == GDS {
		res, err = gds.Compute(ctx, drv, database, req.Graph, req.AsOf, gds.Options{Options: req.Options, WithEdges: req.WithEdges})
	} else {
		var g *analytics.Graph
		if g, err = project.Read(ctx, drv, database, req.Graph, req.AsOf); err == nil {
			if len(g.Nodes) == 0 {
				return nil, fmt.Errorf("the %s graph has no nodes: seed the database first (coopgraph seed)", req.Graph)
			}
			res, err = analytics.Compute(ctx, g, req.Options)
		}
	}
	if err != nil {
		return nil, err
	}
	slog.Info("centrality computed", "graph", req.Graph, "engine", eng, "nodes", len(res.Nodes), "took", time.Since(start).Round(time.Millisecond))
	if req.WriteBack {
		n, err := project.WriteBack(ctx, drv, database, res)
		if err != nil {
			return res, err
		}
		slog.Info("scores written back", "nodes", n)
	}
	return res, nil
}

// CompareCamps writes, for each community measure in the result, how its
// communities match the camps derived from the graph.
func CompareCamps(ctx context.Context, drv neo4j.DriverWithContext, database string, res *analytics.Result, w io.Writer) error {
	var camps map[string]string
	for _, m := range res.Measures {
		if !analytics.IsCommunity(m) {
			continue
		}
		if camps == nil {
			var err error
			if camps, err = project.Camps(ctx, drv, database, res.AsOf); err != nil {
				return err
			}
		}
		analytics.CompareCamps(res, m, camps).Write(w)
	}
	return nil
}
