package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
)

// cli runs coopgraph in process and returns its exit code and output.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	code := run(ctx, args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// isolate points config at an empty folder so that no user file or server is used.
func isolate(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for _, v := range []string{"NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE", "COOPGRAPH_URI", "COOPGRAPH_PASSWORD", "COOPGRAPH_CONFIG"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("COOPGRAPH_DATA_DIR", filepath.Join(dir, "data"))
}

// pointAt isolates the test from the user's configuration and points
// coopgraph at the test database.
func pointAt(t *testing.T, db *connect.DB) {
	t.Helper()
	isolate(t)
	t.Setenv("NEO4J_URI", db.Target.URI)
	t.Setenv("NEO4J_USERNAME", db.Target.User)
	t.Setenv("NEO4J_PASSWORD", db.Target.Password)
}

func TestExitCodes(t *testing.T) {
	isolate(t)
	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, "a.yaml"), []byte("entities:\n  - id: sg\n    kind: Country\n    name: Singapore\n"), 0o644)
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"version", []string{"version"}, 0, "coopgraph ", ""},
		{"help", []string{"--help"}, 0, "db", ""},
		{"unknown flag", []string{"validate", "--nope"}, 2, "", "unknown flag: --nope"},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"extra argument", []string{"validate", "extra"}, 2, "", `unknown command "extra" for "coopgraph validate"`},
		{"bad log level", []string{"db", "status", "--log-level", "loud"}, 2, "", `log level "loud": use debug, info, warn or error`},
		{"valid dataset", []string{"validate"}, 0, "is valid", ""},
		{"broken dataset", []string{"validate", "--data", broken}, 1, `a.yaml:2: entity id "sg" is not well formed for kind Country`, "the dataset has 1 problem(s); nothing was loaded"},
		{"missing folder", []string{"validate", "--data", "/nonexistent"}, 1, "", "dataset folder /nonexistent does not exist"},
		{"file over the size limit", []string{"validate", "--data", broken, "--max-file-size", "10"}, 1, "a.yaml: file is 59B, over the limit of 10B", "the dataset has 1 problem(s); nothing was loaded"},
		{"not a size", []string{"validate", "--max-file-size", "lots"}, 2, "", `--max-file-size "lots": not a size`},
		{"coverage without the documents", []string{"validate", "--coverage"}, 2, "", "--coverage reads the source documents: give --sources"},
		{"coverage", []string{"validate", "--coverage", "--sources", "../../../shared/seeds"}, 0, "\n  all documents ", ""},
		{"stats", []string{"validate", "--stats"}, 0, "memberships and parties with a start year", ""},
		{"status of a server never started", []string{"db", "status"}, 0, "Neo4j: not running", ""},
		{"stop of a server never started", []string{"db", "stop"}, 0, "Neo4j was not running", ""},
		{"browser assets without --out", []string{"browser", "assets"}, 2, "", "browser assets needs --out DIR: the folder to write style.grass and guide.md into"},
		{"browser assets", []string{"browser", "assets", "--out", filepath.Join(broken, "assets")}, 0, filepath.Join(broken, "assets", "guide.md"), ""},
		{"browser assets into a file", []string{"browser", "assets", "--out", filepath.Join(broken, "a.yaml")}, 1, "", "creating " + filepath.Join(broken, "a.yaml")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := cli(t, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errOut, tc.stderr) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
		})
	}
}

// TestSeedWithBadInputLeavesTheDatabaseAlone: a dataset with a problem gets
// file and line, exit 1, and no change to the database.
func TestSeedWithBadInputLeavesTheDatabaseAlone(t *testing.T) {
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	st := store.New(db.Driver, db.Target.Database)
	pointAt(t, db)

	// --allow-removals: whatever an earlier test left in the database is replaced.
	if code, out, errOut := cli(t, "seed", "--data", "../../seed/data", "--allow-removals"); code != 0 || !strings.Contains(out, "loaded into "+db.Target.URI) {
		t.Fatalf("seeding the real dataset: exit %d\n%s\n%s", code, out, errOut)
	}
	before, err := st.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	bad := t.TempDir()
	for _, f := range []string{"core.yaml", "sources.yaml"} {
		b, _ := os.ReadFile(filepath.Join("../../seed/data", f))
		os.WriteFile(filepath.Join(bad, f), b, 0o644)
	}
	os.WriteFile(filepath.Join(bad, "ties.yaml"), []byte("ties:\n  - type: MEMBER_OF\n    from: SG\n    to: asean\n    since: 1867\n    evidence:\n      - source: 000_fec1530038a11fab\n"), 0o644)
	code, _, errOut := cli(t, "seed", "--data", bad)
	if code != 1 || !strings.Contains(errOut, "ties.yaml:2: tie MEMBER_OF SG→asean: since 1867 is not a plausible year") || !strings.Contains(errOut, "the database was not touched") {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if after, _ := st.Digest(context.Background()); after != before {
		t.Fatal("a rejected seed changed the database")
	}
}
