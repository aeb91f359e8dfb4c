package config

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/go-viper/mapstructure/v2"
)

// Job is one scheduled export, an entry of the config file's schedule list:
//
//	schedule:
//	  - name: nightly-states
//	    cron: "30 2 * * *"
//	    measures: [degree, pagerank, betweenness, louvain]
//	    graph: states
//	    formats: [csv, json, gexf]
//	    out: ~/exports/states
//
// Only its shape is checked here; what the names mean (measures, formats,
// engines) is checked by the scheduler, which knows them.
type Job struct {
	Name      string   `mapstructure:"name"`
	Cron      string   `mapstructure:"cron"`     // 5 fields, or 6 with seconds first, or @daily etc.; CRON_TZ=Zone first for a time zone
	Measures  []string `mapstructure:"measures"` // centrality measures and community algorithms
	Graph     string   `mapstructure:"graph"`    // the projection: states or all
	Engine    string   `mapstructure:"engine"`   // empty: GDS when the server has it, else in process
	Formats   []string `mapstructure:"formats"`
	Out       string   `mapstructure:"out"` // the export folder; ~/ is the home folder
	WriteBack bool     `mapstructure:"write_back"`
	AsOf      *int     `mapstructure:"as_of"` // only ties in force in that year
}

// scheduleKey holds the jobs in a config file.
const scheduleKey = "schedule"

// jobKeys are the keys a job may have, as the file spells them.
var jobKeys = []string{"name", "cron", "measures", "graph", "engine", "formats", "out", "write_back", "as_of"}

// ScheduleFile is the config file the schedule came from ("" when none).
func (c Config) ScheduleFile() string { return c.scheduleFile }

// Jobs decodes the schedule list of the config file. A malformed list is an
// error naming the job (by name, or by its place when it has none) and the
// key; other commands never call this, so a broken schedule stops only the
// scheduler.
func (c Config) Jobs() ([]Job, error) {
	if c.schedule == nil {
		return nil, nil
	}
	where := "the config"
	if c.scheduleFile != "" {
		where = "config file " + c.scheduleFile
	}
	list, ok := c.schedule.([]any)
	if !ok {
		return nil, fmt.Errorf("%s: schedule is a %T: give a list of jobs (each with name, cron, measures, graph, formats, out)", where, c.schedule)
	}
	home, _ := os.UserHomeDir()
	var jobs []Job
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: schedule entry %d is a %T: give a job with name, cron, measures, graph, formats, out", where, i+1, item)
		}
		label := fmt.Sprintf("schedule entry %d", i+1)
		if n, ok := m["name"].(string); ok && n != "" {
			label = fmt.Sprintf("schedule job %q", n)
		}
		var unknown []string
		for k := range m {
			if !slices.Contains(jobKeys, k) {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			sort.Strings(unknown)
			return nil, fmt.Errorf("%s: %s: unknown key %s: a job has %s", where, label, strings.Join(unknown, ", "), strings.Join(jobKeys, ", "))
		}
		var j Job
		dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
			Result:     &j,
			DecodeHook: mapstructure.StringToSliceHookFunc(","), // formats: csv,json as well as [csv, json]
		})
		if err != nil {
			return nil, err
		}
		if err := dec.Decode(m); err != nil {
			return nil, fmt.Errorf("%s: %s: %s", where, label, oneLine(err))
		}
		j.Out = expandHome(j.Out, home)
		for k, s := range j.Measures {
			j.Measures[k] = strings.TrimSpace(s)
		}
		for k, s := range j.Formats {
			j.Formats[k] = strings.TrimSpace(s)
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}

// oneLine turns the decoder's multi-line report into one line.
func oneLine(err error) string {
	msg := strings.TrimPrefix(err.Error(), "decoding failed due to the following error(s):")
	var parts []string
	for _, l := range strings.Split(msg, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	sort.Strings(parts) // the decoder reports in map order
	return strings.Join(parts, "; ")
}
