package run

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/queries"
)

// withoutTie is ds less the one tie of that type between a and b.
func withoutTie(t *testing.T, ds *graph.Dataset, typ, a, b string) *graph.Dataset {
	t.Helper()
	out := *ds
	out.Ties = slices.DeleteFunc(slices.Clone(ds.Ties), func(x graph.Tie) bool {
		return string(x.Type) == typ && ((x.From == a && x.To == b) || (x.From == b && x.To == a))
	})
	if len(out.Ties) != len(ds.Ties)-1 {
		t.Fatalf("the dataset has %d %s ties between %s and %s, want 1", len(ds.Ties)-len(out.Ties), typ, a, b)
	}
	out.Version = ds.Version + "-without-" + typ + "-" + a + "-" + b
	return &out
}

// fingerprint is a result as comparable text, rows as a set.
func fingerprint(t testing.TB, rows [][]any) string {
	lines := make([]string, len(rows))
	for i, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		lines[i] = string(b)
	}
	sort.Strings(lines)
	b, _ := json.Marshal(lines)
	return string(b)
}

// TestConsistentUnderReload: fifty report runs at once, repeated while the
// graph is reloaded with a changed dataset (one tie removed, then added
// back, alternating). Every run succeeds, and each result equals the
// result on the graph before that reload or after it, never a mixture; a
// run that starts and ends between reloads equals the graph of that time.
func TestConsistentUnderReload(t *testing.T) {
	db, x := seeded(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	st := store.New(db.Driver, db.Target.Database)
	full := realDataset(t)
	less := withoutTie(t, full, "MOU_WITH", "SG", "US")
	states := []*graph.Dataset{full, less}

	type job struct {
		r     queries.Report
		pairs []string
	}
	jobs := []job{
		{shipped(t, "partners"), []string{"state=Singapore"}},
		{shipped(t, "evidence-between"), []string{"a=新加坡", "b=US"}},
	}
	// The expected results on each graph.
	want := make([][]string, len(states)) // state, job
	for s, ds := range states {
		if _, err := st.Load(ctx, ds, store.Options{}); err != nil {
			t.Fatal(err)
		}
		for _, j := range jobs {
			tb, err := x.Report(ctx, j.r, j.pairs, nil)
			if err != nil {
				t.Fatal(err)
			}
			want[s] = append(want[s], fingerprint(t, tb.Rows))
		}
	}
	for i := range jobs {
		if want[0][i] == want[1][i] {
			t.Fatalf("%s gives the same result on both graphs: the test would prove nothing", jobs[i].r.Name)
		}
	}
	if _, err := st.Load(ctx, full, store.Options{}); err != nil {
		t.Fatal(err)
	}

	// phase counts up: even while a graph stands (phase/2 even: full, odd:
	// less), odd while a reload is under way.
	var phase atomic.Int64
	var runs, during, stable atomic.Int64
	var stableRuns [5]atomic.Int64 // runs that began and ended in each stable phase
	const workers, reloads = 50, 4
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				j := (w + i) % len(jobs)
				p0 := phase.Load()
				tb, err := x.Report(ctx, jobs[j].r, jobs[j].pairs, nil)
				p1 := phase.Load()
				if err != nil {
					errs <- fmt.Errorf("worker %d, run %d (%s): %w", w, i, jobs[j].r.Name, err)
					return
				}
				got := fingerprint(t, tb.Rows)
				runs.Add(1)
				if p0 == p1 && p0%2 == 0 {
					stable.Add(1)
					stableRuns[p0/2].Add(1)
					if s := (p0 / 2) % 2; got != want[s][j] {
						errs <- fmt.Errorf("worker %d, run %d (%s), between reloads on the %s graph: a result of neither", w, i, jobs[j].r.Name, []string{"full", "less"}[s])
						return
					}
					continue
				}
				during.Add(1)
				if got != want[0][j] && got != want[1][j] {
					errs <- fmt.Errorf("worker %d, run %d (%s), during a reload: a result of neither graph", w, i, jobs[j].r.Name)
					return
				}
			}
		}(w)
	}
	loadErr := func() error {
		defer close(stop)
		for i := 1; i <= reloads; i++ {
			// Let the workers see the standing graph before changing it.
			for stableRuns[phase.Load()/2].Load() < workers {
				if len(errs) > 0 || ctx.Err() != nil {
					return ctx.Err()
				}
				time.Sleep(5 * time.Millisecond)
			}
			phase.Add(1)
			_, err := st.Load(ctx, states[i%2], store.Options{})
			phase.Add(1)
			if err != nil {
				return fmt.Errorf("reload %d: %w", i, err)
			}
		}
		for stableRuns[phase.Load()/2].Load() < workers && len(errs) == 0 && ctx.Err() == nil {
			time.Sleep(5 * time.Millisecond)
		}
		return nil
	}()
	wg.Wait()
	close(errs)
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	for err := range errs {
		t.Error(err)
	}
	if during.Load() == 0 {
		t.Fatal("no run overlapped a reload: the test proved nothing")
	}
	t.Logf("%d runs by %d workers over %d reloads: %d overlapped a reload, %d ran between reloads", runs.Load(), workers, reloads, during.Load(), stable.Load())
}

// TestReportSeesOneGraph: a report whose query counts a tie type, sleeps
// while the graph is reloaded without one of those ties, and counts again
// would see both graphs at Neo4j's read-committed isolation. The runner
// sees the load stamp change since the report before it and runs it again
// on the graph that stands, so its two counts agree and are the new graph's.
func TestReportSeesOneGraph(t *testing.T) {
	db, x := seeded(t)
	ctx := ctxFor(t)
	st := store.New(db.Driver, db.Target.Database)
	full := realDataset(t)
	less := withoutTie(t, full, "MOU_WITH", "SG", "US")
	straddle := queries.Report{Name: "straddle", File: "straddle.cypher", Columns: []string{"before", "after"}, Cypher: `
MATCH (:Entity)-[r:MOU_WITH]->(:Entity) WITH count(r) AS before
CALL apoc.util.sleep(3000)
MATCH (:Entity)-[r:MOU_WITH]->(:Entity)
RETURN before, count(r) AS after`}

	// A report first, so that the straddling one compares with the stamp it left.
	if _, err := x.Report(ctx, shipped(t, "partners"), []string{"state=SG"}, nil); err != nil {
		t.Fatal(err)
	}
	reloaded := make(chan error, 1)
	go func() {
		time.Sleep(500 * time.Millisecond) // the report is asleep between its counts
		_, err := st.Load(ctx, less, store.Options{})
		reloaded <- err
	}()
	tb, err := x.Run(ctx, straddle, nil)
	if err := <-reloaded; err != nil {
		t.Fatal(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	mous := 0
	for _, tie := range less.Ties {
		if tie.Type == graph.MouWith {
			mous++
		}
	}
	if len(tb.Rows) != 1 || fmt.Sprint(tb.Rows[0]) != fmt.Sprintf("[%d %d]", mous, mous) {
		t.Fatalf("rows %v, want both counts %d (the graph after the reload)", tb.Rows, mous)
	}
}
