package main

import (
	"fmt"
	"time"

	"github.com/coopgraph/coopgraph/internal/localdb"
	"github.com/spf13/cobra"
)

func (a *app) dbCommand() *cobra.Command {
	db := &cobra.Command{
		Use:   "db",
		Short: "Manage the local Neo4j that coopgraph runs when no NEO4J_URI is set",
	}
	db.AddCommand(&cobra.Command{
		Use:   "start",
		Short: "Start the managed local Neo4j (assembled from Maven Central on first use), or reuse it if it runs",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			srv := localdb.New(cfg.Local)
			st, err := srv.Start(cmd.Context(), a.stderr)
			if err != nil {
				return err
			}
			state := "started"
			if st.Reused {
				state = "already running"
			}
			fmt.Fprintf(a.stdout, "Neo4j %s %s (pid %d) in %s\n", localdb.Neo4jVersion, state, st.PID, st.Took.Round(100*time.Millisecond))
			fmt.Fprintf(a.stdout, "  Bolt URI:    %s\n", st.BoltURI)
			fmt.Fprintf(a.stdout, "  Browser:     %s\n", st.BrowserURL)
			fmt.Fprintf(a.stdout, "  Credentials: user %s, password in %s (owner-only)\n", localdb.User, st.Password)
			fmt.Fprintf(a.stdout, "  Log:         %s\n", srv.LogFile())
			return nil
		},
	}, &cobra.Command{
		Use:   "stop",
		Short: "Stop the managed local Neo4j cleanly",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			was, err := localdb.New(cfg.Local).Stop(cmd.Context())
			if err != nil {
				return err
			}
			if was {
				fmt.Fprintln(a.stdout, "Neo4j stopped")
			} else {
				fmt.Fprintln(a.stdout, "Neo4j was not running")
			}
			return nil
		},
	}, &cobra.Command{
		Use:   "status",
		Short: "Say whether the managed local Neo4j runs, and which Neo4j, APOC and GDS versions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			st, err := localdb.New(cfg.Local).Status(cmd.Context())
			if err != nil {
				return err
			}
			if !st.Running {
				fmt.Fprintln(a.stdout, "Neo4j: not running (start it with `coopgraph db start`)")
				fmt.Fprintf(a.stdout, "  Log: %s\n", st.LogFile)
				return nil
			}
			orNone := func(s string) string {
				if s == "" {
					return "not available"
				}
				return s
			}
			fmt.Fprintf(a.stdout, "Neo4j: running (pid %d), %s %s\n", st.PID, st.Neo4jVersion, st.Edition)
			fmt.Fprintf(a.stdout, "  APOC:        %s\n", orNone(st.APOCVersion))
			fmt.Fprintf(a.stdout, "  GDS:         %s\n", orNone(st.GDSVersion))
			fmt.Fprintf(a.stdout, "  Bolt URI:    %s\n", st.BoltURI)
			fmt.Fprintf(a.stdout, "  Browser:     %s\n", st.BrowserURL)
			fmt.Fprintf(a.stdout, "  Credentials: user %s, password in %s\n", localdb.User, st.PasswordFile)
			fmt.Fprintf(a.stdout, "  Log:         %s\n", st.LogFile)
			return nil
		},
	})
	return db
}
