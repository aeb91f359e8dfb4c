package schedule

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/config"
)

func ip(v int) *int { return &v }

func goodJob(t *testing.T) config.Job {
	return config.Job{Name: "nightly", Cron: "30 2 * * *", Measures: []string{"pagerank", "louvain"}, Graph: "states", Formats: []string{"csv", "gexf"}, Out: t.TempDir()}
}

func TestValidateAcceptsGoodJobs(t *testing.T) {
	a, b := goodJob(t), goodJob(t)
	b.Name, b.Cron, b.Graph, b.Engine, b.AsOf, b.Measures = "weekly-all", "@weekly", "all", "gds", ip(2018), []string{"weighted-degree", "leiden"}
	c := goodJob(t)
	c.Name, c.Cron, c.Out = "every-second", "* * * * * *", filepath.Join(t.TempDir(), "made", "for", "it")
	if err := Validate([]config.Job{a, b, c}, DefaultCatalog, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.Out); err != nil {
		t.Errorf("the missing out folder was not created: %v", err)
	}
	if ents, _ := os.ReadDir(c.Out); len(ents) != 0 {
		t.Errorf("checking the folder left %d files in it", len(ents))
	}
}

// Each problem names its job; all of them are reported at once.
func TestValidateNamesTheJobOfEachProblem(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	shared := t.TempDir()
	mod := func(f func(*config.Job)) config.Job { j := goodJob(t); f(&j); return j }
	cases := []struct {
		name string
		jobs []config.Job
		want []string
	}{
		{"no jobs", nil, []string{"no schedule is configured: list the jobs under `schedule:` in the config file (--config, COOPGRAPH_CONFIG or $XDG_CONFIG_HOME/coopgraph/config.yaml; see the README, \"Scheduled exports\")"}},
		{"bad cron", []config.Job{mod(func(j *config.Job) { j.Cron = "61 * * * *" })},
			[]string{`schedule job "nightly": cron "61 * * * *": end of range (61) above maximum (59): 61: give 5 fields`}},
		{"cron with too many fields", []config.Job{mod(func(j *config.Job) { j.Cron = "0 0 0 * * * *" })},
			[]string{`schedule job "nightly": cron "0 0 0 * * * *": expected 5 to 6 fields, found 7: [0 0 0 * * * *]: give 5 fields`}},
		{"cron that never fires", []config.Job{mod(func(j *config.Job) { j.Cron = "0 0 31 2 *" })},
			[]string{`schedule job "nightly": cron "0 0 31 2 *": it never fires (no such date): give 5 fields`}},
		{"unknown time zone", []config.Job{mod(func(j *config.Job) { j.Cron = "CRON_TZ=Mars/Base 0 2 * * *" })},
			[]string{`schedule job "nightly": cron "CRON_TZ=Mars/Base 0 2 * * *": provided bad location Mars/Base: unknown time zone Mars/Base: give 5 fields`}},
		{"no cron", []config.Job{mod(func(j *config.Job) { j.Cron = "" })}, []string{`schedule job "nightly": no cron expression: give 5 fields`}},
		{"unknown measure and format", []config.Job{mod(func(j *config.Job) {
			j.Measures = []string{"pagerank", "popularity"}
			j.Formats = []string{"csv", "xlsx"}
		})},
			[]string{
				`schedule job "nightly": unknown measure "popularity": use degree, weighted-degree, pagerank, betweenness, closeness, eigenvector, louvain, leiden`,
				`schedule job "nightly": formats: "xlsx": use csv, json, graphml, gexf or gephi`,
			}},
		{"no formats", []config.Job{mod(func(j *config.Job) { j.Formats = nil })}, []string{`schedule job "nightly": formats: no format given: use csv, json, graphml, gexf or gephi`}},
		{"unknown graph and engine", []config.Job{mod(func(j *config.Job) { j.Graph, j.Engine = "countries", "spark" })},
			[]string{`schedule job "nightly": unknown graph "countries": use states or all`, `schedule job "nightly": unknown engine "spark": use auto, gds, inprocess`}},
		{"leiden in process", []config.Job{mod(func(j *config.Job) { j.Engine, j.Measures = "inprocess", []string{"louvain", "leiden"} })},
			[]string{`schedule job "nightly": measure leiden needs engine gds (the in-process engine has Louvain only)`}},
		{"unwritable folder", []config.Job{mod(func(j *config.Job) { j.Out = filepath.Join(blocker, "exports") })},
			[]string{`schedule job "nightly": out ` + filepath.Join(blocker, "exports") + `: cannot create it: not a directory`}},
		{"no folder", []config.Job{mod(func(j *config.Job) { j.Out = "" })}, []string{`schedule job "nightly": no out folder`}},
		{"bad year", []config.Job{mod(func(j *config.Job) { j.AsOf = ip(18) })}, []string{`schedule job "nightly": as_of 18: give a year, e.g. 2018`}},
		{"no name, twice the same name", []config.Job{mod(func(j *config.Job) { j.Name = "" }), goodJob(t), goodJob(t)},
			[]string{`schedule entry 1: no name`, `schedule job "nightly": the name is used by another job`}},
		{"two jobs, one folder", []config.Job{mod(func(j *config.Job) { j.Out = shared }), mod(func(j *config.Job) { j.Name, j.Out = "hourly", shared })},
			[]string{`schedule job "hourly": job "nightly" already writes the states graph into ` + shared}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.jobs, DefaultCatalog, time.UTC)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *ConfigError", err)
			}
			if len(ce.Problems) != len(tc.want) {
				t.Fatalf("%d problems, want %d:\n%s", len(ce.Problems), len(tc.want), err)
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(ce.Problems[i], w) {
					t.Errorf("problem %d:\n got %s\nwant %s…", i+1, ce.Problems[i], w)
				}
			}
		})
	}
}
