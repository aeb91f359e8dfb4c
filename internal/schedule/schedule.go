// Package schedule runs the configured export jobs on their cron schedules
// until stopped: never two runs of one job at once (a tick that finds the
// previous run still going is skipped and logged), each run logged with its
// duration and outcome and appended to <out>/runs.jsonl, a failed run (the
// database gone, say) followed by the next one as if nothing happened, and a
// stop that lets the run in progress finish for a grace period and then
// abandons it through its context.
package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/go-co-op/gocron/v2"
)

// Runner runs one job once: computes and exports (and writes back) what
// the job asks for. ctx is cancelled when the run must be abandoned; a
// runner that honours it and writes through graph/export leaves no
// half-written file.
type Runner func(ctx context.Context, job config.Job) error

// Options tune a Scheduler; the zero value is usable.
type Options struct {
	Catalog  Catalog        // what jobs may name; DefaultCatalog if empty
	Location *time.Location // the time zone of cron expressions without CRON_TZ=; time.Local if nil
	// Grace is how long a run in progress may go on after a stop is asked
	// for before its context is cancelled; 0 abandons it at once.
	Grace time.Duration
	// Abandon is how long an abandoned run may take to return before Run
	// gives up waiting for it (default 30s).
	Abandon time.Duration
	Logger  *slog.Logger // slog.Default() if nil
	// OnRun, if set, is called with the record of every run and skipped
	// tick, after it is logged and appended to the run log.
	OnRun func(Record)
}

// Outcomes of a run.
const (
	OK        = "ok"
	Failed    = "failed"
	Abandoned = "abandoned" // stopped by a stop request
	Skipped   = "skipped"   // the tick found the previous run still going
)

// RunLog is the file, in each job's out folder, that gets one JSON line
// per run: dashboards read it to tell how fresh the export is and why the
// last run failed.
const RunLog = "runs.jsonl"

