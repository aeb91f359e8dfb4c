package schedule

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/graph/export"
	"github.com/coopgraph/coopgraph/internal/config"
)

// everySecond is the fast schedule of these tests (cron with a seconds field).
const everySecond = "* * * * * *"

// patience bounds every wait for an event, so that a broken scheduler fails
// the test instead of hanging it; nothing asserts how fast events come.
const patience = 3 * time.Minute

// logs collects the scheduler's log and tells when a message appears.
type logs struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	watch map[string]chan struct{}
}

func newLogs() *logs { return &logs{watch: map[string]chan struct{}{}} }

func (l *logs) logger() *slog.Logger {
	return slog.New(&watchHandler{l, slog.NewTextHandler(lockedWriter{l}, &slog.HandlerOptions{Level: slog.LevelInfo})})
}

// seen returns a channel closed when a record with message msg is logged.
func (l *logs) seen(msg string) <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.watch[msg]; !ok {
		l.watch[msg] = make(chan struct{})
	}
	return l.watch[msg]
}

func (l *logs) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.buf.String() }

type lockedWriter struct{ l *logs }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.l.mu.Lock()
	defer w.l.mu.Unlock()
	return w.l.buf.Write(p)
}

type watchHandler struct {
	l *logs
	slog.Handler
}

func (h *watchHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	h.l.mu.Lock()
	if ch, ok := h.l.watch[r.Message]; ok {
		select {
		case <-ch:
		default:
			close(ch)
		}
	} else {
		c := make(chan struct{})
		close(c)
		h.l.watch[r.Message] = c
	}
	h.l.mu.Unlock()
	return err
}

func (h *watchHandler) WithAttrs(a []slog.Attr) slog.Handler {
	return &watchHandler{h.l, h.Handler.WithAttrs(a)}
}

// started runs a scheduler in the background; records come on the channel.
type started struct {
	recs <-chan Record
	done <-chan error
}

func start(t *testing.T, ctx context.Context, jobs []config.Job, run Runner, opt Options) started {
	t.Helper()
	recs := make(chan Record, 10000)
	opt.OnRun = func(r Record) { recs <- r }
	s, err := New(jobs, run, opt)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	return started{recs, done}
}

// next waits for the next record that matches.
func (st started) next(t *testing.T, match func(Record) bool) Record {
	t.Helper()
	deadline := time.After(patience)
	for {
		select {
		case r := <-st.recs:
			if match(r) {
				return r
			}
		case err := <-st.done:
			t.Fatalf("the scheduler stopped while a record was awaited: %v", err)
		case <-deadline:
			t.Fatal("no matching run record came")
		}
	}
}

func (st started) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-st.done:
		return err
	case <-time.After(patience):
		t.Fatal("the scheduler did not stop")
	}
	return nil
}

func is(job, outcome string) func(Record) bool {
	return func(r Record) bool { return r.Job == job && r.Outcome == outcome }
}

func await(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(patience):
		t.Fatalf("%s did not happen", what)
	}
}

func job(t *testing.T, name string) config.Job {
	return config.Job{Name: name, Cron: everySecond, Measures: []string{"degree"}, Graph: "states", Formats: []string{"json"}, Out: t.TempDir()}
}

// runLog reads a job's run log.
func runLog(t *testing.T, j config.Job) []Record {
	t.Helper()
	f, err := os.Open(filepath.Join(j.Out, RunLog))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("run log line %q: %v", sc.Text(), err)
		}
		out = append(out, r)
	}
	return out
}

func outcomes(rs []Record) string {
	var o []string
	for _, r := range rs {
		o = append(o, r.Outcome)
	}
	return strings.Join(slices.Compact(o), ",")
}

