package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/coopgraph/coopgraph/internal/schedule"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type scheduleOptions struct {
	File   string // the config file the jobs come from, for messages
	Jobs   []config.Job
	Grace  time.Duration
	Check  bool
	Runner schedule.Runner // what each run does
	Out    io.Writer
}

// newCmdSchedule builds `schedule`; runF replaces runSchedule in tests.
func newCmdSchedule(f *factory, runF func(context.Context, *scheduleOptions) error) *cobra.Command {
	o := &scheduleOptions{}
	c := &cobra.Command{
		Use:   "schedule",
		Short: "Run the export jobs of the config file on their cron schedules until stopped",
		Long: `Run the jobs listed under schedule: in the config file, each on its cron
expression, until SIGINT or SIGTERM. Each run is 'coopgraph centrality' with
the job's measures, graph, engine, formats, output folder, write-back and
as-of year. A job never runs twice at once (a tick that finds the previous run
going is skipped and logged); every run is logged with its duration and
outcome and appended to <out>/runs.jsonl; a failed run (the database away,
say) does not stop the schedule. On a stop the run in progress gets --grace
to finish, then is abandoned: exports are renamed into place only when
complete, so no half-written file is left. Problems in the schedule are all
reported at start, each with its job's name (exit 2).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			jobs, err := f.Config().Jobs()
			if err != nil {
				return usageError{err}
			}
			o.File, o.Jobs, o.Out = f.Config().ScheduleFile(), jobs, f.Out
			o.Runner = centralityRunner(f.Err, forwardedFlags(f.flags))
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return runSchedule(cmd.Context(), o)
		},
	}
	c.Flags().DurationVar(&o.Grace, "grace", 30*time.Second, "on SIGINT/SIGTERM, how long a run in progress may finish before it is abandoned")
	c.Flags().BoolVar(&o.Check, "check", false, "check the schedule and print each job's next runs, then exit")
	return c
}

func runSchedule(ctx context.Context, o *scheduleOptions) error {
	s, err := schedule.New(o.Jobs, o.Runner, schedule.Options{Grace: o.Grace})
	var ce *schedule.ConfigError
	if errors.As(err, &ce) {
		if o.File != "" {
			err = fmt.Errorf("%s: %w", o.File, err)
		}
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if o.Check {
		writeNext(o.Out, o.Jobs, s.Next(time.Now(), 3))
		return nil
	}
	return s.Run(ctx)
}

// centralityRunner runs a job as `coopgraph centrality` with the job's
// settings, in process, with the global flags the schedule was given: a
// scheduled export is exactly the one a user runs by hand. Each run has a
// command tree and factory of its own, so runs of two jobs share no state;
// the rankings table it prints is not wanted, its logs are.
func centralityRunner(logs io.Writer, global []string) schedule.Runner {
	return func(ctx context.Context, job config.Job) error {
		f := &factory{Out: io.Discard, Err: logs}
		root := newRoot(f)
		root.SetArgs(append(append([]string{}, global...), centralityArgs(job)...))
		err := root.ExecuteContext(ctx)
		f.close(ctx)
		if err != nil {
			return fmt.Errorf("centrality: %w", err)
		}
		return nil
	}
}

// centralityArgs are the centrality command's arguments for a job.
func centralityArgs(j config.Job) []string {
	args := []string{"centrality", "--format", strings.Join(j.Formats, ","), "--out", j.Out}
	if len(j.Measures) > 0 {
		args = append(args, "--measure", strings.Join(j.Measures, ","))
	}
	if j.Graph != "" {
		args = append(args, "--graph", j.Graph)
	}
	if j.Engine != "" {
		args = append(args, "--engine", j.Engine)
	}
	if j.AsOf != nil {
		args = append(args, "--as-of", strconv.Itoa(*j.AsOf))
	}
	if j.WriteBack {
		args = append(args, "--write-back")
	}
	return args
}

// forwardedFlags are the global flags the schedule was given, for its runs.
func forwardedFlags(global *pflag.FlagSet) []string {
	var out []string
	global.Visit(func(fl *pflag.Flag) {
		out = append(out, "--"+fl.Name+"="+fl.Value.String())
	})
	return out
}

func writeNext(w io.Writer, jobs []config.Job, next map[string][]time.Time) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "job\tcron\tnext runs\twrites")
	for _, j := range jobs {
		var ts []string
		for _, t := range next[j.Name] {
			ts = append(ts, t.Format("2006-01-02 15:04:05 MST"))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s in %s\n", j.Name, j.Cron, strings.Join(ts, ", "), strings.Join(j.Formats, ","), j.Out)
	}
	tw.Flush()
}
