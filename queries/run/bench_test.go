package run

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/coopgraph/coopgraph/queries"
	"github.com/coopgraph/coopgraph/queries/format"
	"github.com/coopgraph/coopgraph/seed"
	"github.com/coopgraph/coopgraph/seed/synth"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// targetP95 is the latency every report must keep on the seeded data,
// end to end through the command's code path.
const targetP95 = 50 * time.Millisecond

type latency struct {
	name                 string
	rows                 int
	cliP50, cliP95       time.Duration
	driverP50, driverP95 time.Duration
	dbHits               int64
	err                  string
}

func percentile(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s)-1)*p + 0.5)
	return s[i]
}

func profileHits(p neo4j.ProfiledPlan) int64 {
	if p == nil {
		return 0
	}
	n := p.DbHits()
	for _, c := range p.Children() {
		n += profileHits(c)
	}
	return n
}

// measure times every report with its defaults, runs times each: through
// the CLI's code path (find the report, parse and resolve the parameters,
// run it in a read transaction, render the terminal table) and through the
// driver alone (the same query with the resolved parameters, one
// ExecuteQuery), plus the db hits of one PROFILE.
func measure(b *testing.B, db *connect.DB, all []queries.Report, runs int) []latency {
	ctx := context.Background()
	x := New(db.Driver, db.Target.Database)
	var out []latency
	for _, r := range all {
		l := latency{name: r.Name}
		cli := func() (int, error) {
			rep, err := Find(all, r.Name)
			if err != nil {
				return 0, err
			}
			t, err := x.Report(ctx, rep, nil, nil)
			if err != nil {
				return 0, err
			}
			return len(t.Rows), format.Write(io.Discard, format.Text, t, format.DefaultWidth)
		}
		params, err := x.Params(ctx, r, nil)
		if err != nil {
			l.err = err.Error()
			out = append(out, l)
			continue
		}
		driver := func() error {
			_, err := neo4j.ExecuteQuery(ctx, db.Driver, r.Cypher, params, neo4j.EagerResultTransformer,
				neo4j.ExecuteQueryWithDatabase(db.Target.Database), neo4j.ExecuteQueryWithReadersRouting())
			return err
		}
		for range 3 { // warm the plan cache and the page cache
			if _, err := cli(); err != nil {
				l.err = err.Error()
			}
			driver()
		}
		if l.err != "" {
			out = append(out, l)
			continue
		}
		var cliT, drvT []time.Duration
		for range runs { // interleaved, so that neither gets a warmer server
			t0 := time.Now()
			n, err := cli()
			cliT = append(cliT, time.Since(t0))
			if err != nil {
				b.Fatalf("%s: %v", r.Name, err)
			}
			l.rows = n
			t0 = time.Now()
			if err := driver(); err != nil {
				b.Fatalf("%s: %v", r.Name, err)
			}
			drvT = append(drvT, time.Since(t0))
		}
		l.cliP50, l.cliP95 = percentile(cliT, 0.5), percentile(cliT, 0.95)
		l.driverP50, l.driverP95 = percentile(drvT, 0.5), percentile(drvT, 0.95)
		res, err := neo4j.ExecuteQuery(ctx, db.Driver, "PROFILE "+r.Cypher, params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(db.Target.Database), neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			b.Fatalf("PROFILE %s: %v", r.Name, err)
		}
		l.dbHits = profileHits(res.Summary.Profile())
		out = append(out, l)
	}
	return out
}

