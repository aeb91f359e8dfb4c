package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/coopgraph/coopgraph/queries"
	"github.com/coopgraph/coopgraph/seed"
	"github.com/jedib0t/go-pretty/v6/text"
)

// TestReportCommandsWithoutADatabase: list and show need no server, and
// usage mistakes are caught before one is started (exit 2).
func TestReportCommandsWithoutADatabase(t *testing.T) {
	isolate(t)
	t.Setenv("COOPGRAPH_HTTP_PORT", "17999")
	t.Setenv("COOPGRAPH_BOLT_PORT", "17998")
	all, err := queries.All()
	if err != nil {
		t.Fatal(err)
	}
	noAsOf := ""
	for _, r := range all {
		if _, ok := r.Param(queries.AsOf); !ok {
			noAsOf = r.Name
		}
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{"list", []string{"report", "list"}, 0, []string{"cooperation\n", "  partners ", "A state's partners", "state=SG (state)", "evidence-between"}, ""},
		{"show", []string{"report", "show", "partners"}, 0, []string{":param state => 'SG'", "{id: $state})",
			"http://127.0.0.1:17999/browser/?connectURL=neo4j%2Fbolt%3A%2F%2F127.0.0.1%3A17998&cmd=edit&arg=%2F%2F%20name%3A%20partners%0A"}, ""},
		{"unknown report", []string{"report", "show", "partner"}, 2, nil, `no report is called "partner"; closest: partners`},
		{"unknown report to run", []string{"report", "run", "evidnce-between"}, 2, nil, `no report is called "evidnce-between"; closest: evidence-between`},
		{"unknown parameter", []string{"report", "run", "partners", "--param", "stat=SG"}, 2, nil, `report partners has no parameter "stat"`},
		{"ill-typed parameter", []string{"report", "run", "partners", "--param", "state"}, 2, nil, `--param "state": write name=value`},
		{"bad format", []string{"report", "run", "partners", "--format", "xml"}, 2, nil, `format "xml": use table, csv, json or md`},
		{"all without a folder", []string{"report", "all"}, 2, nil, "report all needs --out DIR"},
		{"show without a name", []string{"report", "show"}, 2, nil, "accepts 1 arg(s), received 0"},
	}
	if noAsOf != "" {
		cases = append(cases, struct {
			name   string
			args   []string
			code   int
			stdout []string
			stderr string
		}{"as-of on a report without it", []string{"report", "run", noAsOf, "--as-of", "2018"}, 2, nil, "report " + noAsOf + " does not take --as-of"})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := cli(t, tc.args...)
			ok := code == tc.code && strings.Contains(errOut, tc.stderr)
			for _, s := range tc.stdout {
				ok = ok && strings.Contains(out, s)
			}
			if !ok {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
		})
	}
	// No server was started for any of it.
	if _, err := os.Stat(filepath.Join(os.Getenv("COOPGRAPH_DATA_DIR"), "neo4j", "password")); err == nil {
		t.Error("a managed server was set up")
	}

	// With a server of the user's own, show explains how to open Browser.
	t.Setenv("NEO4J_URI", "neo4j+s://abc.databases.neo4j.io")
	code, out, _ := cli(t, "report", "show", "partners")
	if code != 0 || !strings.Contains(out, "https://browser.neo4j.io/?dbms=neo4j%2Bs%3A%2F%2Fabc.databases.neo4j.io&db=neo4j&cmd=edit&arg=") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestReportRunAndAll: reports run against the seeded graph by name, in
// every format, to stdout or a file, and all of them into a brief.
func TestReportRunAndAll(t *testing.T) {
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	ds, err := seed.Load(seed.DataFS(), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.New(db.Driver, db.Target.Database).Load(context.Background(), ds, store.Options{}); err != nil {
		t.Fatal(err)
	}
	pointAt(t, db)

	code, out, errOut := cli(t, "report", "run", "partners", "--param", "state=新加坡", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 2 || strings.Join(recs[0], ",") != strings.Join(mustReport(t, "partners").Columns, ",") {
		t.Fatalf("%v\n%s", err, out)
	}
	at := func(name string) int { return slices.Index(recs[0], name) }
	us := false
	for _, r := range recs[1:] {
		us = us || (r[at("partner")] == "US" && r[at("through")] == "direct")
	}
	if !us {
		t.Errorf("the US is not a direct partner of Singapore:\n%s", out)
	}

	code, out, errOut = cli(t, "report", "run", "evidence-between", "--param", "a=Singapore", "--param", "b=美国")
	if code != 0 || !strings.Contains(out, "evidence-between: Evidence linking two actors (a=SG, b=US)") || !strings.Contains(out, "MOU_WITH") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, l := range strings.Split(out, "\n") {
		if n := text.StringWidthWithoutEscSequences(l); n > 100 {
			t.Errorf("a table line of %d characters: %s", n, l)
		}
	}

	file := filepath.Join(t.TempDir(), "ev.json")
	if code, _, errOut = cli(t, "report", "run", "evidence-between", "--out", file); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Report string
		Rows   []map[string]any
	}
	b, _ := os.ReadFile(file)
	if err := json.Unmarshal(b, &doc); err != nil || doc.Report != "evidence-between" || len(doc.Rows) == 0 {
		t.Fatalf("%v %s", err, b)
	}

	code, _, errOut = cli(t, "report", "run", "partners", "--param", "state=Atlantis")
	if code != 2 || !strings.Contains(errOut, `parameter state: no state is called "Atlantis"`) {
		t.Errorf("exit %d: %s", code, errOut)
	}
	code, _, errOut = cli(t, "report", "run", "partners", "--param", "state=ASEAN")
	if code != 2 || !strings.Contains(errOut, `parameter state: "ASEAN" is asean (Organisation`) {
		t.Errorf("exit %d: %s", code, errOut)
	}

	dir := filepath.Join(t.TempDir(), "brief")
	code, out, errOut = cli(t, "report", "all", "--out", dir)
	if code != 0 || !strings.Contains(out, filepath.Join(dir, "brief.md")) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, f := range []string{"brief.md", "partners.txt", "partners.csv", "partners.json", "partners.md", "evidence-between.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

func mustReport(t *testing.T, name string) queries.Report {
	t.Helper()
	all, _ := queries.All()
	for _, r := range all {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no report %s", name)
	return queries.Report{}
}
