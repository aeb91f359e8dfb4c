package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/coopgraph/coopgraph/internal/localdb"
	"github.com/coopgraph/coopgraph/queries"
	"github.com/coopgraph/coopgraph/queries/format"
	runner "github.com/coopgraph/coopgraph/queries/run"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func newCmdReport(f *factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "report",
		Short: "List, show and run the prepared Cypher reports, or write them all as one brief",
		Long: `The prepared reports answer the questions analysts ask of the graph, each
row with its evidence. Actors are given by id, English or Chinese name, or
alias; the report runs with their ids, in a read transaction.`,
	}
	c.AddCommand(newCmdReportList(f), newCmdReportShow(f), newCmdReportRun(f), newCmdReportAll(f))
	return c
}

// reports loads the embedded reports; a broken file is a bug of the build, not of the call.
func reports() ([]queries.Report, error) {
	all, err := queries.All()
	if err != nil {
		return nil, fmt.Errorf("the embedded reports do not parse:\n%w", err)
	}
	return all, nil
}

// findReport is runner.Find with usage errors for the exit code.
func findReport(name string) (queries.Report, error) {
	all, err := reports()
	if err != nil {
		return queries.Report{}, err
	}
	r, err := runner.Find(all, name)
	return r, asUsage(err)
}

// asUsage marks the runner's usage errors as this program's (exit 2).
func asUsage(err error) error {
	if err != nil && runner.IsUsage(err) {
		return usageError{err}
	}
	return err
}

func completeReports(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	all, _ := queries.All()
	names := make([]string, len(all))
	for i, r := range all {
		names[i] = r.Name + "\t" + r.Title
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

func newCmdReportList(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "Every report, grouped by pack, with its title and parameters",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			all, err := reports()
			if err != nil {
				return err
			}
			return runner.List(f.Out, all)
		},
	}
}

func newCmdReportShow(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:               "show NAME",
		Short:             "A report's header, Cypher, :param lines and a Neo4j Browser link",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeReports,
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := findReport(args[0])
			if err != nil {
				return err
			}
			cfg := f.Config()
			b := runner.Browser{BoltURI: cfg.URI, Database: cfg.Database}
			if cfg.Managed() {
				srv := localdb.New(cfg.Local)
				b.URL, b.BoltURI = srv.BrowserURL(), srv.BoltURI()
			}
			return runner.Show(f.Out, r, b)
		},
	}
}

func newCmdReportRun(f *factory) *cobra.Command {
	var params []string
	var asOf int
	var formatName, out string
	c := &cobra.Command{
		Use:   "run NAME [--param k=v]... [--as-of YEAR] [--format table|csv|json|md] [--out FILE]",
		Short: "Run a report and print its table (or write it to a file)",
		Long: `Run a report in a read transaction. Parameters are converted to their
declared types; actors (entity and state parameters) are given by id,
English or Chinese name, or alias and resolved to their ids first. The
format follows --format, else the extension of --out, else a table fitted
to the terminal.`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeReports,
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := findReport(args[0])
			if err != nil {
				return err
			}
			fm := format.Text
			if ext, ok := format.FromExt(out); ok && formatName == "" {
				fm = ext
			}
			if formatName != "" {
				if fm, err = format.Parse(formatName); err != nil {
					return usageError{err}
				}
			}
			var year *int
			if cmd.Flags().Changed("as-of") {
				year = &asOf
			}
			// Check the parameters before connecting, so a typo costs no server start.
			if _, err := runner.ParseParams(r, params, year); err != nil {
				return asUsage(err)
			}
			db, err := f.DB(cmd.Context())
			if err != nil {
				return err
			}
			t, err := runner.New(db.Driver, db.Target.Database).Report(cmd.Context(), r, params, year)
			if err != nil {
				return asUsage(err)
			}
			if out == "" {
				return format.Write(f.Out, fm, t, f.width())
			}
			var b bytes.Buffer
			if err := format.Write(&b, fm, t, format.DefaultWidth); err != nil {
				return err
			}
			if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(f.Err, "%s: %d rows written to %s\n", r.Name, len(t.Rows), out)
			return nil
		},
	}
	c.Flags().StringArrayVar(&params, "param", nil, "a parameter as name=value (repeatable); see `coopgraph report show NAME`")
	c.Flags().IntVar(&asOf, "as-of", 0, "only ties in force in this year (reports with an as_of parameter)")
	c.Flags().StringVar(&formatName, "format", "", "table, csv, json or md (default: from --out, else table)")
	c.Flags().StringVar(&out, "out", "", "write to this file instead of stdout")
	return c
}

// width is the terminal's width when stdout is one, else the default.
func (f *factory) width() int {
	if f, ok := f.Out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w >= 40 {
			return w
		}
	}
	return format.DefaultWidth
}

func newCmdReportAll(f *factory) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "all --out DIR",
		Short: "Run every report with its defaults into DIR/brief.md, and each report in every format beside it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("report all needs --out DIR")
			}
			all, err := reports()
			if err != nil {
				return err
			}
			db, err := f.DB(cmd.Context())
			if err != nil {
				return err
			}
			sum, err := runner.New(db.Driver, db.Target.Database).Brief(cmd.Context(), all, out)
			if sum != nil {
				writeBriefSummary(f.Out, sum)
			}
			return err
		},
	}
	c.Flags().StringVar(&out, "out", "", "folder to write the brief and the report files into")
	return c
}

func writeBriefSummary(w io.Writer, s *runner.BriefSummary) {
	fmt.Fprintf(w, "%d reports, %d rows: %s and %d files beside it (txt, csv, json, md per report)\n", s.Reports, s.Rows, s.Path, s.Files-1)
}
