package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/coopgraph/coopgraph/internal/localdb"
	"github.com/spf13/cobra"
)

// dbOptions are what the db subcommands need: the managed server's
// configuration (filled in from the factory when the command runs) and
// where to write.
type dbOptions struct {
	Local    config.Local
	Out, Err io.Writer
}

func newCmdDB(f *factory) *cobra.Command {
	db := &cobra.Command{
		Use:   "db",
		Short: "Manage the local Neo4j that coopgraph runs when no NEO4J_URI is set",
	}
	sub := func(use, short string, run func(context.Context, *dbOptions) error) *cobra.Command {
		return &cobra.Command{
			Use:   use,
			Short: short,
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				return run(cmd.Context(), &dbOptions{Local: f.Config().Local, Out: f.Out, Err: f.Err})
			},
		}
	}
	db.AddCommand(
		sub("start", "Start the managed local Neo4j (assembled from Maven Central on first use), or reuse it if it runs", runDBStart),
		sub("stop", "Stop the managed local Neo4j cleanly", runDBStop),
		sub("status", "Say whether the managed local Neo4j runs, and which Neo4j, APOC and GDS versions", runDBStatus),
	)
	return db
}

func runDBStart(ctx context.Context, o *dbOptions) error {
	srv := localdb.New(o.Local)
	st, err := srv.Start(ctx, o.Err)
	if err != nil {
		return err
	}
	state := "started"
	if st.Reused {
		state = "already running"
	}
	fmt.Fprintf(o.Out, "Neo4j %s %s (pid %d) in %s\n", localdb.Neo4jVersion, state, st.PID, st.Took.Round(100*time.Millisecond))
	fmt.Fprintf(o.Out, "  Bolt URI:    %s\n", st.BoltURI)
	fmt.Fprintf(o.Out, "  Browser:     %s\n", st.BrowserURL)
	fmt.Fprintf(o.Out, "  Credentials: user %s, password in %s (owner-only)\n", localdb.User, st.Password)
	fmt.Fprintf(o.Out, "  Log:         %s\n", srv.LogFile())
	return nil
}

func runDBStop(ctx context.Context, o *dbOptions) error {
	was, err := localdb.New(o.Local).Stop(ctx)
	if err != nil {
		return err
	}
	if was {
		fmt.Fprintln(o.Out, "Neo4j stopped")
	} else {
		fmt.Fprintln(o.Out, "Neo4j was not running")
	}
	return nil
}

func runDBStatus(ctx context.Context, o *dbOptions) error {
	st, err := localdb.New(o.Local).Status(ctx)
	if err != nil {
		return err
	}
	if !st.Running {
		fmt.Fprintln(o.Out, "Neo4j: not running (start it with `coopgraph db start`)")
		fmt.Fprintf(o.Out, "  Log: %s\n", st.LogFile)
		return nil
	}
	orNone := func(s string) string {
		if s == "" {
			return "not available"
		}
		return s
	}
	fmt.Fprintf(o.Out, "Neo4j: running (pid %d), %s %s\n", st.PID, st.Neo4jVersion, st.Edition)
	fmt.Fprintf(o.Out, "  APOC:        %s\n", orNone(st.APOCVersion))
	fmt.Fprintf(o.Out, "  GDS:         %s\n", orNone(st.GDSVersion))
	fmt.Fprintf(o.Out, "  Bolt URI:    %s\n", st.BoltURI)
	fmt.Fprintf(o.Out, "  Browser:     %s\n", st.BrowserURL)
	fmt.Fprintf(o.Out, "  Credentials: user %s, password in %s\n", localdb.User, st.PasswordFile)
	fmt.Fprintf(o.Out, "  Log:         %s\n", st.LogFile)
	return nil
}
