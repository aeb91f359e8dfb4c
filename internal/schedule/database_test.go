package schedule

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/coopgraph/coopgraph/graph/export"
	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/localdb"
	"github.com/coopgraph/coopgraph/internal/neo4jx"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/coopgraph/coopgraph/seed"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// exportFromNeo4j is a real runner, small enough for a test: it connects
// the way commands do, reads every entity with its degree and every tie
// with its years from Neo4j, and exports them through graph/export.
func exportFromNeo4j(t connect.Target) Runner {
	return func(ctx context.Context, j config.Job) error {
		db, err := connect.Open(ctx, t)
		if err != nil {
			return err
		}
		defer db.Close(context.Background())
		meta, _, err := store.New(db.Driver, db.Target.Database).LoadedMeta(ctx)
		if err != nil {
			return neo4jx.Explain(err, t)
		}
		read := func(q string) ([]*neo4j.Record, error) {
			res, err := neo4j.ExecuteQuery(ctx, db.Driver, q, nil, neo4j.EagerResultTransformer,
				neo4j.ExecuteQueryWithDatabase(db.Target.Database), neo4j.ExecuteQueryWithReadersRouting())
			if err != nil {
				return nil, neo4jx.Explain(err, t)
			}
			return res.Records, nil
		}
		nodes, err := read(`MATCH (n:Entity) RETURN n.id, n.name, coalesce(n.name_zh, ''),
			[l IN labels(n) WHERE l <> 'Entity'][0], COUNT { (n)--(:Entity) } ORDER BY n.id`)
		if err != nil {
			return err
		}
		ties, err := read(`MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id, b.id, type(r), coalesce(r.signed, r.since, r.year), r.until ORDER BY a.id, b.id, type(r)`)
		if err != nil {
			return err
		}
		res := &analytics.Result{Projection: j.Graph, Engine: "cypher", Params: map[string]any{}, AsOf: j.AsOf, Measures: []string{"degree"}}
		for _, r := range nodes {
			v := r.Values
			res.Nodes = append(res.Nodes, analytics.NodeScore{ID: v[0].(string), Name: v[1].(string), NameZh: v[2].(string), Kind: v[3].(string),
				Scores: map[string]float64{"degree": float64(v[4].(int64))}})
		}
		for _, r := range ties {
			v := r.Values
			res.Edges = append(res.Edges, analytics.Edge{Source: v[0].(string), Target: v[1].(string), Weight: 1, Types: []string{v[2].(string)},
				Since: year(v[3]), Until: year(v[4])})
		}
		_, err = export.WriteAll(ctx, j.Out, j.Formats, export.Snapshot{Result: res, DatasetVersion: meta.Version, Time: time.Now()})
		return err
	}
}

func year(v any) *int {
	if n, ok := v.(int64); ok {
		y := int(n)
		return &y
	}
	return nil
}

// TestDatabaseGoesAwayBetweenTicks runs a job every second against a Neo4j
// of its own (not the shared test server), stops that server, and starts
// it again: the runs while it is down fail with the reason logged, the
// first run after it is back succeeds, and the export on disk is whole
// throughout.
func TestDatabaseGoesAwayBetweenTicks(t *testing.T) {
	shared := testneo4j.Get(t)
	if shared.Local == nil {
		t.Skip("needs the managed local Neo4j to start a second server")
	}
	cfg := testneo4j.LocalConfig()
	cfg.DataDir = t.TempDir()
	cfg.BoltPort, cfg.HTTPPort = testneo4j.FreePort(t), testneo4j.FreePort(t)
	cfg.Heap, cfg.PageCache = "768m", "64m"
	srv := localdb.New(cfg)
	startCtx := func() context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		t.Cleanup(cancel)
		return ctx
	}
	if _, err := srv.Start(startCtx(), io.Discard); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop(context.Background()) })
	pw, err := srv.Password()
	if err != nil {
		t.Fatal(err)
	}
	target := connect.Target{URI: srv.BoltURI(), User: localdb.User, Password: pw, Database: "neo4j", Managed: true}
	db, err := connect.Open(startCtx(), target)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := seed.LoadDir("../../seed/testdata/valid", seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.New(db.Driver, "neo4j").Load(startCtx(), ds, store.Options{}); err != nil {
		t.Fatal(err)
	}
	db.Close(context.Background())

	j := job(t, "nightly")
	j.Graph, j.Formats = "all", []string{"json", "gexf"}
	l := newLogs()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := start(t, ctx, []config.Job{j}, exportFromNeo4j(target), Options{Logger: l.logger()})

	st.next(t, is("nightly", OK))
	first := readExport(t, j)
	if len(first.Nodes) != len(ds.Entities) || first.DatasetVersion != ds.Version {
		t.Fatalf("the export has %d nodes of dataset %q, want %d of %q", len(first.Nodes), first.DatasetVersion, len(ds.Entities), ds.Version)
	}

	if _, err := srv.Stop(startCtx()); err != nil {
		t.Fatal(err)
	}
	failed := st.next(t, is("nightly", Failed))
	wantErr := fmt.Sprintf("cannot reach Neo4j at %s: ", srv.BoltURI())
	if !strings.HasPrefix(failed.Error, wantErr) || !strings.HasSuffix(failed.Error, "run `coopgraph db status`, or `coopgraph db start`") {
		t.Errorf("the failed run says %q, want %q…", failed.Error, wantErr)
	}
	// While the database is away the last export stays on disk, whole.
	if during := readExport(t, j); len(during.Nodes) != len(ds.Entities) {
		t.Errorf("the export while the database is away has %d nodes", len(during.Nodes))
	}

	if _, err := srv.Start(startCtx(), io.Discard); err != nil {
		t.Fatal(err)
	}
	back := st.next(t, is("nightly", OK))
	cancel()
	if err := st.wait(t); err != nil {
		t.Fatal(err)
	}
	after := readExport(t, j)
	if len(after.Nodes) != len(ds.Entities) || !after.ExportedAt.After(first.ExportedAt) || after.Previous == nil {
		t.Errorf("the export after the database came back: %d nodes at %s, previous %+v", len(after.Nodes), after.ExportedAt, after.Previous)
	}
	if back.Started.Before(failed.Finished) {
		t.Errorf("the successful run started before the failed one ended")
	}

	// The run log: successes, then failures while the server was down, then
	// successes again (skipped ticks, if any, left aside).
	var seq []Record
	for _, r := range runLog(t, j) {
		if r.Outcome != Skipped {
			seq = append(seq, r)
		}
	}
	if got := outcomes(seq); got != "ok,failed,ok" {
		t.Errorf("run log outcomes %s, want ok,failed,ok", got)
	}
	if !strings.Contains(l.String(), `msg="run failed" job=nightly`) || !strings.Contains(l.String(), "cannot reach Neo4j at "+srv.BoltURI()) {
		t.Errorf("the log does not give the reason:\n%s", l)
	}
	ents, _ := os.ReadDir(j.Out)
	for _, e := range ents {
		if export.IsTemp(e.Name()) {
			t.Errorf("temporary file %s left in the export folder", e.Name())
		}
	}
}

func readExport(t *testing.T, j config.Job) export.Rankings {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(j.Out, export.FileNames(export.JSON, j.Graph)[0]))
	if err != nil {
		t.Fatal(err)
	}
	var r export.Rankings
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("the JSON export does not parse: %v", err)
	}
	return r
}
