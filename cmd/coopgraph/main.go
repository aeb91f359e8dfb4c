// Command coopgraph is the command-line program of the cooperation graph:
// it wires commands to the packages that do the work, and nothing else.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=..."; a plain
// `go build` falls back to the module's build information.
var version = ""

// Exit codes: 0 success, 1 failure, 2 usage error.
const (
	exitFailure = 1
	exitUsage   = 2
)

// usageError marks a mistake in how the command was called.
type usageError struct{ error }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := &factory{Out: stdout, Err: stderr}
	root := newRoot(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	f.close(ctx)
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "coopgraph:", err)
	var u usageError
	if errors.As(err, &u) || strings.HasPrefix(err.Error(), "unknown command") {
		return exitUsage
	}
	return exitFailure
}

// newRoot builds the command tree. Configuration and logging are loaded in
// one place, the root's PersistentPreRunE, which cobra runs before every
// command (no command defines a hook of its own, which would replace it).
func newRoot(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "coopgraph",
		Short: "Cooperation-relationship graph of cyberspace and digital-economy governance, in Neo4j",
		Long: `coopgraph keeps states, organisations, agencies, forums, agreements, laws and
initiatives as Neo4j nodes, and who cooperates with whom as typed, dated,
source-cited relationships.

With no NEO4J_URI configured, commands use a managed local Neo4j 5.26
(see 'coopgraph db start').`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(*cobra.Command, []string) error {
			return f.load()
		},
	}
	root.SetOut(f.Out)
	root.SetErr(f.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	config.RegisterFlags(root.PersistentFlags())
	f.flags = root.PersistentFlags()

	root.AddCommand(
		newCmdVersion(f),
		newCmdDB(f),
		newCmdValidate(f, nil),
		newCmdSeed(f, nil),
		newCmdSynth(f, nil),
		newCmdReport(f),
		newCmdBrowser(f),
		newCmdCentrality(f),
		newCmdSchedule(f, nil),
		newCmdRender(f),
		newCmdDemo(f, nil),
	)
	wrapArgs(root)
	return root
}

func newCmdVersion(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of coopgraph",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintln(f.Out, "coopgraph", buildVersion())
			return nil
		},
	}
}

// wrapArgs makes argument-count errors usage errors (exit 2).
func wrapArgs(c *cobra.Command) {
	if c.Args != nil {
		check := c.Args
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return usageError{err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		wrapArgs(sub)
	}
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", ""
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "-dirty"
				}
			}
		}
		if rev != "" {
			if len(rev) > 12 {
				rev = rev[:12]
			}
			return "dev-" + rev + dirty
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
	}
	return "dev"
}