// loadavg is the machine's 1-minute load, so that a table says how busy the machine was.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "unknown"
	}
	return f[0]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func printTable(title string, ls []latency, target bool) {
	fmt.Printf("\n%s\n", title)
	fmt.Printf("%-28s %7s %9s %9s %9s %9s %10s  %s\n", "report", "rows", "cli p50", "cli p95", "drv p50", "drv p95", "db hits", "")
	met := 0
	for _, l := range ls {
		if l.err != "" {
			fmt.Printf("%-28s %s\n", l.name, "could not run: "+l.err)
			continue
		}
		note := ""
		if l.cliP95 <= targetP95 {
			met++
		} else if target {
			note = "over the 50 ms target"
		} else if l.cliP95 > time.Second {
			note = "over one second"
		}
		fmt.Printf("%-28s %7d %9s %9s %9s %9s %10d  %s\n", l.name, l.rows, ms(l.cliP50), ms(l.cliP95), ms(l.driverP50), ms(l.driverP95), l.dbHits, note)
	}
	fmt.Printf("(milliseconds; cli: the `coopgraph report run` code path, names resolved and the table rendered, process start not counted; drv: the driver alone)\n")
	if target {
		fmt.Printf("p95 within %s: %d of %d reports\n", targetP95, met, len(ls))
	}
}

// wipeAll empties the database in bounded transactions (relationships first).
func wipeAll(b *testing.B, db *connect.DB) {
	ctx := context.Background()
	sess := db.Driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.Target.Database})
	defer sess.Close(ctx)
	for _, q := range []string{
		"MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 20000 ROWS",
		"MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 20000 ROWS",
	} {
		res, err := sess.Run(ctx, q, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
}

// BenchmarkReports prints p50 and p95 latency of every report with its
// defaults on the seeded dataset, through the CLI's code path and through
// the driver alone, with db hits from PROFILE (BENCH_REPORT_RUNS runs a
// report, default 50). With BENCH_SYNTH=1 it does the same on a synthetic
// graph of BENCH_SYNTH_NODES / BENCH_SYNTH_TIES (default 100,000 /
// 1,000,000), which takes minutes to load, and then restores the seeded
// dataset.
func BenchmarkReports(b *testing.B) {
	testneo4j.Exclusive(b)
	db := testneo4j.Open(b)
	ctx := context.Background()
	st := store.New(db.Driver, db.Target.Database)
	real, err := seed.Load(seed.DataFS(), seed.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.Load(ctx, real, store.Options{}); err != nil {
		b.Fatal(err)
	}
	all, err := queries.All()
	if err != nil {
		b.Fatal(err)
	}
	runs := envInt("BENCH_REPORT_RUNS", 50)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ls := measure(b, db, all, runs)
		printTable(fmt.Sprintf("Report latency on the seeded dataset (%d entities, %d ties), %d runs a report, Neo4j 5.26, GOMAXPROCS %d, load average %s",
			len(real.Entities), len(real.Ties), runs, runtime.GOMAXPROCS(0), loadavg()), ls, true)
		worst := time.Duration(0)
		for _, l := range ls {
			worst = max(worst, l.cliP95)
		}
		b.ReportMetric(float64(worst.Microseconds())/1000, "worst-p95-ms")
	}
	if os.Getenv("BENCH_SYNTH") != "1" {
		fmt.Println("\n(the synthetic graph: BENCH_SYNTH=1, minutes)")
		return
	}
	b.StopTimer()
	cfg := synth.Config{Seed: 42, Nodes: envInt("BENCH_SYNTH_NODES", 100_000), Ties: envInt("BENCH_SYNTH_TIES", 1_000_000)}
	ds := synth.Generate(cfg)
	wipeAll(b, db)
	t0 := time.Now()
	if _, err := st.Load(ctx, ds, store.Options{}); err != nil {
		b.Fatal(err)
	}
	loaded := time.Since(t0)
	ls := measure(b, db, all, max(runs/5, 5))
	printTable(fmt.Sprintf("Report latency on the synthetic graph (%d entities, %d ties, seed %d; loaded in %s), %d runs a report, load average %s",
		len(ds.Entities), len(ds.Ties), cfg.Seed, loaded.Round(time.Second), max(runs/5, 5), loadavg()), ls, false)
	wipeAll(b, db)
	if _, err := st.Load(ctx, real, store.Options{}); err != nil {
		b.Fatal(err)
	}
}
