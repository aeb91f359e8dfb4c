package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/coopgraph/coopgraph/graph/analytics/engine"
	"github.com/coopgraph/coopgraph/graph/export"
	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/localdb"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/progress"
	"github.com/spf13/cobra"
)

type demoOptions struct {
	Dataset  dataFlags
	Out      string
	Config   func() (managed bool, srv *localdb.Server)
	DB       func(context.Context) (*connect.DB, error)
	Stdout   io.Writer
	Stderr   io.Writer
	Pictures pipeline.PictureOptions
}

// newCmdDemo builds `demo`: the whole main job in one command.
func newCmdDemo(f *factory, runF func(context.Context, *demoOptions) error) *cobra.Command {
	o := &demoOptions{}
	c := &cobra.Command{
		Use:   "demo",
		Short: "The whole main job: Neo4j, seed, every report as a brief, centrality exports, pictures",
		Long: `Start the managed local Neo4j if no database is configured, validate and seed
the dataset (quotes checked against --sources when given), run every report
into a Markdown brief, compute centrality and communities on the state graph
and the whole graph (written back onto the nodes, exported in every format),
draw the network and a ranking into the brief, and print where everything
went, with the Browser URL and how to log in. A second run reuses all of it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.DB, o.Stdout, o.Stderr = f.DB, f.Out, f.Err
			o.Config = func() (bool, *localdb.Server) {
				cfg := f.Config()
				return cfg.Managed(), localdb.New(cfg.Local)
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return runDemo(cmd.Context(), o)
		},
	}
	o.Dataset.register(c)
	c.Flags().StringVar(&o.Out, "out", "out/demo", "folder for the brief, the exports and the pictures")
	return c
}

func runDemo(ctx context.Context, o *demoOptions) error {
	t0 := time.Now()
	ds, err := o.Dataset.load(o.Stderr, "the database was not touched")
	if err != nil {
		return err
	}
	conn, err := o.DB(ctx)
	if err != nil {
		return err
	}
	db := pipeline.DB{Driver: conn.Driver, Database: conn.Target.Database}
	const steps = 4
	bar, done := progress.Func(o.Stderr, "demo")
	defer done()
	step := func(n int) {
		if bar != nil {
			bar(n, steps)
		}
	}
	sum, err := store.New(db.Driver, db.Database).Load(ctx, ds, store.Options{})
	if err != nil {
		return fmt.Errorf("seeding Neo4j at %s: %w", conn.Target.URI, err)
	}
	step(1)
	briefDir := filepath.Join(o.Out, "brief")
	brief, err := pipeline.Brief(ctx, db, briefDir)
	if err != nil {
		return fmt.Errorf("writing the brief: %w", err)
	}
	step(2)
	exportDir := filepath.Join(o.Out, "centrality")
	var states *pipeline.Exported
	var exports []string
	for _, g := range []string{"states", "all"} {
		x, err := pipeline.Centrality(ctx, db, engine.Request{Graph: g, Engine: engine.Auto, WithEdges: true, WriteBack: g == "states"}, export.Formats, exportDir)
		if err != nil {
			return fmt.Errorf("centrality on the %s graph: %w", g, err)
		}
		if g == "states" {
			states = x
		}
		exports = append(exports, x.Paths...)
	}
	step(3)
	picDir := filepath.Join(briefDir, "pictures")
	pics, skipped, err := pipeline.Pictures(ctx, db, states.Result, picDir, brief.Path,
		pipeline.PictureOptions{Color: "camp", Lang: "en"}, pipeline.PictureOptions{Color: "community", Lang: "zh"})
	if err != nil {
		return fmt.Errorf("drawing the pictures: %w", err)
	}
	step(4)
	done()

	w := o.Stdout
	nodes, ties := sum.Totals()
	// Each line fits an 80-column terminal but for the paths and the URL.
	fmt.Fprintf(w, "coopgraph demo: done in %s\n\n", time.Since(t0).Round(100*time.Millisecond))
	fmt.Fprintf(w, "Seeded      dataset %s into %s (%s)\n", sum.Version, conn.Target.URI, sum.Describe())
	fmt.Fprintf(w, "            nodes %d created, %d updated, %d removed; ties %d, %d, %d\n",
		nodes.Created, nodes.Updated, nodes.Removed, ties.Created, ties.Updated, ties.Removed)
	fmt.Fprintf(w, "Brief       %s\n", brief.Path)
	fmt.Fprintf(w, "            %d reports, %d rows; each also as .txt, .csv, .json, .md\n", brief.Reports, brief.Rows)
	for _, fail := range brief.Failed {
		fmt.Fprintf(w, "            report failed: %s\n", fail)
	}
	fmt.Fprintf(w, "Centrality  %s\n", exportDir)
	fmt.Fprintf(w, "            %d files: rankings (CSV, JSON), Gephi CSV, GraphML, GEXF; engine %s\n", len(exports), states.Result.Engine)
	fmt.Fprintln(w, "            scores written back onto the nodes as score_* and community_*")
	if len(pics) > 0 {
		fmt.Fprintf(w, "Pictures    %s\n", filepath.Dir(pics[0].SVG))
	}
	for _, p := range pics {
		kinds := "svg"
		if p.PNG != "" {
			kinds = "svg, png"
		}
		fmt.Fprintf(w, "            %s (%s)\n", strings.TrimSuffix(filepath.Base(p.SVG), ".svg"), kinds)
	}
	if skipped != "" {
		fmt.Fprintf(w, "            no PNG: %s\n", skipped)
	}
	if top := states.Result.Ranked(analytics.PageRank); len(top) > 0 {
		fmt.Fprintf(w, "Most central state by PageRank: %s (%s)\n", top[0].Name, top[0].ID)
	}
	managed, srv := o.Config()
	fmt.Fprintln(w)
	if managed {
		fmt.Fprintf(w, "Neo4j Browser  %s\n", srv.BrowserURL())
		fmt.Fprintf(w, "  log in as neo4j, password in %s\n", srv.PasswordFile())
		fmt.Fprintln(w, "  the guide opens in the sidebar; the style colours nodes by kind")
		fmt.Fprintln(w, "  stop the server with `coopgraph db stop`")
	} else {
		fmt.Fprintf(w, "Neo4j  %s (your own server)\n", conn.Target.URI)
		fmt.Fprintln(w, "  Browser style and guide: `coopgraph browser assets --out DIR` (see the README)")
	}
	return nil
}
