package gds_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	osexec "os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/coopgraph/coopgraph/graph/analytics/analyticstest"
	"github.com/coopgraph/coopgraph/graph/analytics/gds"
	"github.com/coopgraph/coopgraph/graph/analytics/project"
	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/coopgraph/coopgraph/seed/synth"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func benchEnv(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// benchRow is one measure on one graph in one engine.
type benchRow struct {
	graph, measure, engine  string
	seconds, computeSeconds float64 // end to end; the measure alone where known
	peakMiB                 float64
	memNote                 string
	top                     []string
	modularity              float64
	communities             int
	note                    string
}

// BenchmarkAnalytics runs PageRank, betweenness and Louvain in process
// (reading the projection from Neo4j included), in GDS (projection,
// estimate and drop included) and in networkx (on the same edge list), on
// the seeded graph's two projections and, with BENCH_ANALYTICS_SYNTH=1, on
// a synthetic graph of BENCH_NODES nodes and BENCH_TIES ties (default
// 100000 / 1000000), and prints one table with the three side by side and
// how far their top 20 agree. Betweenness is exact on the seeded graph and
// sampled from BENCH_SAMPLES sources (default 32, seed 42) on the
// synthetic one.
func BenchmarkAnalytics(b *testing.B) {
	testneo4j.Exclusive(b)
	db := testneo4j.Open(b)
	dir := b.TempDir()
	var rows []benchRow
	// The synthetic graph first: it takes minutes to load, and a database
	// that already holds it (a previous run's) is used as it is.
	if os.Getenv("BENCH_ANALYTICS_SYNTH") != "" {
		nodes, ties := benchEnv("BENCH_NODES", 100000), benchEnv("BENCH_TIES", 1000000)
		cfg := synth.Config{Seed: 42, Nodes: nodes, Ties: ties}
		version := fmt.Sprintf("synth-%d-%d-%d", cfg.Seed, cfg.Nodes, cfg.Ties)
		if have := exec(b, db, "OPTIONAL MATCH (m:CoopgraphMeta {id: 'dataset'}) RETURN m.version", nil)[0].Values[0]; have != version {
			loadSynthetic(b, db, cfg)
		}
		rows = append(rows, benchGraph(b, db, dir, fmt.Sprintf("synthetic %dk/%dk", nodes/1000, ties/1000), "all", benchEnv("BENCH_SAMPLES", 32))...)
	}
	loadSeeded(b, db)
	// Warm the server (plans, JIT) so that no engine pays for the others.
	if _, err := gds.Compute(ctxT(b, 5*time.Minute), db.Driver, db.Target.Database, "states", nil, gds.Options{Options: analytics.Options{Measures: []string{analytics.PageRank}}}); err != nil {
		b.Fatal(err)
	}
	rows = append(rows, benchGraph(b, db, dir, "seeded states", "states", 0)...)
	rows = append(rows, benchGraph(b, db, dir, "seeded all", "all", 0)...)
	printBench(rows)
}

