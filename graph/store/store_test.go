package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/localdb"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/coopgraph/coopgraph/seed"
	"github.com/coopgraph/coopgraph/seed/synth"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

func ctxT(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// small is the validator's fixture dataset (five entities, four ties).
func small(t *testing.T) *graph.Dataset {
	t.Helper()
	ds, err := seed.LoadDir("../../seed/testdata/valid", seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// without returns a copy of ds without entity id and the ties that touch it.
func without(ds *graph.Dataset, id, version string) *graph.Dataset {
	out := &graph.Dataset{Version: version, Sources: ds.Sources}
	for _, e := range ds.Entities {
		if e.ID != id {
			out.Entities = append(out.Entities, e)
		}
	}
	for _, t := range ds.Ties {
		if t.From != id && t.To != id {
			out.Ties = append(out.Ties, t)
		}
	}
	return out
}

// baseline gives a test the database to itself, loads the small fixture,
// and returns the digest a failed load must leave unchanged.
func baseline(t *testing.T) (*connect.DB, *store.Store, string) {
	t.Helper()
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	st := store.New(db.Driver, db.Target.Database)
	mustLoad(t, st, small(t), store.Options{})
	return db, st, digest(t, st)
}

func mustLoad(t *testing.T, st *store.Store, ds *graph.Dataset, opt store.Options) *store.Summary {
	t.Helper()
	sum, err := st.Load(ctxT(t, 10*time.Minute), ds, opt)
	if err != nil {
		t.Fatalf("load %s: %v", ds.Version, err)
	}
	return sum
}

func digest(t *testing.T, st *store.Store) string {
	t.Helper()
	d, err := st.Digest(ctxT(t, 5*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func exec1(t *testing.T, db *connect.DB, q string, params map[string]any) []*neo4j.Record {
	t.Helper()
	res, err := neo4j.ExecuteQuery(ctxT(t, time.Minute), db.Driver, q, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db.Target.Database))
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res.Records
}

func TestSeedIsIdempotent(t *testing.T) {
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	st := store.New(db.Driver, db.Target.Database)
	ds, err := seed.Load(seed.DataFS(), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustLoad(t, st, ds, store.Options{})
	first := digest(t, st)
	sum := mustLoad(t, st, ds, store.Options{})
	nodes, ties := sum.Totals()
	if nodes.Created+nodes.Updated+nodes.Removed+ties.Created+ties.Updated+ties.Removed != 0 {
		t.Fatalf("a second load of the same files changed something: nodes %+v ties %+v", nodes, ties)
	}
	if nodes.Unchanged != len(ds.Entities)+len(ds.Sources) || ties.Unchanged != len(ds.Ties) {
		t.Fatalf("unchanged counts %d/%d, want %d/%d", nodes.Unchanged, ties.Unchanged, len(ds.Entities)+len(ds.Sources), len(ds.Ties))
	}
	if second := digest(t, st); second != first {
		t.Fatalf("digest changed across identical loads: %s then %s", first, second)
	}
	meta, ok, err := st.LoadedMeta(ctxT(t, time.Minute))
	if err != nil || !ok || meta.Version != ds.Version || meta.Ties != int64(len(ds.Ties)) || time.Since(meta.LoadedAt) > time.Hour {
		t.Fatalf("meta %+v ok=%v err=%v", meta, ok, err)
	}
	// Names in both scripts find the node: exactly, and through the full-text index.
	for _, q := range []string{"东盟", "東盟", "ASEAN", "asean", "Association of Southeast Asian Nations", "東協"} {
		m, exact, err := st.Resolve(ctxT(t, time.Minute), q, 5)
		if err != nil || !exact || len(m) != 1 || m[0].ID != "asean" {
			t.Errorf("resolving %q: %+v exact=%v err=%v", q, m, exact, err)
		}
		recs := exec1(t, db, "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node WHERE node.id = 'asean' RETURN count(*)", map[string]any{"q": q})
		if recs[0].Values[0] != int64(1) {
			t.Errorf("full-text search for %q does not find asean", q)
		}
	}
	for q, want := range map[string]string{"新加坡": "SG", "Singapore": "SG", "CSA": "csa-sg", "中國": "CN"} {
		if m, exact, _ := st.Resolve(ctxT(t, time.Minute), q, 5); !exact || len(m) != 1 || m[0].ID != want {
			t.Errorf("resolving %q gave %+v, want %s", q, m, want)
		}
	}
	// An unknown name gets close matches, not an exact one.
	if m, exact, err := st.Resolve(ctxT(t, time.Minute), "新加坡网络", 5); err != nil || exact || len(m) == 0 {
		t.Errorf("suggestions for an unknown name: %+v exact=%v err=%v", m, exact, err)
	}
}

func TestRemovalsAndAnalyticsProperties(t *testing.T) {
	db, st, _ := baseline(t)
	a := small(t)
	exec1(t, db, "MATCH (n:Entity {id: 'SG'}) SET n.score_pagerank = 0.25, n.score_community = 3", nil)

	b := without(a, "AU", "fixture-without-AU")
	sum := mustLoad(t, st, b, store.Options{})
	if sum.Kinds["Country"].Removed != 1 || sum.Types["MOU_WITH"].Removed != 1 {
		t.Fatalf("removed: countries %+v, MOU_WITH %+v; want AU and its MoU removed", sum.Kinds["Country"], sum.Types["MOU_WITH"])
	}
	if n := exec1(t, db, "MATCH (n:Entity {id: 'AU'}) RETURN count(n)", nil)[0].Values[0]; n != int64(0) {
		t.Fatal("AU is still in the graph")
	}
	recs := exec1(t, db, "MATCH (n:Entity {id: 'SG'}) RETURN n.score_pagerank, n.score_community, n.name", nil)
	if recs[0].Values[0] != 0.25 || recs[0].Values[1] != int64(3) || recs[0].Values[2] != "Singapore" {
		t.Fatalf("analytics properties lost on reload: %v", recs[0].Values)
	}
	// A corrected kind moves the node to its new label only.
	c := without(a, "", "fixture-kind-changed")
	for i := range c.Entities {
		if c.Entities[i].ID == "rcep" {
			c.Entities[i].Kind = "Initiative"
			c.Ties = c.Ties[:3] // PARTY_TO needs an Agreement
		}
	}
	mustLoad(t, st, c, store.Options{})
	labels := exec1(t, db, "MATCH (n:Entity {id: 'rcep'}) RETURN labels(n)", nil)[0].Values[0].([]any)
	if len(labels) != 2 || !strings.Contains(fmt.Sprint(labels), "Initiative") {
		t.Fatalf("labels after a kind correction: %v", labels)
	}
}

func TestFailureAtTheEndLeavesTheGraphAsItWas(t *testing.T) {
	_, st, before := baseline(t)
	big := synth.Generate(synth.Config{Seed: 1, Nodes: 3000, Ties: 12000})
	_, err := st.Load(ctxT(t, 5*time.Minute), big, store.WithBeforeCommit(store.Options{}, func(ctx context.Context, tx neo4j.ManagedTransaction) error {
		// The last statement violates the uniqueness constraint on Entity.id.
		_, err := tx.Run(ctx, "CREATE (:Entity {id: 'AA'})", nil)
		return err
	}))
	if err == nil || !strings.HasPrefix(err.Error(), "a constraint rejected the load, so nothing was changed") {
		t.Fatalf("got %v, want a constraint error", err)
	}
	if after := digest(t, st); after != before {
		t.Fatal("a failed load changed the graph")
	}
}

// proxy forwards TCP to target until cut, to make the server "go away"
// from the loader's point of view mid-load.
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) cut() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

func TestConnectionLostMidLoad(t *testing.T) {
	db, st, before := baseline(t)

	target := strings.TrimPrefix(db.Target.URI, "bolt://")
	p := newProxy(t, target)
	drv, err := neo4j.NewDriverWithContext("bolt://"+p.ln.Addr().String(), neo4j.BasicAuth(db.Target.User, db.Target.Password, ""), func(c *config.Config) {
		c.MaxTransactionRetryTime = 0 // the proxy is gone for good: fail at once
	})
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close(context.Background())
	var once sync.Once
	big := synth.Generate(synth.Config{Seed: 2, Nodes: 5000, Ties: 30000})
	_, err = store.New(drv, db.Target.Database).Load(ctxT(t, 5*time.Minute), big, store.Options{
		BatchSize: 2000,
		Progress: func(done, total int) {
			if done > total/3 {
				once.Do(p.cut)
			}
		},
	})
	if err == nil || !strings.Contains(err.Error(), "previous graph is unchanged") {
		t.Fatalf("got %v, want a connection-lost error", err)
	}
	waitNoLoad(t, db)
	if after := digest(t, st); after != before {
		t.Fatal("a load cut off mid-way changed the graph")
	}
}

// waitNoLoad waits until the server has rolled back any load transaction.
func waitNoLoad(t *testing.T, db *connect.DB) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		recs := exec1(t, db, "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery STARTS WITH 'UNWIND $rows' RETURN count(*)", nil)
		if recs[0].Values[0] == int64(0) {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("the server still runs the interrupted load a minute later")
}

func TestProcessKilledMidLoad(t *testing.T) {
	db, st, before := baseline(t)

	dir := t.TempDir()
	bin := filepath.Join(dir, "coopgraph")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/coopgraph").CombinedOutput(); err != nil {
		t.Fatalf("building coopgraph: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	if err := synth.WriteFiles(data, synth.Generate(synth.Config{Seed: 3, Nodes: 20000, Ties: 120000}), 50000); err != nil {
		t.Fatal(err)
	}
	// Well past the default limit: this load must still be one transaction.
	cmd := exec.Command(bin, "seed", "--data", data, "--single-tx-limit", "1000000")
	cmd.Env = append(os.Environ(), "NEO4J_URI="+db.Target.URI, "NEO4J_USERNAME="+db.Target.User, "NEO4J_PASSWORD="+db.Target.Password, "COOPGRAPH_URI=", "CI=true")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once its transaction has written for a while.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		recs := exec1(t, db, "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery STARTS WITH 'UNWIND $rows' RETURN count(*)", nil)
		if recs[0].Values[0].(int64) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the load never started")
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(time.Second)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("the load finished before it could be killed: %v", err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("seed was not killed: %v", err)
	}
	waitNoLoad(t, db)
	if after := digest(t, st); after != before {
		t.Fatal("a killed load changed the graph")
	}
}

func TestBatchedLoadCompletesOnRerun(t *testing.T) {
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	st := store.New(db.Driver, db.Target.Database)
	ds := synth.Generate(synth.Config{Seed: 4, Nodes: 2000, Ties: 8000})
	mustLoad(t, st, ds, store.Options{})
	oneTx := digest(t, st)

	mustLoad(t, st, small(t), store.Options{})
	// A batched load that fails part-way removes nothing the previous load owned.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := st.Load(ctx, ds, store.Options{BatchSize: 500, SingleTxLimit: 1000, Progress: func(done, total int) {
		if done > total/2 {
			cancel()
		}
	}})
	if err == nil || !strings.Contains(err.Error(), "nothing was removed: rerun `coopgraph seed` to complete the load") {
		t.Fatalf("got %v", err)
	}
	if n := exec1(t, db, "MATCH (n:Entity {id: 'csa-sg'}) RETURN count(n)", nil)[0].Values[0]; n != int64(1) {
		t.Fatal("the failed batched load removed what the previous load owned")
	}
	sum := mustLoad(t, st, ds, store.Options{BatchSize: 500, SingleTxLimit: 1000})
	if sum.Mode != store.Batched || sum.Kinds["Agency"].Removed != 1 {
		t.Fatalf("rerun: mode %q, agencies %+v", sum.Mode, sum.Kinds["Agency"])
	}
	if batched := digest(t, st); batched != oneTx {
		t.Fatal("the batched load gave a different graph from the one-transaction load")
	}
}

// TestServerStoppedMidLoad stops a Neo4j of its own (not the shared test
// server) while a load runs, starts it again, and finds the graph as it was.
func TestServerStoppedMidLoad(t *testing.T) {
	shared := testneo4j.Get(t)
	if shared.Local == nil {
		t.Skip("needs the managed local Neo4j to start a second server")
	}
	cfg := testneo4j.LocalConfig()
	cfg.DataDir = t.TempDir()
	cfg.BoltPort, cfg.HTTPPort = testneo4j.FreePort(t), testneo4j.FreePort(t)
	cfg.Heap, cfg.PageCache = "768m", "64m"
	srv := localdb.New(cfg)
	if _, err := srv.Start(ctxT(t, 5*time.Minute), io.Discard); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop(context.Background()) })
	open := func() *store.Store {
		pw, _ := srv.Password()
		db, err := connect.Open(ctxT(t, time.Minute), connect.Target{URI: srv.BoltURI(), User: localdb.User, Password: pw, Database: "neo4j"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close(context.Background()) })
		return store.New(db.Driver, db.Target.Database)
	}
	st := open()
	mustLoad(t, st, small(t), store.Options{})
	before := digest(t, st)

	var once sync.Once
	stopped := make(chan error, 1)
	_, err := st.Load(ctxT(t, 5*time.Minute), synth.Generate(synth.Config{Seed: 5, Nodes: 5000, Ties: 30000}), store.Options{
		BatchSize: 2000,
		Progress: func(done, total int) {
			if done > total/3 {
				once.Do(func() { go func() { _, err := srv.Stop(context.Background()); stopped <- err }() })
			}
		},
	})
	if err == nil {
		t.Fatal("the load succeeded although the server stopped under it")
	}
	if !strings.Contains(err.Error(), "rolled back") {
		t.Errorf("the error does not say the load was rolled back: %v", err)
	}
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Start(ctxT(t, 5*time.Minute), io.Discard); err != nil {
		t.Fatal(err)
	}
	if after := digest(t, open()); after != before {
		t.Fatal("stopping the server mid-load changed the graph")
	}
}

