package main

import (
	"fmt"
	"strings"

	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/coopgraph/coopgraph/graph/analytics/engine"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/spf13/cobra"
)

// newCmdRender builds `render`: pictures of the state-to-state network.
func newCmdRender(f *factory) *cobra.Command {
	var (
		o    pipeline.PictureOptions
		out  string
		asOf int
		eng  string
	)
	c := &cobra.Command{
		Use:   "render [--color camp|community] [--size MEASURE] [--lang en|zh] [--out DIR]",
		Short: "Draw the state-to-state cooperation network and a ranking chart (SVG and PNG)",
		Long: `Compute centrality and communities on the state graph, then draw it with
Graphviz: nodes coloured by derived camp or by Louvain community, sized by a
centrality score, labelled in English or Chinese, with each state's
strongest ties; and a chart of the top states by the same score. PNGs are
rasterised in headless Chromium (Debian: apt-get install chromium fonts-noto-cjk).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.Check(); err != nil {
				return usageError{err}
			}
			req := engine.Request{Graph: "states", Engine: eng, WithEdges: true,
				Options: analytics.Options{Measures: []string{o.Size, analytics.Louvain}}}
			if cmd.Flags().Changed("as-of") {
				req.AsOf = &asOf
			}
			conn, err := f.DB(cmd.Context())
			if err != nil {
				return err
			}
			db := pipeline.DB{Driver: conn.Driver, Database: conn.Target.Database}
			x, err := pipeline.Centrality(cmd.Context(), db, req, nil, "")
			if err != nil {
				return err
			}
			pics, skipped, err := pipeline.Pictures(cmd.Context(), db, x.Result, out, "", o)
			if err != nil {
				return err
			}
			for _, p := range pics {
				fmt.Fprintln(f.Out, p.SVG)
				if p.PNG != "" {
					fmt.Fprintln(f.Out, p.PNG)
				}
			}
			if skipped != "" {
				fmt.Fprintln(f.Err, "no PNG:", skipped)
			}
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&o.Color, "color", "camp", "colour nodes by "+strings.Join(pipeline.Colors, " or "))
	fl.StringVar(&o.Size, "size", analytics.PageRank, "size nodes and rank states by this measure")
	fl.StringVar(&o.Lang, "lang", "en", "label nodes in "+strings.Join(pipeline.Langs, " or "))
	fl.IntVar(&o.Top, "top", 15, "states in the ranking chart")
	fl.StringVar(&out, "out", "out/pictures", "folder to write the pictures into")
	fl.IntVar(&asOf, "as-of", 0, "only ties in force in that year")
	fl.StringVar(&eng, "engine", engine.Auto, "auto, gds or inprocess")
	return c
}
