package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestJobsAreDecodedFromTheScheduleList(t *testing.T) {
	clearEnv(t)
	file := writeConfig(t, `
schedule:
  - name: nightly-states
    cron: "30 2 * * *"
    measures: [degree, pagerank, louvain]
    graph: states
    formats: csv,json
    out: ~/exports/states
    write_back: true
  - name: as-of-2018
    cron: "@weekly"
    measures: [betweenness]
    graph: all
    engine: gonum
    formats: [gexf]
    out: /srv/exports
    as_of: 2018
`)
	c, err := Load(flags(t, "--config", file))
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := c.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	home, _ := os.UserHomeDir()
	if len(jobs) != 2 {
		t.Fatalf("%d jobs", len(jobs))
	}
	a, b := jobs[0], jobs[1]
	if a.Name != "nightly-states" || a.Cron != "30 2 * * *" || fmt.Sprint(a.Measures) != "[degree pagerank louvain]" || a.Graph != "states" ||
		fmt.Sprint(a.Formats) != "[csv json]" || a.Out != filepath.Join(home, "exports/states") || !a.WriteBack || a.AsOf != nil || a.Engine != "" {
		t.Errorf("first job %+v", a)
	}
	if b.Engine != "gonum" || b.AsOf == nil || *b.AsOf != 2018 || b.WriteBack || fmt.Sprint(b.Formats) != "[gexf]" {
		t.Errorf("second job %+v", b)
	}
}

func TestNoScheduleIsNoJobs(t *testing.T) {
	clearEnv(t)
	c, err := Load(flags(t, "--config", writeConfig(t, "user: neo4j\n")))
	if err != nil {
		t.Fatal(err)
	}
	if jobs, err := c.Jobs(); jobs != nil || err != nil {
		t.Fatalf("jobs %v, err %v", jobs, err)
	}
}

// A malformed schedule is an error that names the job and the key, and it
// does not stop Load: only the scheduler asks for the jobs.
func TestMalformedScheduleNamesTheJob(t *testing.T) {
	clearEnv(t)
	cases := []struct{ body, want string }{
		{"schedule: nightly", `schedule is a string: give a list of jobs`},
		{"schedule:\n  - nightly", `schedule entry 1 is a string: give a job`},
		{"schedule:\n  - name: nightly\n    formts: [csv]\n    kron: x", `schedule job "nightly": unknown key formts, kron: a job has name, cron, measures, graph, engine, formats, out, write_back, as_of`},
		{"schedule:\n  - cron: '* * * * *'\n  - name: second\n    as_of: soon\n    measures: 3", `schedule job "second": 'as_of' expected type 'int', got unconvertible type 'string'; 'measures' source data must be an array or slice, got int`},
		{"schedule:\n  - cron: '* * * * *'\n    as_of: soon", `schedule entry 1: `},
	}
	for _, tc := range cases {
		file := writeConfig(t, tc.body)
		c, err := Load(flags(t, "--config", file))
		if err != nil {
			t.Fatalf("%q: Load: %v", tc.body, err)
		}
		_, err = c.Jobs()
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "config file "+file+": ") {
			t.Errorf("%q: %v, want %q", tc.body, err, tc.want)
		}
	}
}
