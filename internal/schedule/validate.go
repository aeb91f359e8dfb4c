package schedule

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/coopgraph/coopgraph/graph/export"
	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/go-co-op/gocron/v2"
)

// Catalog is what a job may name: the measures (centrality and community
// algorithms), projections and engines the pipeline knows.
type Catalog struct {
	Measures []string
	Graphs   []string
	Engines  []string
}

// DefaultCatalog is what coopgraph's centrality pipeline offers, by the
// names `coopgraph centrality` takes (--measure, --graph, --engine).
var DefaultCatalog = Catalog{
	Measures: analytics.Measures,
	Graphs:   []string{"states", "all"},
	Engines:  []string{"auto", "gds", "inprocess"},
}

// ConfigError lists every problem of a schedule, each naming its job.
type ConfigError struct{ Problems []string }

func (e *ConfigError) Error() string {
	if len(e.Problems) == 1 {
		return "the schedule cannot run: " + e.Problems[0]
	}
	return fmt.Sprintf("the schedule cannot run (%d problems):\n  %s", len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// cronHelp says what a cron expression may be.
const cronHelp = `give 5 fields (minute hour day-of-month month day-of-week, e.g. "30 2 * * *"), 6 with seconds first, or @daily, @hourly, @every 1h; "CRON_TZ=Asia/Singapore " before it sets the time zone`

// Validate checks every job of a schedule before anything runs: names
// present and distinct, cron expressions, measures, projection, engine,
// formats, and an output folder that can be written (created if missing).
// It returns a *ConfigError with every problem found, or nil.
func Validate(jobs []config.Job, cat Catalog, loc *time.Location) error {
	if loc == nil {
		loc = time.Local
	}
	var probs []string
	bad := func(j config.Job, i int, format string, a ...any) {
		name := fmt.Sprintf("schedule entry %d", i+1)
		if j.Name != "" {
			name = fmt.Sprintf("schedule job %q", j.Name)
		}
		probs = append(probs, name+": "+fmt.Sprintf(format, a...))
	}
	if len(jobs) == 0 {
		return &ConfigError{[]string{"no schedule is configured: list the jobs under `schedule:` in the config file (--config, COOPGRAPH_CONFIG or $XDG_CONFIG_HOME/coopgraph/config.yaml; see the README, \"Scheduled exports\")"}}
	}
	seen := map[string]bool{}
	outputs := map[string]string{} // folder + projection → job
	for i, j := range jobs {
		switch {
		case j.Name == "":
			bad(j, i, "no name: give each job a name, used in logs and the run log")
		case seen[j.Name]:
			bad(j, i, "the name is used by another job: give each job its own")
		}
		seen[j.Name] = true

		if strings.TrimSpace(j.Cron) == "" {
			bad(j, i, "no cron expression: %s", cronHelp)
		} else if err := gocron.NewDefaultCron(true).IsValid(j.Cron, loc, time.Now()); err != nil {
			bad(j, i, "cron %q: %s: %s", j.Cron, cronReason(err), cronHelp)
		}
		for _, m := range j.Measures {
			if !slices.Contains(cat.Measures, m) {
				bad(j, i, "unknown measure %q: use %s", m, strings.Join(cat.Measures, ", "))
			}
		}
		if j.Engine == "inprocess" && slices.Contains(j.Measures, analytics.Leiden) {
			bad(j, i, "measure leiden needs engine gds (the in-process engine has Louvain only)")
		}
		if j.Graph != "" && !slices.Contains(cat.Graphs, j.Graph) {
			bad(j, i, "unknown graph %q: use %s", j.Graph, strings.Join(cat.Graphs, " or "))
		}
		if j.Engine != "" && !slices.Contains(cat.Engines, j.Engine) {
			bad(j, i, "unknown engine %q: use %s", j.Engine, strings.Join(cat.Engines, ", "))
		}
		if _, err := export.ParseFormats(j.Formats...); err != nil {
			msg := strings.TrimPrefix(err.Error(), export.ErrUnknownFormat.Error())
			bad(j, i, "formats: %s", strings.TrimLeft(msg, ": "))
		}
		if j.AsOf != nil && (*j.AsOf < 1000 || *j.AsOf > 9999) {
			bad(j, i, "as_of %d: give a year, e.g. 2018", *j.AsOf)
		}
		if j.Out == "" {
			bad(j, i, "no out folder: give the folder the files go to")
			continue
		}
		if err := writable(j.Out); err != nil {
			bad(j, i, "out %s: %v", j.Out, err)
		}
		key := filepath.Clean(j.Out) + "\x00" + j.Graph
		if other, ok := outputs[key]; ok {
			bad(j, i, "job %q already writes the %s graph into %s: the two would overwrite each other's files and rank changes; give each its own folder", other, orDefault(j.Graph), j.Out)
		}
		outputs[key] = j.Name
	}
	if len(probs) > 0 {
		return &ConfigError{probs}
	}
	return nil
}

func orDefault(graph string) string {
	if graph == "" {
		return "default"
	}
	return graph
}

// cronReason is the parser's own words without gocron's prefix.
func cronReason(err error) string {
	if errors.Is(err, gocron.ErrCronJobInvalid) {
		return "it never fires (no such date)"
	}
	msg := err.Error()
	if errors.Is(err, gocron.ErrCronJobParse) {
		msg = strings.TrimSpace(strings.TrimPrefix(msg, gocron.ErrCronJobParse.Error()))
	}
	// The parser quotes the whole spec with the time zone gocron adds.
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg[:i], "CRON_TZ=") {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}

// writable creates dir if needed and proves a file can be made in it, the
// way an export will make one.
func writable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create it: %w", cause(err))
	}
	f, err := os.CreateTemp(dir, ".tmp-writable-*")
	if err != nil {
		return fmt.Errorf("cannot write there: %w", cause(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// cause drops the path a *PathError repeats (the message names it already).
func cause(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