// A slow run makes the next ticks of its job skip (logged, in the run
// log), never overlap; another job runs on meanwhile.
func TestNeverTwoRunsOfOneJobAtOnce(t *testing.T) {
	slow, quick := job(t, "slow"), job(t, "quick")
	var now, most atomic.Int32
	release := make(chan struct{})
	var quickRuns atomic.Int32
	run := func(ctx context.Context, j config.Job) error {
		if j.Name == "quick" {
			quickRuns.Add(1)
			return nil
		}
		n := now.Add(1)
		defer now.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		select {
		case <-release:
		case <-ctx.Done():
		}
		return nil
	}
	l := newLogs()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := start(t, ctx, []config.Job{slow, quick}, run, Options{Logger: l.logger()})
	st.next(t, is("slow", Skipped))
	st.next(t, is("slow", Skipped))
	st.next(t, is("quick", OK)) // quick is not held up by slow
	close(release)
	st.next(t, is("slow", OK))
	cancel()
	if err := st.wait(t); err != nil {
		t.Fatal(err)
	}
	if most.Load() != 1 {
		t.Errorf("%d runs of the slow job at once", most.Load())
	}
	if got := outcomes(runLog(t, slow)); !strings.HasPrefix(got, "skipped,ok") {
		t.Errorf("slow job's run log: %s, want skipped… then ok", got)
	}
	if !strings.Contains(l.String(), `msg="run skipped: the previous run is still going" job=slow`) ||
		!regexpMatch(`msg="run finished" job=slow took=[0-9.]+m?s outcome=ok`, l.String()) {
		t.Errorf("log:\n%s", l)
	}
}

// A failing run and a panicking one are logged as failed, with the reason,
// and the runs after them go on.
func TestFailedRunsDoNotStopTheSchedule(t *testing.T) {
	j := job(t, "flaky")
	var calls atomic.Int32
	run := func(ctx context.Context, _ config.Job) error {
		switch calls.Add(1) {
		case 1:
			return errors.New("cannot reach Neo4j at bolt://127.0.0.1:1: connection refused")
		case 2:
			panic("the runner's own bug")
		}
		return nil
	}
	l := newLogs()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := start(t, ctx, []config.Job{j}, run, Options{Logger: l.logger()})
	r1 := st.next(t, is("flaky", Failed))
	r2 := st.next(t, is("flaky", Failed))
	st.next(t, is("flaky", OK))
	cancel()
	st.wait(t)
	if r1.Error != "cannot reach Neo4j at bolt://127.0.0.1:1: connection refused" || r2.Error != "the run panicked: the runner's own bug" {
		t.Errorf("errors %q, %q", r1.Error, r2.Error)
	}
	if got := outcomes(runLog(t, j)); !strings.HasPrefix(got, "failed,ok") {
		t.Errorf("run log %s", got)
	}
	if !regexpMatch(`level=ERROR msg="run failed" job=flaky took=\S+ outcome=failed err="cannot reach Neo4j`, l.String()) {
		t.Errorf("log:\n%s", l)
	}
}

// files are what the signal tests' runner exports: two files, the second
// of which can be made to stop halfway.
func files(version string, half func(io.Writer) error) []export.File {
	second := func(w io.Writer) error { _, err := fmt.Fprintf(w, "b %s complete\n", version); return err }
	if half != nil {
		second = half
	}
	return []export.File{
		{Name: "a.csv", Write: func(w io.Writer) error { _, err := fmt.Fprintf(w, "a %s complete\n", version); return err }},
		{Name: "b.csv", Write: second},
	}
}

func folder(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		out[e.Name()] = string(b)
		if e.Name() == RunLog {
			out[e.Name()] = "…"
		}
	}
	return out
}