// Record is one run of a job, as logged and as a line of the run log.
type Record struct {
	Job      string    `json:"job"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Seconds  float64   `json:"seconds"`
	Outcome  string    `json:"outcome"`
	Error    string    `json:"error,omitempty"`
}

// Scheduler runs a validated schedule.
type Scheduler struct {
	jobs []config.Job
	run  Runner
	opt  Options
	log  *slog.Logger

	mu       sync.Mutex
	stopping bool          // no new run starts once set
	inflight int           // runs in progress
	idle     chan struct{} // closed when the last run in progress returns after a stop
	logMu    sync.Mutex    // run log appends
}

// New validates jobs (see Validate) and returns a scheduler for them.
func New(jobs []config.Job, run Runner, opt Options) (*Scheduler, error) {
	if len(opt.Catalog.Measures) == 0 {
		opt.Catalog = DefaultCatalog
	}
	if opt.Location == nil {
		opt.Location = time.Local
	}
	if opt.Abandon <= 0 {
		opt.Abandon = 30 * time.Second
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if err := Validate(jobs, opt.Catalog, opt.Location); err != nil {
		return nil, err
	}
	return &Scheduler{jobs: jobs, run: run, opt: opt, log: opt.Logger}, nil
}

// Next returns each job's next n run times after from, in job order.
func (s *Scheduler) Next(from time.Time, n int) map[string][]time.Time {
	out := map[string][]time.Time{}
	for _, j := range s.jobs {
		c := gocron.NewDefaultCron(true)
		if c.IsValid(j.Cron, s.opt.Location, from) != nil {
			continue // New validated it
		}
		t := from
		for range n {
			t = c.Next(t)
			out[j.Name] = append(out[j.Name], t)
		}
	}
	return out
}

// Run runs the schedule until ctx is cancelled, then stops: no new run
// starts, a run in progress gets the grace period to finish and is then
// abandoned, and Run returns once every run has returned. The error is
// non-nil only when the scheduler could not start, or a run did not return
// within the abandon period after its context was cancelled.
func (s *Scheduler) Run(ctx context.Context) error {
	// Runs get a context of their own, cancelled only after the grace
	// period, so that a stop request does not cut a run short at once.
	runCtx, abandon := context.WithCancel(context.WithoutCancel(ctx))
	defer abandon()

	sched, err := gocron.NewScheduler(
		gocron.WithLocation(s.opt.Location),
		gocron.WithLogger(quiet{s.log.With("component", "gocron")}),
		gocron.WithSchedulerMonitor(&monitor{s: s}),
		// Run waits for runs itself before it shuts gocron down, and
		// gocron polls while it waits: give it nothing to wait for.
		gocron.WithStopTimeout(time.Second),
	)
	if err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	for _, j := range s.jobs {
		_, err := sched.NewJob(
			gocron.CronJob(j.Cron, true),
			gocron.NewTask(func() { s.runOnce(runCtx, j) }),
			gocron.WithName(j.Name),
			// A tick that finds the previous run going is dropped (and
			// reported to the monitor), never queued.
			gocron.WithSingletonMode(gocron.LimitModeReschedule),
		)
		if err != nil {
			sched.Shutdown()
			return fmt.Errorf("schedule job %q: %w", j.Name, err)
		}
	}
	sched.Start()
	for _, gj := range sched.Jobs() {
		next, _ := gj.NextRun()
		s.log.Info("job scheduled", "job", gj.Name(), "next", next.Format(time.RFC3339))
	}

	<-ctx.Done()
	done := s.stop()
	s.log.Info("stopping: no new run starts", "grace", s.opt.Grace.String())
	var stopErr error
	select {
	case <-done:
	case <-time.After(s.opt.Grace):
		abandon()
		select {
		case <-done:
		case <-time.After(s.opt.Abandon):
			stopErr = fmt.Errorf("schedule: a run did not return within %s of being abandoned", s.opt.Abandon)
		}
	}
	// Every run has returned, so gocron's shutdown (which polls while it
	// waits for jobs) returns at once.
	if err := sched.Shutdown(); err != nil && stopErr == nil && !errors.Is(err, gocron.ErrStopJobsTimedOut) {
		stopErr = fmt.Errorf("schedule: stopping: %w", err)
	}
	s.log.Info("stopped")
	return stopErr
}

// stop lets no new run start and returns a channel closed once no run is
// in progress.
func (s *Scheduler) stop() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopping = true
	idle := make(chan struct{})
	if s.inflight == 0 {
		close(idle)
	} else {
		s.idle = idle
	}
	return idle
}

// begin counts a run in, unless a stop was asked for.
func (s *Scheduler) begin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	s.inflight++
	return true
}

func (s *Scheduler) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inflight--
	if s.inflight == 0 && s.idle != nil {
		close(s.idle)
		s.idle = nil
	}
}

func (s *Scheduler) isStopping() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopping
}

// runOnce runs j once, unless a stop was asked for, and records it.
func (s *Scheduler) runOnce(ctx context.Context, j config.Job) {
	if !s.begin() {
		return
	}
	defer s.end()
	rec := Record{Job: j.Name, Started: time.Now()}
	s.log.Info("run started", "job", j.Name)
	err := s.call(ctx, j)
	rec.Finished = time.Now()
	rec.Seconds = rec.Finished.Sub(rec.Started).Seconds()
	switch {
	case err == nil:
		rec.Outcome = OK
	case ctx.Err() != nil:
		rec.Outcome, rec.Error = Abandoned, err.Error()
	default:
		rec.Outcome, rec.Error = Failed, err.Error()
	}
	took := roundDuration(rec.Finished.Sub(rec.Started)).String()
	if err != nil {
		s.log.Error("run "+rec.Outcome, "job", j.Name, "took", took, "outcome", rec.Outcome, "err", err)
	} else {
		s.log.Info("run finished", "job", j.Name, "took", took, "outcome", rec.Outcome)
	}
	s.record(j, rec)
}

// call runs the runner, turning a panic into a failed run.
func (s *Scheduler) call(ctx context.Context, j config.Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the run panicked: %v", p)
		}
	}()
	return s.run(ctx, j)
}

// skipped records a tick dropped because the previous run is still going.
func (s *Scheduler) skipped(name string) {
	if s.isStopping() {
		return
	}
	for _, j := range s.jobs {
		if j.Name == name {
			now := time.Now()
			s.log.Warn("run skipped: the previous run is still going", "job", name)
			s.record(j, Record{Job: name, Started: now, Finished: now, Outcome: Skipped, Error: "the previous run was still going"})
			return
		}
	}
}

// record appends rec to the job's run log (one write of one line, so lines
// of jobs sharing a folder never interleave) and tells OnRun.
func (s *Scheduler) record(j config.Job, rec Record) {
	line, err := json.Marshal(rec)
	if err == nil {
		s.logMu.Lock()
		err = appendLine(filepath.Join(j.Out, RunLog), append(line, '\n'))
		s.logMu.Unlock()
	}
	if err != nil {
		s.log.Warn("the run log could not be written", "job", j.Name, "err", err)
	}
	if s.opt.OnRun != nil {
		s.opt.OnRun(rec)
	}
}

func appendLine(path string, line []byte) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(line)
	return errors.Join(err, f.Close())
}

// monitor hears from gocron; only the skipped ticks matter here (runs are
// logged by runOnce, which knows their outcome).
type monitor struct{ s *Scheduler }

func (m *monitor) ConcurrencyLimitReached(_ string, j gocron.Job)      { m.s.skipped(j.Name()) }
func (m *monitor) SchedulerStarted()                                   {}
func (m *monitor) SchedulerStopped()                                   {}
func (m *monitor) SchedulerShutdown()                                  {}
func (m *monitor) JobRegistered(gocron.Job)                            {}
func (m *monitor) JobUnregistered(gocron.Job)                          {}
func (m *monitor) JobStarted(gocron.Job)                               {}
func (m *monitor) JobRunning(gocron.Job)                               {}
func (m *monitor) JobFailed(gocron.Job, error)                         {}
func (m *monitor) JobCompleted(gocron.Job)                             {}
func (m *monitor) JobExecutionTime(gocron.Job, time.Duration)          {}
func (m *monitor) JobSchedulingDelay(gocron.Job, time.Time, time.Time) {}

// roundDuration keeps three significant-ish digits for the log.
func roundDuration(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Microsecond)
}

// quiet passes on gocron's warnings and errors; its info and debug lines
// (scheduler created, started) repeat what the scheduler logs itself.
type quiet struct{ l *slog.Logger }

func (q quiet) Debug(string, ...any)          {}
func (q quiet) Info(string, ...any)           {}
func (q quiet) Warn(msg string, args ...any)  { q.l.Warn(msg, args...) }
func (q quiet) Error(msg string, args ...any) { q.l.Error(msg, args...) }