func benchGraph(b *testing.B, db *connect.DB, dir, label, graph string, samples int) []benchRow {
	ctx := ctxT(b, 2*time.Hour)
	g, err := project.Read(ctx, db.Driver, db.Target.Database, graph, nil)
	if err != nil {
		b.Fatal(err)
	}
	edges, nodes := filepath.Join(dir, "edges.tsv"), filepath.Join(dir, "nodes.txt")
	writeLines(b, edges, len(g.Edges), func(i int) string {
		e := g.Edges[i]
		return e.Source + "\t" + e.Target + "\t" + strconv.FormatFloat(e.Weight, 'g', -1, 64)
	})
	sorted := make([]string, len(g.Nodes))
	for i, n := range g.Nodes {
		sorted[i] = n.ID
	}
	slices.Sort(sorted)
	writeLines(b, nodes, len(sorted), func(i int) string { return sorted[i] })
	sources := filepath.Join(dir, "sources.txt")
	if samples > 0 {
		idx := analytics.SampleSources(len(sorted), samples, analytics.DefaultSeed)
		writeLines(b, sources, len(idx), func(i int) string { return sorted[idx[i]] })
	}
	g = nil
	label = fmt.Sprintf("%s (%d nodes, %d edges)", label, len(sorted), countLines(b, edges))

	var rows []benchRow
	for _, m := range []string{analytics.PageRank, analytics.Betweenness, analytics.Louvain} {
		opt := analytics.Options{Measures: []string{m}, Samples: samples}
		mname := m
		if m == analytics.Betweenness && samples > 0 {
			mname = fmt.Sprintf("betweenness (%d sources)", samples)
		}

		// In process: read the projection, then compute.
		runtime.GC()
		stop := goHeapPeak()
		start := time.Now()
		pg, err := project.Read(ctx, db.Driver, db.Target.Database, graph, nil)
		if err != nil {
			b.Fatal(err)
		}
		read := time.Since(start)
		res, err := analytics.Compute(ctx, pg, opt)
		if err != nil {
			b.Fatal(err)
		}
		total := time.Since(start)
		in := benchRow{graph: label, measure: mname, engine: "in process", seconds: total.Seconds(), computeSeconds: (total - read).Seconds(),
			peakMiB: stop(), memNote: "Go heap"}
		fill(&in, res, m)
		pg, res = nil, nil

		// GDS: estimate, project, compute, drop.
		stopJVM := jvmHeapPeak(b, db)
		start = time.Now()
		gres, err := gds.Compute(ctx, db.Driver, db.Target.Database, graph, nil, gds.Options{Options: opt})
		if err != nil {
			b.Fatal(err)
		}
		server := benchRow{graph: label, measure: mname, engine: "GDS", seconds: time.Since(start).Seconds(), memNote: "JVM heap"}
		server.peakMiB = stopJVM()
		fill(&server, gres, m)
		if m == analytics.Louvain {
			gres.Edges = readEdges(b, edges)
			server.modularity = analytics.Modularity(gres, m, 1)
		}
		ests, err := gds.Estimates(func(q string, p map[string]any) (*neo4j.EagerResult, error) {
			return neo4j.ExecuteQuery(ctx, db.Driver, q, p, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db.Target.Database))
		}, len(sorted), 2*int64(countLines(b, edges)), opt.WithDefaults(), samples)
		if err == nil && len(ests) == 1 {
			server.note = "GDS estimate " + ests[0].Readable
		}

		// networkx on the same edge list.
		args := []string{filepath.Join(analyticstest.Dir(), "bench_networkx.py"), edges, nodes, m}
		if m == analytics.Betweenness && samples > 0 {
			args = append(args, sources)
		}
		out, err := osexec.CommandContext(ctx, "python3", args...).Output()
		if err != nil {
			b.Fatalf("networkx: %v", err)
		}
		var nx struct {
			Seconds     float64  `json:"seconds"`
			LoadSeconds float64  `json:"load_seconds"`
			PeakRSSMiB  float64  `json:"peak_rss_mib"`
			Modularity  float64  `json:"modularity"`
			Top         []string `json:"top"`
			Communities int      `json:"communities"`
		}
		if err := json.Unmarshal(out, &nx); err != nil {
			b.Fatalf("networkx output %q: %v", out, err)
		}
		ref := benchRow{graph: label, measure: mname, engine: "networkx", seconds: nx.LoadSeconds + nx.Seconds, computeSeconds: nx.Seconds,
			peakMiB: nx.PeakRSSMiB, memNote: "process RSS", top: nx.Top, modularity: nx.Modularity, communities: nx.Communities}
		if m != analytics.Louvain {
			in.note = fmt.Sprintf("top 20 shared with GDS %d, with networkx %d", overlap(in.top, server.top), overlap(in.top, ref.top))
		} else {
			in.note = fmt.Sprintf("%d communities", in.communities)
			server.note = fmt.Sprintf("%d communities; %s", server.communities, server.note)
			ref.note = fmt.Sprintf("%d communities", ref.communities)
		}
		rows = append(rows, in, server, ref)
		fmt.Fprintf(os.Stderr, "%s %s: in process %.2fs, GDS %.2fs, networkx %.2fs\n", label, mname, in.seconds, server.seconds, ref.seconds)
	}
	return rows
}

