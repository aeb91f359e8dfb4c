package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/coopgraph/coopgraph/internal/schedule"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/spf13/pflag"
)

func scheduleConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestScheduleProblemsExit2NamingTheJob(t *testing.T) {
	isolate(t)
	out := t.TempDir()
	bad := scheduleConfig(t, `schedule:
  - name: nightly
    cron: "30 25 * * *"
    measures: [pagerank, popularity]
    formats: [csv, xlsx]
    out: `+out+`
`)
	typo := scheduleConfig(t, "schedule:\n  - name: nightly\n    cron: '@daily'\n    formts: [csv]\n")
	none := scheduleConfig(t, "user: neo4j\n")
	cases := []struct {
		name string
		file string
		want []string
	}{
		{"bad values", bad, []string{
			bad + ": the schedule cannot run (3 problems):",
			`schedule job "nightly": cron "30 25 * * *": end of range (25) above maximum (23)`,
			`schedule job "nightly": unknown measure "popularity": use degree, weighted-degree, pagerank`,
			`schedule job "nightly": formats: "xlsx": use csv, json, graphml, gexf or gephi`,
		}},
		{"unknown key", typo, []string{`config file ` + typo + `: schedule job "nightly": unknown key formts: a job has name, cron, measures`}},
		{"no schedule", none, []string{"coopgraph: the schedule cannot run: no schedule is configured: list the jobs under `schedule:` in the config file"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := cli(t, "schedule", "--config", tc.file)
			if code != 2 || stdout != "" {
				t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestScheduleCheckPrintsTheNextRuns(t *testing.T) {
	isolate(t)
	out := filepath.Join(t.TempDir(), "exports")
	file := scheduleConfig(t, `schedule:
  - name: nightly
    cron: "CRON_TZ=UTC 30 2 * * *"
    formats: csv,gexf
    out: `+out+`
`)
	code, stdout, stderr := cli(t, "schedule", "--config", file, "--check")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "job ") || !strings.HasPrefix(lines[1], "nightly  CRON_TZ=UTC 30 2 * * *  ") ||
		strings.Count(lines[1], " 02:30:00 UTC") != 3 || !strings.HasSuffix(lines[1], "csv,gexf in "+out) {
		t.Errorf("stdout:\n%s", stdout)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("--check did not create the out folder it checked: %v", err)
	}
}

func TestCentralityArgs(t *testing.T) {
	y := 2018
	cases := []struct {
		job  config.Job
		want string
	}{
		{config.Job{Formats: []string{"csv", "gexf"}, Out: "/x"}, "centrality --format csv,gexf --out /x"},
		{config.Job{Measures: []string{"pagerank", "louvain"}, Graph: "all", Engine: "gds", Formats: []string{"json"}, Out: "/x y", WriteBack: true, AsOf: &y},
			"centrality --format json --out /x y --measure pagerank,louvain --graph all --engine gds --as-of 2018 --write-back"},
	}
	for _, tc := range cases {
		if got := strings.Join(centralityArgs(tc.job), " "); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.job, got, tc.want)
		}
	}
}

// TestScheduleRunsUntilStopped runs `coopgraph schedule` in process with a
// job every second against the test Neo4j, until the context is cancelled
// (what SIGINT and SIGTERM do in main): exit 0, and a run in the run log.
// With the centrality command present, the run exports; without it, the
// run fails saying so, and the schedule goes on.
func TestScheduleRunsUntilStopped(t *testing.T) {
	db := testneo4j.Open(t)
	pointAt(t, db)
	if hasCentrality() {
		testneo4j.Exclusive(t)
		if code, _, stderr := cli(t, "seed"); code != 0 {
			t.Fatalf("seed: %s", stderr)
		}
	}
	out := t.TempDir()
	file := scheduleConfig(t, `schedule:
  - name: every-second
    cron: "* * * * * *"
    measures: [degree, pagerank]
    graph: states
    formats: [csv, json]
    out: `+out+`
`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	codec := make(chan int, 1)
	var stdout, stderr strings.Builder
	go func() { codec <- run(ctx, []string{"schedule", "--config", file, "--grace", "1m"}, &stdout, &stderr) }()
	var rec schedule.Record
	deadline := time.Now().Add(3 * time.Minute)
	for rec.Job == "" {
		if time.Now().After(deadline) {
			t.Fatal("no run in the run log")
		}
		time.Sleep(100 * time.Millisecond)
		if f, err := os.Open(filepath.Join(out, schedule.RunLog)); err == nil {
			// The first run that ran: on a slow machine ticks that find it
			// still going are logged as skipped before it ends.
			sc := bufio.NewScanner(f)
			for rec.Job == "" && sc.Scan() {
				var r schedule.Record
				if json.Unmarshal(sc.Bytes(), &r) == nil && r.Outcome != schedule.Skipped {
					rec = r
				}
			}
			f.Close()
		}
	}
	cancel()
	if code := <-codec; code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if rec.Job != "every-second" {
		t.Fatalf("run record %+v", rec)
	}
	if hasCentrality() {
		if rec.Outcome != schedule.OK {
			t.Fatalf("the run failed: %s", rec.Error)
		}
		if _, err := os.Stat(filepath.Join(out, "states-rankings.csv")); err != nil {
			t.Errorf("the run wrote no rankings: %v", err)
		}
	} else if rec.Outcome != schedule.Failed || rec.Error != `centrality: unknown command "centrality" for "coopgraph"` {
		t.Errorf("run record %+v", rec)
	}
	if !strings.Contains(stderr.String(), `msg="stopping: no new run starts" grace=1m0s`) || !strings.Contains(stderr.String(), "msg=stopped") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
}

// hasCentrality says whether this build has the centrality command the
// scheduled runs call.
func hasCentrality() bool {
	cmd, _, err := newRoot(&factory{Out: io.Discard, Err: io.Discard}).Find([]string{"centrality"})
	return err == nil && cmd.Name() == "centrality"
}

// The runs get the global flags the schedule was started with (the config
// file, the database), and none of the schedule's own.
func TestForwardedFlags(t *testing.T) {
	fs := pflag.NewFlagSet("coopgraph", pflag.ContinueOnError)
	config.RegisterFlags(fs)
	fs.Duration("grace", 0, "")
	if err := fs.Parse([]string{"--config", "/etc/coopgraph.yaml", "--uri", "neo4j+s://x.databases.neo4j.io", "--log-level", "debug"}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(forwardedFlags(fs), " "); got != "--config=/etc/coopgraph.yaml --log-level=debug --uri=neo4j+s://x.databases.neo4j.io" {
		t.Errorf("forwarded %s", got)
	}
}