func TestSchemaIsAssertedFromTheDeclaration(t *testing.T) {
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	st := store.New(db.Driver, db.Target.Database)
	if _, err := st.AssertSchema(ctxT(t, time.Minute)); err != nil {
		t.Fatal(err)
	}
	// An index of someone else's, and one of ours redefined by hand.
	exec1(t, db, "CREATE INDEX extra_by_hand IF NOT EXISTS FOR (n:Entity) ON (n.category)", nil)
	exec1(t, db, "DROP INDEX entity_name", nil)
	exec1(t, db, "CREATE INDEX entity_name FOR (n:Entity) ON (n.note)", nil)
	t.Cleanup(func() { exec1(t, db, "DROP INDEX extra_by_hand IF EXISTS", nil) })

	rep, err := st.AssertSchema(ctxT(t, time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rep.Unexpected) != "[extra_by_hand]" || fmt.Sprint(rep.Recreated) != "[entity_name]" || len(rep.Created) != 0 {
		t.Fatalf("report %+v", rep)
	}
	props := exec1(t, db, "SHOW INDEXES YIELD name, properties WHERE name = 'entity_name' RETURN properties", nil)[0].Values[0]
	if fmt.Sprint(props) != "[name]" {
		t.Fatalf("entity_name indexes %v after the assertion", props)
	}
	if rep, _ := st.AssertSchema(ctxT(t, time.Minute)); len(rep.Created)+len(rep.Recreated) != 0 {
		t.Fatalf("a second assertion changed something: %+v", rep)
	}
}

// An undirected tie restated the other way round, with a changed year, is
// still one tie.
func TestUndirectedTieRestatedTheOtherWay(t *testing.T) {
	db, st, _ := baseline(t)
	a := small(t)
	b := without(a, "", "fixture-mou-flipped")
	for i, tie := range b.Ties {
		if tie.Type == "MOU_WITH" {
			b.Ties[i].From, b.Ties[i].To, b.Ties[i].Year = tie.To, tie.From, 2018
		}
	}
	sum := mustLoad(t, st, b, store.Options{})
	if c := sum.Types["MOU_WITH"]; c.Updated != 1 || c.Created != 0 || c.Removed != 0 {
		t.Fatalf("MOU_WITH counts %+v, want one update", c)
	}
	recs := exec1(t, db, "MATCH (:Entity {id: 'SG'})-[r:MOU_WITH]-(:Entity {id: 'AU'}) RETURN count(r), collect(r.year)", nil)
	if recs[0].Values[0] != int64(1) || fmt.Sprint(recs[0].Values[1]) != "[2018]" {
		t.Fatalf("MoUs between SG and AU: %v", recs[0].Values)
	}
}
