package main

import (
	"context"
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

type seedOptions struct {
	Dataset  dataFlags
	Load     store.Options
	DB       func(context.Context) (*connect.DB, error) // opened only once the dataset is valid
	Out, Err io.Writer
}

// newCmdSeed builds `seed`; runF replaces runSeed in tests.
func newCmdSeed(f *factory, runF func(context.Context, *seedOptions) error) *cobra.Command {
	o := &seedOptions{}
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
			o.DB, o.Out, o.Err = f.DB, f.Out, f.Err
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return runSeed(cmd.Context(), o)
		},
	}
	o.Dataset.register(c)
	c.Flags().IntVar(&o.Load.BatchSize, "batch-size", store.DefaultBatchSize, "rows per UNWIND statement")
	c.Flags().IntVar(&o.Load.SingleTxLimit, "single-tx-limit", store.DefaultSingleTxLimit, "most rows written and removed in one transaction; larger loads are batched")
	c.Flags().IntVar(&o.Load.Workers, "workers", store.DefaultWorkers, "sessions writing at once in a batched load")
	c.Flags().BoolVar(&o.Load.AllowRemovals, "allow-removals", false, "load even if it removes more than half of the nodes or ties the graph holds, or the dataset is empty")
	return c
}

func runSeed(ctx context.Context, o *seedOptions) error {
	ds, err := o.Dataset.load(o.Err, "the database was not touched")
	if err != nil {
		return err
	}
	db, err := o.DB(ctx)
	if err != nil {
		return err
	}
	bar, done := progress.Func(o.Err, "loading")
	opt := o.Load
	opt.Progress = bar
	sum, err := store.New(db.Driver, db.Target.Database).Load(ctx, ds, opt)
	done()
	if err != nil {
		return fmt.Errorf("seeding Neo4j at %s: %w", db.Target.URI, err)
	}
	if sum.Note != "" {
		fmt.Fprintln(o.Err, "note:", sum.Note)
	}
	writeSummary(o.Out, sum, db.Target.URI)
	return nil
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
