package store

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
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

// BenchmarkLoad compares, on the same synthetic data and the same server,
// (a) coopgraph's loader, in one transaction and batched, and end to end as
// `coopgraph seed` runs it: the dataset files read and validated, then
// loaded (the default choice of mode); (b) the naive way, one auto-commit
// statement per row through the same driver (timed on a sample and
// extrapolated); (c) Neo4j's own LOAD CSV from CSV files of the same data,
// the way a Neo4j user would write it, both with CALL { ... } IN
// TRANSACTIONS and with IN 2 CONCURRENT TRANSACTIONS. Each starts from an
// empty graph with the schema in place; files (YAML, CSV) are written
// before the clock starts. Sizes: BENCH_NODES, BENCH_TIES (default 10000 /
// 100000); the naive sample: BENCH_NAIVE_SAMPLE (2000).
func BenchmarkLoad(b *testing.B) {
	testneo4j.Exclusive(b)
	db := testneo4j.Open(b)
	srv := testneo4j.Get(b)
	st := New(db.Driver, db.Target.Database)
	nodes, ties := envInt("BENCH_NODES", 10000), envInt("BENCH_TIES", 100000)
	sample := envInt("BENCH_NAIVE_SAMPLE", 2000)
	ds := synth.Generate(synth.Config{Seed: 42, Nodes: nodes, Ties: ties})
	ctx := context.Background()
	batch := DefaultBatchSize
	files := b.TempDir()
	if err := synth.WriteFiles(files, ds, 50000); err != nil {
		b.Fatal(err)
	}

	type result struct {
		name    string
		seconds float64
		note    string
	}
	var results []result
	// Warm up every method once on a small graph (JIT, plan cache, page cache),
	// so that no method pays the server's cold start for the others.
	warm := synth.Generate(synth.Config{Seed: 1, Nodes: 1000, Ties: 5000})
	wipe(b, db, st)
	if _, err := st.Load(ctx, warm, Options{}); err != nil {
		b.Fatal(err)
	}
	wipe(b, db, st)
	naive(b, db, warm, 200)
	if srv.Local != nil {
		for _, concurrent := range []bool{false, true} {
			wipe(b, db, st)
			if _, _, err := loadCSV(b, db, srv.Local.ImportDir(), warm, batch, concurrent); err != nil {
				b.Logf("LOAD CSV warm-up (concurrent %v): %v", concurrent, err)
			}
		}
	}
	b.ResetTimer()
	// Every method runs BENCH_ROUNDS times (default 2), interleaved, and the
	// best time counts: the JVM keeps warming up for a while, and a fixed
	// order would favour whichever method runs last.
	rounds := envInt("BENCH_ROUNDS", 2)
	best := func(name string, secs float64, note string) {
		for i := range results {
			if results[i].name == name {
				if secs < results[i].seconds || math.IsNaN(results[i].seconds) {
					results[i].seconds, results[i].note = secs, note
				}
				return
			}
		}
		results = append(results, result{name, secs, note})
	}
	const (
		oneTx     = "coopgraph load, one transaction"
		endToEnd  = "coopgraph seed end to end"
		csvPlain  = "LOAD CSV ... IN TRANSACTIONS"
		csvConc   = "LOAD CSV ... IN 2 CONCURRENT TRANSACTIONS"
		naiveName = "naive: one statement per row"
	)
	batched := fmt.Sprintf("coopgraph load, batched, %d sessions", DefaultWorkers)
	for i := 0; i < b.N*rounds; i++ {
		// (a) the loader: atomic (one transaction), and batched on two sessions
		for _, limit := range []int{len(ds.Entities) + len(ds.Ties) + 1, 1} {
			wipe(b, db, st)
			t0 := time.Now()
			sum, err := st.Load(ctx, ds, Options{SingleTxLimit: limit})
			name := oneTx
			if limit == 1 {
				name = batched
			}
			if err != nil {
				if limit == 1 {
					b.Fatal(err)
				}
				// One transaction of this size may not fit the server's heap: say so in the table.
				b.Logf("one transaction: %v", err)
				best(name, math.NaN(), "failed: "+strings.SplitN(err.Error(), ":", 2)[0])
				continue
			}
			best(name, time.Since(t0).Seconds(), fmt.Sprintf("%s, %d rows a statement", sum.Describe(), batch))
		}
		// ... and end to end: read and validate the files, then load with the defaults.
		wipe(b, db, st)
		t0 := time.Now()
		read, err := seed.LoadDir(files, seed.Options{})
		if err != nil {
			b.Fatal(err)
		}
		validated := time.Since(t0)
		sum, err := st.Load(ctx, read, Options{})
		if err != nil {
			b.Fatal(err)
		}
		total := time.Since(t0)
		best(endToEnd, total.Seconds(), fmt.Sprintf("validate %.1fs + load %.1fs (%s)", validated.Seconds(), (total-validated).Seconds(), sum.Describe()))

		// (b) naive, on a sample, extrapolated
		wipe(b, db, st)
		perNode, perTie := naive(b, db, ds, sample)
		naiveSecs := perNode*float64(len(ds.Entities)) + perTie*float64(len(ds.Ties))
		best(naiveName, naiveSecs, fmt.Sprintf("extrapolated from %d nodes + %d ties", min(sample, len(ds.Entities)), min(sample, len(ds.Ties))))

		// (c) LOAD CSV, both ways
		if srv.Local != nil {
			for _, concurrent := range []bool{false, true} {
				name := csvPlain
				if concurrent {
					name = csvConc
				}
				wipe(b, db, st)
				secs, how, err := loadCSV(b, db, srv.Local.ImportDir(), ds, batch, concurrent)
				if err != nil {
					b.Logf("%s: %v", name, err)
					best(name, math.NaN(), "failed: "+firstLine(err.Error()))
					continue
				}
				best(name, secs, how)
			}
		}
	}
	wipe(b, db, st)

	fmt.Printf("\nLoad benchmark: %d nodes, %d ties (synthetic, seed 42), one Neo4j 5.26 server, heap %s, GOMAXPROCS %d, best of %d rounds\n",
		len(ds.Entities), len(ds.Ties), testneo4j.LocalConfig().Heap, runtime.GOMAXPROCS(0), rounds)
	fmt.Printf("%-42s %9s %12s  %s\n", "method", "seconds", "ties/second", "how")
	secs := map[string]float64{}
	for _, r := range results {
		secs[r.name] = r.seconds
		fmt.Printf("%-42s %9.2f %12.0f  %s\n", r.name, r.seconds, float64(len(ds.Ties))/r.seconds, r.note)
	}
	// The better LOAD CSV is the one to beat (a failed one is NaN and never better).
	bestCSV, bestCSVName := math.NaN(), ""
	for _, name := range []string{csvPlain, csvConc} {
		if v, ok := secs[name]; ok && (math.IsNaN(bestCSV) || v < bestCSV) {
			bestCSV, bestCSVName = v, name
		}
	}
	e2e := secs[endToEnd]
	fmt.Printf("\nratios (time of the other / time of coopgraph seed end to end, validation included):\n")
	for _, r := range results {
		if r.name != endToEnd {
			fmt.Printf("  %-40s %6.2fx\n", r.name, r.seconds/e2e)
		}
	}
	if bestCSVName != "" {
		fmt.Printf("\ncoopgraph seed end to end vs the better LOAD CSV (%s): %.2fs vs %.2fs, %.2fx\n", bestCSVName, e2e, bestCSV, bestCSV/e2e)
		b.ReportMetric(bestCSV/e2e, "x-loadcsv")
	}
	b.ReportMetric(float64(len(ds.Ties))/e2e, "ties/s")
	b.ReportMetric(secs[naiveName]/e2e, "x-naive")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}

