package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/progress"
	"github.com/spf13/cobra"
)

func (a *app) seedCommand() *cobra.Command {
	var f dataFlags
	var opt store.Options
	c := &cobra.Command{
		Use:   "seed",
		Short: "Validate the dataset, then load it into Neo4j atomically and idempotently",
		Long: `Validate the dataset (nothing touches the database if it has a problem),
assert the schema, then load every node and tie with UNWIND ... MERGE in
batches. A load with up to --single-tx-limit rows to write and remove is one
transaction, so a failure leaves the previous graph exactly as it was; what
the files no longer state is removed in the same transaction. A load that
would remove more than half of the nodes or ties the graph holds, or an empty
dataset, is refused unless --allow-removals. Prints what was created,
updated and removed, by kind and by relationship type.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ds, err := f.load(a.stderr, "the database was not touched")
			if err != nil {
				return err
			}
			db, err := a.open(cmd)
			if err != nil {
				return err
			}
			defer db.Close(cmd.Context())
			bar, done := progress.Func(a.stderr, "loading")
			opt.Progress = bar
			sum, err := store.New(db.Driver, db.Target.Database).Load(cmd.Context(), ds, opt)
			done()
			if err != nil {
				return err
			}
			if sum.Note != "" {
				fmt.Fprintln(a.stderr, "note:", sum.Note)
			}
			writeSummary(a.stdout, sum, db.Target.URI)
			return nil
		},
	}
	f.register(c)
	c.Flags().IntVar(&opt.BatchSize, "batch-size", store.DefaultBatchSize, "rows per UNWIND statement")
	c.Flags().IntVar(&opt.SingleTxLimit, "single-tx-limit", store.DefaultSingleTxLimit, "most rows written and removed in one transaction; larger loads are batched")
	c.Flags().IntVar(&opt.Workers, "workers", store.DefaultWorkers, "sessions writing at once in a batched load")
	c.Flags().BoolVar(&opt.AllowRemovals, "allow-removals", false, "load even if it removes more than half of the nodes or ties the graph holds, or the dataset is empty")
	return c
}

// open connects to the configured database (the managed local one if none).
func (a *app) open(cmd *cobra.Command) (*connect.DB, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	t, err := connect.Resolve(cmd.Context(), cfg, a.stderr)
	if err != nil {
		return nil, err
	}
	return connect.Open(cmd.Context(), t)
}

func writeSummary(w io.Writer, sum *store.Summary, uri string) {
	nodes, ties := sum.Totals()
	fmt.Fprintf(w, "dataset %s loaded into %s in %s (%s)\n", sum.Version, uri, sum.Elapsed.Round(time.Millisecond), sum.Describe())
	if len(sum.Schema.Created) > 0 {
		fmt.Fprintf(w, "schema: created %v\n", sum.Schema.Created)
	}
	if len(sum.Schema.Recreated) > 0 {
		fmt.Fprintf(w, "schema: recreated with their declared definition %v\n", sum.Schema.Recreated)
	}
	if len(sum.Schema.Unexpected) > 0 {
		fmt.Fprintf(w, "schema: the database also has indexes or constraints coopgraph does not declare: %v\n", sum.Schema.Unexpected)
	}
	fmt.Fprintf(w, "nodes: %d created, %d updated, %d unchanged, %d removed\n", nodes.Created, nodes.Updated, nodes.Unchanged, nodes.Removed)
	fmt.Fprintf(w, "ties:  %d created, %d updated, %d unchanged, %d removed\n\n", ties.Created, ties.Updated, ties.Unchanged, ties.Removed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	table := func(title string, m map[string]*store.Counts) {
		fmt.Fprintf(tw, "%s\tcreated\tupdated\tunchanged\tremoved\t\n", title)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			c := m[k]
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", k, c.Created, c.Updated, c.Unchanged, c.Removed)
		}
		fmt.Fprintln(tw, "\t\t\t\t\t")
	}
	table("kind", sum.Kinds)
	table("relationship", sum.Types)
	tw.Flush()
}