func fill(r *benchRow, res *analytics.Result, m string) {
	if analytics.IsCommunity(m) {
		seen := map[int64]bool{}
		for _, n := range res.Nodes {
			seen[n.Community[m]] = true
		}
		r.communities = len(seen)
		if len(res.Edges) > 0 {
			r.modularity = analytics.Modularity(res, m, 1)
		}
		return
	}
	for i, n := range res.Ranked(m) {
		if i == 20 {
			break
		}
		r.top = append(r.top, n.ID)
	}
}

func overlap(a, b []string) int {
	n := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			n++
		}
	}
	return n
}

// goHeapPeak samples the Go heap until the returned function is called,
// which gives the peak above the starting point in MiB.
func goHeapPeak() func() float64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	peak := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				peak = max(peak, read())
			}
		}
	}()
	return func() float64 {
		close(done)
		wg.Wait()
		peak = max(peak, read())
		return float64(peak-base) / (1 << 20)
	}
}

// jvmHeapPeak polls the server's heap in use (GDS's sysInfo) until the
// returned function is called, and gives the peak above the start in MiB.
// The JVM collects garbage lazily, so this overstates what GDS keeps.
func jvmHeapPeak(b *testing.B, db *connect.DB) func() float64 {
	used := func() int64 {
		res, err := neo4j.ExecuteQuery(context.Background(), db.Driver,
			"CALL gds.debug.sysInfo() YIELD key, value WITH collect([key, value]) AS kv RETURN [x IN kv WHERE x[0] = 'heapTotalInBytes'][0][1] - [x IN kv WHERE x[0] = 'heapFreeInBytes'][0][1]",
			nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db.Target.Database))
		if err != nil || len(res.Records) == 0 {
			return 0
		}
		v, _ := res.Records[0].Values[0].(int64)
		return v
	}
	base := used()
	peak := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
				peak = max(peak, used())
			}
		}
	}()
	return func() float64 {
		close(done)
		wg.Wait()
		return float64(max(peak-base, 0)) / (1 << 20)
	}
}

func writeLines(b *testing.B, path string, n int, line func(int) string) {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.WriteString(line(i))
		sb.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
}

func countLines(b *testing.B, path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return strings.Count(string(data), "\n")
}

func readEdges(b *testing.B, path string) []analytics.Edge {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var out []analytics.Edge
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(l, "\t")
		w, _ := strconv.ParseFloat(f[2], 64)
		out = append(out, analytics.Edge{Source: f[0], Target: f[1], Weight: w})
	}
	return out
}

func printBench(rows []benchRow) {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "graph\tmeasure\tengine\twall s\tmeasure alone s\tpeak MiB\tmodularity\tagreement / notes")
	last := ""
	for _, r := range rows {
		g := r.graph
		if g == last {
			g = ""
		}
		last = r.graph
		alone, q := "", ""
		if r.computeSeconds > 0 {
			alone = fmt.Sprintf("%.3f", r.computeSeconds)
		}
		if r.modularity != 0 {
			q = fmt.Sprintf("%.4f", r.modularity)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.3f\t%s\t%.0f (%s)\t%s\t%s\n", g, r.measure, r.engine, r.seconds, alone, r.peakMiB, r.memNote, q, r.note)
	}
	tw.Flush()
}

// loadSynthetic replaces the graph with a synthetic one, then lets go of
// the dataset so that the engines have the memory.
func loadSynthetic(b *testing.B, db *connect.DB, cfg synth.Config) {
	ds := synth.Generate(cfg)
	exec(b, db, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", nil)
	start := time.Now()
	if _, err := store.New(db.Driver, db.Target.Database).Load(ctxT(b, time.Hour), ds, store.Options{}); err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "synthetic graph (%d entities, %d ties) loaded in %s\n", len(ds.Entities), len(ds.Ties), time.Since(start).Round(time.Second))
	ds = nil
	runtime.GC()
	debug.FreeOSMemory()
}