// SIGINT with no grace abandons the run in progress halfway through its
// second file: the folder keeps the previous export whole, no temporary
// file, and the run log says abandoned.
func TestSignalAbandonsTheRunWithoutAHalfFile(t *testing.T) {
	j := job(t, "export")
	var calls atomic.Int32
	midway := make(chan struct{})
	run := func(ctx context.Context, j config.Job) error {
		if calls.Add(1) == 1 {
			_, err := export.WriteFiles(ctx, j.Out, files("v1", nil))
			return err
		}
		_, err := export.WriteFiles(ctx, j.Out, files("v2", func(w io.Writer) error {
			fmt.Fprint(w, "b v2 ha")
			close(midway)
			<-ctx.Done() // the stop comes while this file is half written
			return ctx.Err()
		}))
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT)
	defer stop()
	st := start(t, ctx, []config.Job{j}, run, Options{Logger: newLogs().logger()})
	st.next(t, is("export", OK))
	await(t, midway, "the second run reaching its second file")
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	rec := st.next(t, is("export", Abandoned))
	if err := st.wait(t); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rec.Error, "context canceled") {
		t.Errorf("abandoned run's error %q", rec.Error)
	}
	want := map[string]string{"a.csv": "a v1 complete\n", "b.csv": "b v1 complete\n", RunLog: "…"}
	if got := folder(t, j.Out); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("folder after the stop: %v, want %v", got, want)
	}
	if calls.Load() != 2 {
		t.Errorf("%d runs, want 2 (none after the stop)", calls.Load())
	}
}

// SIGTERM with a grace period lets the run in progress finish and write
// its files; no new run starts after the signal.
func TestSignalLetsTheRunFinishWithinGrace(t *testing.T) {
	j := job(t, "export")
	var calls atomic.Int32
	going, release := make(chan struct{}), make(chan struct{})
	run := func(ctx context.Context, j config.Job) error {
		calls.Add(1)
		close(going)
		<-release
		_, err := export.WriteFiles(ctx, j.Out, files("v1", nil))
		return err
	}
	l := newLogs()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	st := start(t, ctx, []config.Job{j}, run, Options{Logger: l.logger(), Grace: time.Hour})
	await(t, going, "the run starting")
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	await(t, l.seen("stopping: no new run starts"), "the scheduler seeing the signal")
	close(release)
	st.next(t, is("export", OK))
	if err := st.wait(t); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a.csv": "a v1 complete\n", "b.csv": "b v1 complete\n", RunLog: "…"}
	if got := folder(t, j.Out); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("folder after the stop: %v, want %v", got, want)
	}
	if calls.Load() != 1 {
		t.Errorf("%d runs, want 1", calls.Load())
	}
}

// A runner that ignores its context makes Run say so instead of hanging.
func TestRunThatIgnoresItsContext(t *testing.T) {
	j := job(t, "stubborn")
	going, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	var once sync.Once
	run := func(context.Context, config.Job) error { once.Do(func() { close(going) }); <-release; return nil }
	ctx, cancel := context.WithCancel(context.Background())
	st := start(t, ctx, []config.Job{j}, run, Options{Logger: newLogs().logger(), Abandon: time.Millisecond})
	await(t, going, "the run starting")
	cancel()
	if err := st.wait(t); err == nil || err.Error() != "schedule: a run did not return within 1ms of being abandoned" {
		t.Fatalf("Run: %v", err)
	}
}

func TestNextRunTimes(t *testing.T) {
	j := job(t, "nightly")
	j.Cron = "30 2 * * *"
	k := job(t, "weekly")
	k.Cron = "CRON_TZ=Asia/Singapore 0 9 * * 1"
	s, err := New([]config.Job{j, k}, nil, Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) // a Saturday
	got := s.Next(from, 2)
	if fmt.Sprint(utc(got["nightly"])) != "[2025-03-02 02:30:00 +0000 UTC 2025-03-03 02:30:00 +0000 UTC]" ||
		fmt.Sprint(utc(got["weekly"])) != "[2025-03-03 01:00:00 +0000 UTC 2025-03-10 01:00:00 +0000 UTC]" {
		t.Errorf("next runs %v", got)
	}
}

func utc(ts []time.Time) []time.Time {
	out := make([]time.Time, len(ts))
	for i, t := range ts {
		out[i] = t.UTC()
	}
	return out
}

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }
