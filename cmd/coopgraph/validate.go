package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/seed"
	"github.com/spf13/cobra"
)

// dataFlags are the dataset options shared by validate and seed.
type dataFlags struct {
	Data        string
	Sources     string
	MaxFileSize string
}

func (d *dataFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&d.Data, "data", "", "folder of dataset files (*.yaml); default: the dataset built into coopgraph")
	c.Flags().StringVar(&d.Sources, "sources", "", "folder of the source documents (<id>.txt); when given, every quote is checked on its cited line")
	c.Flags().StringVar(&d.MaxFileSize, "max-file-size", "64MiB", "largest dataset file to read (k, m, g are powers of 1024); a larger file is refused before it is read")
}

// load validates the dataset; its problems, one per line with file and
// line, go to w, and the error says what happened: consequence completes
// "the dataset has N problem(s); ...".
func (d *dataFlags) load(w io.Writer, consequence string) (*graph.Dataset, error) {
	limit, err := seed.ParseSize(d.MaxFileSize)
	if err != nil {
		return nil, usagef("--max-file-size %q: %v", d.MaxFileSize, err)
	}
	ds, err := seed.LoadDir(d.Data, seed.Options{SourcesDir: d.Sources, MaxFileSize: limit})
	var probs seed.Problems
	if errors.As(err, &probs) {
		for _, p := range probs {
			fmt.Fprintln(w, p)
		}
		return nil, fmt.Errorf("the dataset has %d problem(s); %s", len(probs), consequence)
	}
	if err == nil {
		for _, warning := range seed.Warnings(ds) {
			fmt.Fprintln(w, "warning:", warning)
		}
	}
	return ds, err
}

type validateOptions struct {
	Dataset dataFlags
	Stats   bool
	// Coverage prints which document lines naming known actors are cited;
	// MinActors bounds the open lines listed.
	Coverage  bool
	MinActors int
	Width     int // terminal cells the coverage fits in
	Out       io.Writer
}

// newCmdValidate builds `validate`; runF replaces runValidate in tests.
func newCmdValidate(f *factory, runF func(context.Context, *validateOptions) error) *cobra.Command {
	o := &validateOptions{}
	c := &cobra.Command{
		Use:   "validate",
		Short: "Check the dataset without a database: schema, references, duplicates, evidence",
		Long: `Check the dataset files: they parse, every field has the right type, every
reference resolves, no id is defined twice and no name points at two ids,
relationship types fit the kinds at their ends, years are plausible, and
every tie has evidence. With --sources, every quote must appear verbatim on
its cited line. Every problem is reported with its file and line.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Out, o.Width = f.Out, f.width()
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return runValidate(cmd.Context(), o)
		},
	}
	o.Dataset.register(c)
	c.Flags().BoolVar(&o.Stats, "stats", false, "print counts by kind, by relationship type and by source, and how many ties are dated")
	c.Flags().BoolVar(&o.Coverage, "coverage", false, "print, per document and section, which lines that name a known actor are cited, listed as uncited, or open (needs --sources)")
	c.Flags().IntVar(&o.MinActors, "min-actors", 2, "with --coverage: list the open lines that name at least this many actors")
	return c
}

func runValidate(_ context.Context, o *validateOptions) error {
	if o.Coverage && o.Dataset.Sources == "" {
		return usagef("--coverage reads the source documents: give --sources (the folder of <id>.txt)")
	}
	ds, err := o.Dataset.load(o.Out, "nothing was loaded")
	if err != nil {
		return err
	}
	quotes := "quotes not checked (give --sources to check them)"
	if o.Dataset.Sources != "" {
		quotes = "every quote found on its cited line"
	}
	st := seed.StatsOf(ds)
	fmt.Fprintf(o.Out, "dataset %s is valid: %d entities, %d ties; %s\n", ds.Version, st.Entities, st.Ties, quotes)
	if o.Stats {
		fmt.Fprintln(o.Out)
		st.Write(o.Out)
	}
	if o.Coverage {
		docs, err := seed.Coverage(ds, o.Dataset.Sources)
		if err != nil {
			return err
		}
		fmt.Fprintln(o.Out)
		seed.WriteCoverage(o.Out, docs, o.MinActors, o.Width)
	}
	return nil
}
