package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/seed"
	"github.com/spf13/cobra"
)

// dataFlags are the dataset options shared by validate and seed.
type dataFlags struct {
	data        string
	sources     string
	maxFileSize string
}

func (f *dataFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.data, "data", "", "folder of dataset files (*.yaml); default: the dataset built into coopgraph")
	c.Flags().StringVar(&f.sources, "sources", "", "folder of the source documents (<id>.txt); when given, every quote is checked on its cited line")
	c.Flags().StringVar(&f.maxFileSize, "max-file-size", "64MiB", "largest dataset file to read (k, m, g are powers of 1024); a larger file is refused before it is read")
}

// load validates the dataset; its problems, one per line with file and
// line, go to w, and the error says what happened: consequence completes
// "the dataset has N problem(s); ...".
func (f *dataFlags) load(w io.Writer, consequence string) (*graph.Dataset, error) {
	limit, err := seed.ParseSize(f.maxFileSize)
	if err != nil {
		return nil, usagef("--max-file-size %q: %v", f.maxFileSize, err)
	}
	ds, err := seed.LoadDir(f.data, seed.Options{SourcesDir: f.sources, MaxFileSize: limit})
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

func (a *app) validateCommand() *cobra.Command {
	var f dataFlags
	var stats bool
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
			ds, err := f.load(a.stdout, "nothing was loaded")
			if err != nil {
				return err
			}
			quotes := "quotes not checked (give --sources to check them)"
			if f.sources != "" {
				quotes = "every quote found on its cited line"
			}
			st := seed.StatsOf(ds)
			fmt.Fprintf(a.stdout, "dataset %s is valid: %d entities, %d ties; %s\n", ds.Version, st.Entities, st.Ties, quotes)
			if stats {
				fmt.Fprintln(a.stdout)
				st.Write(a.stdout)
			}
			return nil
		},
	}
	f.register(c)
	c.Flags().BoolVar(&stats, "stats", false, "print counts by kind, by relationship type and by source")
	return c
}
