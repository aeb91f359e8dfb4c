package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/coopgraph/coopgraph/graph/analytics/engine"
	"github.com/coopgraph/coopgraph/graph/export"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	aq "github.com/coopgraph/coopgraph/queries/analytics"
	"github.com/spf13/cobra"
)

func newCmdCentrality(f *factory) *cobra.Command {
	var (
		measures        string
		req             engine.Request
		asOf            int
		top             int
		formatList, out string
	)
	c := &cobra.Command{
		Use:   "centrality",
		Short: "Centrality and communities on the state graph or the whole graph",
		Long: `Compute degree, weighted degree, PageRank, betweenness, closeness (harmonic
when the graph is disconnected), eigenvector centrality and communities
(Louvain; Leiden in GDS) on one of two projections, each a report you can
read and run: the state graph (queries/analytics/state-graph.cypher) or the
whole graph (queries/analytics/whole-graph.cypher).

The engine is GDS on the server when it answers (--engine auto), else gonum
in process; both report every measure on networkx's scale. On the state
graph the communities are compared with the camps derived from who leads,
initiated or founded each mechanism.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ms, err := analytics.ParseMeasures(measures)
			if err != nil {
				return usagef("--measure: %v", err)
			}
			if _, err := aq.Get(req.Graph); err != nil {
				return usagef("--graph: %v", err)
			}
			if !slices.Contains(engine.Engines, req.Engine) {
				return usagef("--engine %q: use %s", req.Engine, strings.Join(engine.Engines, ", "))
			}
			if req.Engine == engine.InProcess && slices.Contains(ms, analytics.Leiden) {
				return usagef("--measure leiden needs --engine gds (gonum has Louvain only)")
			}
			if top < 1 {
				return usagef("--top %d: give at least 1", top)
			}
			if cmd.Flags().Changed("as-of") {
				req.AsOf = &asOf
			}
			var formats []string
			if formatList != "" || out != "" {
				if out == "" {
					return usagef("--format %s needs --out DIR: the folder to export into", formatList)
				}
				if formats, err = export.ParseFormats(strings.Split(cmp.Or(formatList, "csv,json"), ",")...); err != nil {
					return usagef("--format: %v", err)
				}
			}
			req.Options.Measures = ms
			req.WithEdges = true
			db, err := f.DB(cmd.Context())
			if err != nil {
				return err
			}
			x, err := pipeline.Centrality(cmd.Context(), pipeline.DB{Driver: db.Driver, Database: db.Target.Database}, req, formats, out)
			if err != nil {
				return err
			}
			res := x.Result
			for _, p := range x.Paths {
				fmt.Fprintln(f.Err, "wrote", p)
			}
			if err := analytics.WriteTable(f.Out, res, top); err != nil {
				return err
			}
			if req.Graph == "states" {
				return engine.CompareCamps(cmd.Context(), db.Driver, db.Target.Database, res, f.Out)
			}
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&measures, "measure", "", "comma-separated: "+strings.Join(analytics.Measures, ",")+" (default: all the engine has)")
	fl.StringVar(&req.Graph, "graph", "states", "the projection: states or all")
	fl.IntVar(&asOf, "as-of", 0, "only ties in force in that year (undated ties always count)")
	fl.StringVar(&req.Engine, "engine", engine.Auto, "auto (GDS when the server has it), gds or inprocess")
	fl.BoolVar(&req.WriteBack, "write-back", false, "store score_<measure> and community_<algorithm> on the nodes")
	fl.IntVar(&top, "top", 10, "nodes shown per measure")
	fl.StringVar(&formatList, "format", "", "export formats, comma-separated: "+strings.Join(export.Formats, ",")+" (default with --out: csv,json)")
	fl.StringVar(&out, "out", "", "export into this folder (rankings record the change in rank since the previous export there)")
	fl.IntVar(&req.Options.Samples, "samples", 0, "estimate betweenness from this many source nodes (0: exact)")
	return c
}
