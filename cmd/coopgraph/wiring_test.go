package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/spf13/cobra"
)

// commandPaths walks the command tree (help and completion included) and
// returns the argument list that reaches each runnable command, with
// placeholder arguments where the command requires some.
func commandPaths(t *testing.T) [][]string {
	t.Helper()
	root := newRoot(&factory{Out: io.Discard, Err: io.Discard})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		if c.Runnable() && c != root {
			args := []string{}
			for len(args) < 3 && c.ValidateArgs(args) != nil {
				args = append(args, "x")
			}
			if err := c.ValidateArgs(args); err != nil {
				t.Fatalf("%s: no placeholder arguments satisfy it: %v", c.CommandPath(), err)
			}
			paths = append(paths, append(slices.Clone(path), args...))
		}
		for _, sub := range c.Commands() {
			walk(sub, append(slices.Clone(path), sub.Name()))
		}
	}
	walk(root, nil)
	return paths
}

// TestGlobalFlagsMeanTheSameEverywhere: every command (found by walking the
// tree, so a new one is covered without editing this test) loads the
// configuration before it runs, and a fault in it is a usage error that
// names the flag, variable or file, with nothing done.
func TestGlobalFlagsMeanTheSameEverywhere(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	malformed := write("malformed.yaml", "uri: [bolt://127.0.0.1:1\n")
	unknown := write("unknown.yaml", "uri: bolt://127.0.0.1:1\nbolt_port: 7001\n")
	faults := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"bad log level flag", []string{"--log-level", "loud"}, nil, `log level "loud": use debug, info, warn or error (from --log-level)`},
		{"bad log level variable", nil, map[string]string{"COOPGRAPH_LOG_LEVEL": "loud"}, `log level "loud": use debug, info, warn or error (from COOPGRAPH_LOG_LEVEL)`},
		{"missing config file", []string{"--config", "/nonexistent.yaml"}, nil, "config file /nonexistent.yaml does not exist"},
		{"missing config file from the environment", nil, map[string]string{"COOPGRAPH_CONFIG": "/nonexistent.yaml"}, "config file /nonexistent.yaml does not exist"},
		{"malformed config file", []string{"--config", malformed}, nil, "config file " + malformed + " is not valid: While parsing config: yaml: line 1"},
		{"unknown config key", []string{"--config", unknown}, nil, "config file " + unknown + `: unknown key "bolt_port"`},
		{"bad port", nil, map[string]string{"COOPGRAPH_BOLT_PORT": "bolt"}, `local.bolt_port is "bolt": give a TCP port between 1 and 65535 (from COOPGRAPH_BOLT_PORT)`},
	}
	paths := commandPaths(t)
	var names []string
	for _, p := range paths {
		names = append(names, strings.Join(p, " "))
	}
	for _, want := range []string{"version", "db start", "db stop", "db status", "validate", "seed", "synth", "help", "completion bash"} {
		if !slices.Contains(names, want) {
			t.Fatalf("the walk did not find %q among %q", want, names)
		}
	}
	for _, path := range paths {
		for _, fault := range faults {
			t.Run(strings.Join(path, "_")+"/"+fault.name, func(t *testing.T) {
				for k, v := range fault.env {
					t.Setenv(k, v)
				}
				code, out, errOut := cli(t, append(slices.Clone(path), fault.args...)...)
				if code != exitUsage || out != "" || !strings.Contains(errOut, fault.want) {
					t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant stderr to contain %s", code, exitUsage, out, errOut, fault.want)
				}
			})
		}
	}
}

// TestCommandsWithoutADatabaseNeverConnect: validate runs with an
// unreachable URI configured, and seed validates before it connects.
func TestCommandsWithoutADatabaseNeverConnect(t *testing.T) {
	isolate(t)
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1")
	if code, out, errOut := cli(t, "validate"); code != 0 || !strings.Contains(out, "is valid") {
		t.Fatalf("validate: exit %d\n%s\n%s", code, out, errOut)
	}
	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, "a.yaml"), []byte("entities:\n  - id: sg\n    kind: Country\n    name: Singapore\n"), 0o644)
	code, _, errOut := cli(t, "seed", "--data", broken)
	if code != 1 || !strings.Contains(errOut, "the dataset has 1 problem(s); the database was not touched") || strings.Contains(errOut, "cannot reach") {
		t.Fatalf("seed of a broken dataset: exit %d\n%s", code, errOut)
	}
	// A valid dataset then needs the database, and the failure names the configured URI.
	code, _, errOut = cli(t, "seed")
	if code != 1 || !strings.Contains(errOut, "coopgraph: cannot reach Neo4j at bolt://127.0.0.1:1: ") || !strings.Contains(errOut, "check NEO4J_URI and that the server runs") {
		t.Fatalf("seed with no server: exit %d\n%s", code, errOut)
	}
}

// TestSeedFlagsReachTheLoader runs the seed command without the loader.
func TestSeedFlagsReachTheLoader(t *testing.T) {
	var got *seedOptions
	c := newCmdSeed(&factory{Out: io.Discard, Err: io.Discard}, func(_ context.Context, o *seedOptions) error {
		got = o
		return nil
	})
	c.SetArgs([]string{"--data", "d", "--sources", "s", "--batch-size", "7", "--single-tx-limit", "9", "--workers", "3", "--allow-removals"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	want := store.Options{BatchSize: 7, SingleTxLimit: 9, Workers: 3}
	if got == nil || got.Dataset != (dataFlags{Data: "d", Sources: "s", MaxFileSize: "64MiB"}) || !got.Load.AllowRemovals || got.Load.BatchSize != want.BatchSize || got.Load.SingleTxLimit != want.SingleTxLimit || got.Load.Workers != want.Workers || got.DB == nil {
		t.Fatalf("options %+v", got)
	}
}

// TestFactoryOpensTheDatabaseOnce: the connection is opened on first use,
// shared by later calls, and closed when the command ends.
func TestFactoryOpensTheDatabaseOnce(t *testing.T) {
	db := testneo4j.Open(t)
	pointAt(t, db)
	f := &factory{Out: io.Discard, Err: io.Discard}
	if err := f.load(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first, err := f.DB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.DB(ctx)
	if err != nil || second != first {
		t.Fatalf("second call: %p %v, want the first connection %p", second, err, first)
	}
	f.close(ctx)
	if _, err := neo4j.ExecuteQuery(ctx, first.Driver, "RETURN 1", nil, neo4j.EagerResultTransformer); err == nil {
		t.Fatal("the connection still answers after the command ended")
	}
}