// wipe empties the database (keeping the schema) in bounded transactions:
// relationships first, so that deleting a hub never holds all its ties at
// once. It retries while the server still frees a failed transaction's memory.
func wipe(b testing.TB, db *connect.DB, st *Store) {
	b.Helper()
	ctx := context.Background()
	sess := db.Driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.Target.Database})
	defer sess.Close(ctx)
	for _, q := range []string{
		"MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS",
		"MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS",
	} {
		var err error
		for attempt := 0; attempt < 10; attempt++ {
			var res neo4j.ResultWithContext
			if res, err = sess.Run(ctx, q, nil); err == nil {
				_, err = res.Consume(ctx)
			}
			if err == nil || !neo4j.IsRetryable(err) {
				break
			}
			time.Sleep(2 * time.Second)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	if _, err := st.AssertSchema(ctx); err != nil {
		b.Fatal(err)
	}
}

// naive writes sample nodes and ties one auto-commit statement each and
// returns the seconds per node and per tie.
func naive(b testing.TB, db *connect.DB, ds *graph.Dataset, sample int) (float64, float64) {
	b.Helper()
	ctx := context.Background()
	sess := db.Driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.Target.Database})
	defer sess.Close(ctx)
	runOne := func(q string, p map[string]any) {
		res, err := sess.Run(ctx, q, p)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	ents := ds.Entities[:min(sample, len(ds.Entities))]
	t0 := time.Now()
	for _, e := range ents {
		runOne("MERGE (n:Entity {id: $id}) SET n:"+string(e.Kind)+", n.kind = $kind, n.name = $name, n.name_zh = $name_zh, n.aliases = $aliases",
			map[string]any{"id": e.ID, "kind": e.Kind, "name": e.Name, "name_zh": e.NameZh, "aliases": e.Aliases})
	}
	perNode := time.Since(t0).Seconds() / float64(len(ents))
	// Ties between the sampled nodes' neighbourhood: create missing ends cheaply first.
	ties := ds.Ties[:min(sample, len(ds.Ties))]
	for _, t := range ties {
		for _, id := range []string{t.From, t.To} {
			runOne("MERGE (:Entity {id: $id})", map[string]any{"id": id})
		}
	}
	t0 = time.Now()
	for _, t := range ties {
		runOne("MATCH (a:Entity {id: $from}) MATCH (b:Entity {id: $to}) MERGE (a)-[r:"+string(t.Type)+" {key: $key}]->(b) SET r.since = $since, r.status = $status, r.ev_source = $src",
			map[string]any{"from": t.From, "to": t.To, "key": t.Key().String(), "since": t.Since, "status": t.Status, "src": []string{t.Evidence[0].Source}})
	}
	return perNode, time.Since(t0).Seconds() / float64(len(ties))
}

// loadCSV writes the dataset as CSV files into the server's import folder
// and loads them with LOAD CSV, one file per kind and per type, and returns
// the seconds the statements took and how they ran. concurrent runs each
// statement's transactions two at once (IN 2 CONCURRENT TRANSACTIONS), as
// the server has two cores.
func loadCSV(b testing.TB, db *connect.DB, importDir string, ds *graph.Dataset, batch int, concurrent bool) (float64, string, error) {
	b.Helper()
	dir := filepath.Join(importDir, "bench")
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	write := func(name string, header []string, rows [][]string) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		w := csv.NewWriter(f)
		w.Write(header)
		w.WriteAll(rows)
		f.Close()
	}
	// The same rows the loader writes, every property of them, as CSV.
	cell := func(v any) string {
		switch x := v.(type) {
		case nil:
			return ""
		case []string:
			return strings.Join(x, "|")
		case []int64:
			parts := make([]string, len(x))
			for i, n := range x {
				parts[i] = strconv.FormatInt(n, 10)
			}
			return strings.Join(parts, "|")
		default:
			return fmt.Sprint(x)
		}
	}
	field := func(r row, c string) any { return r[c] }
	nodeProps, tieProps := graph.OwnedNames(graph.OnEntity), graph.OwnedNames(graph.OnTie)
	nodeCols := append([]string{"id"}, nodeProps...)
	tieCols := append([]string{"from", "to"}, tieProps...)
	byKind := map[string][][]string{}
	for _, e := range ds.Entities {
		r := entityRow(e)
		line := make([]string, len(nodeCols))
		for i, c := range nodeCols {
			line[i] = cell(field(r, c))
		}
		byKind[string(e.Kind)] = append(byKind[string(e.Kind)], line)
	}
	byType := map[string][][]string{}
	for _, t := range ds.Ties {
		r := tieRow(t)
		line := make([]string, len(tieCols))
		for i, c := range tieCols {
			line[i] = cell(field(r, c))
		}
		byType[string(t.Type)] = append(byType[string(t.Type)], line)
	}
	// CSV cells are text: convert them back to the declared types.
	conv := func(v string, p graph.Property) string {
		switch p.Type {
		case graph.Integer:
			return fmt.Sprintf("%s.%s = toInteger(row.%s)", v, p.Name, p.Name)
		case graph.Boolean:
			return fmt.Sprintf("%s.%s = toBoolean(row.%s)", v, p.Name, p.Name)
		case graph.TextList:
			// An empty cell is a list the loader does not write either.
			return fmt.Sprintf("%s.%s = CASE row.%s WHEN '' THEN null ELSE split(row.%s, '|') END", v, p.Name, p.Name, p.Name)
		case graph.IntList:
			return fmt.Sprintf("%s.%s = CASE row.%s WHEN '' THEN null ELSE [x IN split(row.%s, '|') | toInteger(x)] END", v, p.Name, p.Name, p.Name)
		}
		return fmt.Sprintf("%s.%s = row.%s", v, p.Name, p.Name)
	}
	sets := func(v string, el graph.Element) string {
		var out []string
		for _, p := range graph.PropertiesOn(el) {
			if p.Owned {
				out = append(out, conv(v, p))
			}
		}
		return strings.Join(out, ", ")
	}
	var stmts []string // each LOAD CSV ... CALL (row) { ... }, without its IN TRANSACTIONS clause
	for _, k := range graph.Kinds {
		kind := string(k.Kind)
		rows, ok := byKind[kind]
		if !ok {
			continue
		}
		write("nodes-"+kind+".csv", nodeCols, rows)
		stmts = append(stmts, fmt.Sprintf(`LOAD CSV WITH HEADERS FROM 'file:///bench/nodes-%[1]s.csv' AS row
CALL (row) { MERGE (n:%[2]s {id: row.id}) SET n:%[1]s, %[3]s }`, kind, graph.EntityLabel, sets("n", graph.OnEntity)))
	}
	for _, rt := range graph.RelTypes {
		typ := string(rt.Type)
		rows, ok := byType[typ]
		if !ok {
			continue
		}
		write("ties-"+typ+".csv", tieCols, rows)
		stmts = append(stmts, fmt.Sprintf(`LOAD CSV WITH HEADERS FROM 'file:///bench/ties-%[1]s.csv' AS row
CALL (row) { MATCH (a:%[2]s {id: row.from}) MATCH (b:%[2]s {id: row.to}) MERGE (a)-[r:%[1]s {key: row.key}]->(b)
  SET %[3]s }`, typ, graph.EntityLabel, sets("r", graph.OnTie)))
	}
	ctx := context.Background()
	sess := db.Driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.Target.Database})
	defer sess.Close(ctx)
	t0 := time.Now()
	// run runs q and returns its one value, if it has one.
	run := func(q string) (int64, error) {
		res, err := sess.Run(ctx, q, nil)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", q, err)
		}
		var n int64
		if res.Next(ctx) {
			n, _ = res.Record().Values[0].(int64)
		}
		if _, err := res.Consume(ctx); err != nil {
			return 0, fmt.Errorf("%s: %w", q, err)
		}
		return n, nil
	}
	serial := fmt.Sprintf(" IN TRANSACTIONS OF %d ROWS", batch)
	// Two transactions at once deadlock now and then on ties that share a
	// node, and 5.26 has no ON ERROR RETRY: the inner transactions that
	// failed are rolled back, and the statement (MERGE, so idempotent) is run
	// again one transaction at a time, as a user would.
	parallel := fmt.Sprintf(" IN 2 CONCURRENT TRANSACTIONS OF %d ROWS ON ERROR CONTINUE REPORT STATUS AS s WITH s WHERE NOT s.committed RETURN count(DISTINCT s.transactionId)", batch)
	reruns := 0
	// Nodes first (the statements above list kinds before types).
	for _, q := range stmts {
		if !concurrent {
			if _, err := run(q + serial); err != nil {
				return 0, "", err
			}
			continue
		}
		failed, err := run(q + parallel)
		if err != nil {
			return 0, "", err
		}
		if failed > 0 {
			reruns++
			if _, err := run(q + serial); err != nil {
				return 0, "", err
			}
		}
	}
	secs := time.Since(t0).Seconds()
	note := fmt.Sprintf("%d rows a transaction", batch)
	if concurrent {
		note = fmt.Sprintf("%d rows a transaction, 2 at once; %d of %d files rerun one transaction at a time after a deadlock", batch, reruns, len(stmts))
	}
	res, _ := neo4j.ExecuteQuery(ctx, db.Driver, "MATCH ()-[r]->() RETURN count(r)", nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db.Target.Database))
	if n := res.Records[0].Values[0].(int64); n != int64(len(ds.Ties)) {
		b.Fatalf("LOAD CSV wrote %d ties, want %d", n, len(ds.Ties))
	}
	return secs, note, nil
}
