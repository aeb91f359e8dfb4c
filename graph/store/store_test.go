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
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
	// Whatever an earlier test left is replaced.
	mustLoad(t, st, small(t), store.Options{AllowRemovals: true})
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
	mustLoad(t, st, ds, store.Options{AllowRemovals: true}) // over whatever an earlier test left
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
	// A misspelling the words as typed do not find is matched within a small edit distance.
	if m, exact, err := st.Resolve(ctxT(t, time.Minute), "Singapur", 5); err != nil || exact || !slices.ContainsFunc(m, func(x store.Match) bool { return x.ID == "SG" }) {
		t.Errorf("suggestions for a misspelling: %+v exact=%v err=%v", m, exact, err)
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
	_, err := st.Load(ctxT(t, 5*time.Minute), big, store.WithBeforeCommit(store.Options{AllowRemovals: true}, func(ctx context.Context, tx neo4j.ExplicitTransaction) error {
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
// from the loader's point of view mid-load. held swallows what the server
// answers on the connections open now; drop closes them (new connections
// are forwarded as before).
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []*proxyConn
}

type proxyConn struct {
	client, server net.Conn
	held           atomic.Bool
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
			pc := &proxyConn{client: c, server: s}
			p.mu.Lock()
			p.conns = append(p.conns, pc)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() {
				buf := make([]byte, 32<<10)
				for {
					n, err := s.Read(buf)
					if n > 0 && !pc.held.Load() {
						if _, werr := c.Write(buf[:n]); werr != nil {
							break
						}
					}
					if err != nil {
						break
					}
				}
				c.Close()
			}()
		}
	}()
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) uri() string { return "bolt://" + p.ln.Addr().String() }

// hold swallows from now on what the server sends on the open connections.
func (p *proxy) hold() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.held.Store(true)
	}
}

// drop closes the open connections; new ones are forwarded.
func (p *proxy) drop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.client.Close()
		c.server.Close()
	}
	p.conns = nil
}

// cut closes the listener and every connection: the server is gone for good.
func (p *proxy) cut() {
	p.ln.Close()
	p.drop()
}

// proxied returns a store that talks to db through p.
func proxied(t *testing.T, db *connect.DB, p *proxy) *store.Store {
	t.Helper()
	drv, err := neo4j.NewDriverWithContext(p.uri(), neo4j.BasicAuth(db.Target.User, db.Target.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { drv.Close(context.Background()) })
	return store.New(drv, db.Target.Database)
}

func TestConnectionLostMidLoad(t *testing.T) {
	db, st, before := baseline(t)

	p := newProxy(t, strings.TrimPrefix(db.Target.URI, "bolt://"))
	var once sync.Once
	big := synth.Generate(synth.Config{Seed: 2, Nodes: 5000, Ties: 30000})
	_, err := proxied(t, db, p).Load(ctxT(t, 5*time.Minute), big, store.Options{
		BatchSize:     2000,
		AllowRemovals: true,
		RetryFor:      2 * time.Second, // the proxy is gone for good
		Progress: func(done, total int) {
			if done > total/3 {
				once.Do(p.cut)
			}
		},
	})
	// The message names the URI the store was given (the proxy's), and the time it waited.
	want := "the connection to Neo4j at " + p.uri() + " was lost before the transaction committed, so its transaction was rolled back and the previous graph is unchanged; coopgraph retried for 2s, then gave up"
	if err == nil || !strings.Contains(err.Error(), want) {
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
	cmd := exec.Command(bin, "seed", "--data", data, "--single-tx-limit", "1000000", "--allow-removals")
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
	mustLoad(t, st, ds, store.Options{AllowRemovals: true})
	oneTx := digest(t, st)

	mustLoad(t, st, small(t), store.Options{AllowRemovals: true})
	// A batched load that fails part-way removes nothing the previous load owned.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := st.Load(ctx, ds, store.Options{BatchSize: 500, SingleTxLimit: 1000, AllowRemovals: true, Progress: func(done, total int) {
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
	sum := mustLoad(t, st, ds, store.Options{BatchSize: 500, SingleTxLimit: 1000, AllowRemovals: true})
	if sum.Mode != store.Batched || sum.Kinds["Agency"].Removed != 1 {
		t.Fatalf("rerun: mode %q, agencies %+v", sum.Mode, sum.Kinds["Agency"])
	}
	if batched := digest(t, st); batched != oneTx {
		t.Fatal("the batched load gave a different graph from the one-transaction load")
	}
}

// secondServer starts a managed Neo4j of the test's own (not the shared
// test server), with the heap and page cache given, stopped when the test
// ends; open connects a store to it.
func secondServer(t *testing.T, heap, pageCache string) (srv *localdb.Server, open func() *store.Store) {
	t.Helper()
	shared := testneo4j.Get(t)
	if shared.Local == nil {
		t.Skip("needs the managed local Neo4j to start a second server")
	}
	cfg := testneo4j.LocalConfig()
	cfg.DataDir = t.TempDir()
	cfg.BoltPort, cfg.HTTPPort = testneo4j.FreePort(t), testneo4j.FreePort(t)
	cfg.Heap, cfg.PageCache = heap, pageCache
	srv = localdb.New(cfg)
	if _, err := srv.Start(ctxT(t, 5*time.Minute), io.Discard); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop(context.Background()) })
	return srv, func() *store.Store {
		pw, _ := srv.Password()
		db, err := connect.Open(ctxT(t, time.Minute), connect.Target{URI: srv.BoltURI(), User: localdb.User, Password: pw, Database: "neo4j"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close(context.Background()) })
		return store.New(db.Driver, db.Target.Database)
	}
}

// TestServerStoppedMidLoad stops a Neo4j of its own while a load runs,
// starts it again, and finds the graph as it was; then kills it at the
// moment the load commits, and the load says it cannot know the outcome.
func TestServerStoppedMidLoad(t *testing.T) {
	srv, open := secondServer(t, "768m", "64m")
	st := open()
	mustLoad(t, st, small(t), store.Options{})
	before := digest(t, st)
	big := synth.Generate(synth.Config{Seed: 5, Nodes: 5000, Ties: 30000})

	var once sync.Once
	stopped := make(chan error, 1)
	_, err := st.Load(ctxT(t, 5*time.Minute), big, store.Options{
		BatchSize:     2000,
		AllowRemovals: true,
		Progress: func(done, total int) {
			if done > total/3 {
				once.Do(func() { go func() { _, err := srv.Stop(context.Background()); stopped <- err }() })
			}
		},
	})
	if err == nil {
		t.Fatal("the load succeeded although the server stopped under it")
	}
	// It names the configured URI and the time it waited for the server.
	want := "the connection to Neo4j at " + srv.BoltURI() + " was lost before the transaction committed, so its transaction was rolled back and the previous graph is unchanged; coopgraph retried for 10s, then gave up"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("got %v\nwant it to contain %q", err, want)
	}
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Start(ctxT(t, 5*time.Minute), io.Discard); err != nil {
		t.Fatal(err)
	}
	st = open()
	if after := digest(t, st); after != before {
		t.Fatal("stopping the server mid-load changed the graph")
	}

	// Killed once the load has done all its work, just before the commit:
	// the commit goes unanswered, and the server is not back within the
	// wait, so the outcome is unknown and the message says how to find out.
	status, err := srv.Status(ctxT(t, time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Load(ctxT(t, 5*time.Minute), big, store.WithBeforeCommit(store.Options{AllowRemovals: true, OutcomeWait: 2 * time.Second}, func(context.Context, neo4j.ExplicitTransaction) error {
		if err := syscall.Kill(status.PID, syscall.SIGKILL); err != nil {
			return err
		}
		for syscall.Kill(status.PID, 0) == nil {
			time.Sleep(20 * time.Millisecond)
		}
		return nil
	}))
	want = "the connection to Neo4j at " + srv.BoltURI() + " was lost while the load committed, so whether it committed is UNKNOWN, and the server did not answer again within 2s: run `coopgraph seed` again once it is back (the load is idempotent: it writes only what is missing), or see which load the graph holds with `MATCH (m:CoopgraphMeta) RETURN m.version, m.loaded_at, m.load_id` (this load: dataset " + big.Version + ", load id "
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("got %v\nwant it to contain %q", err, want)
	}
	if _, err := srv.Start(ctxT(t, 5*time.Minute), io.Discard); err != nil {
		t.Fatal(err)
	}
	if after := digest(t, open()); after != before {
		t.Fatal("a server killed before the commit reached it has a changed graph")
	}
}

// TestCommitAnswerLost: the connection goes while the load commits; once
// the server answers again, the load reads on the graph whether it
// committed. The commit reaches the server and its answer is lost: the load
// says it committed. The connection goes before the commit reaches it: the
// load says it was rolled back.
func TestCommitAnswerLost(t *testing.T) {
	db, _, before := baseline(t)
	p := newProxy(t, strings.TrimPrefix(db.Target.URI, "bolt://"))
	st := proxied(t, db, p)
	ds := without(small(t), "AU", "fixture-without-AU")

	// The commit rolls back: the connection is dropped before it is sent.
	_, err := st.Load(ctxT(t, 5*time.Minute), ds, store.WithBeforeCommit(store.Options{}, func(context.Context, neo4j.ExplicitTransaction) error {
		p.drop()
		return nil
	}))
	want := "the connection to Neo4j at " + p.uri() + " was lost while the load committed; once the server answered again, the graph records the previous load (dataset " + small(t).Version + ", loaded "
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "not this one, so its transaction was rolled back and the previous graph is unchanged") {
		t.Fatalf("got %v\nwant it to contain %q", err, want)
	}
	waitNoLoad(t, db)
	if after := digest(t, store.New(db.Driver, db.Target.Database)); after != before {
		t.Fatal("a load whose commit never reached the server changed the graph")
	}

	// The commit is made: the server's answer is swallowed until the graph
	// shows the load, then the connection is dropped.
	watched := make(chan error, 1)
	sum, err := st.Load(ctxT(t, 5*time.Minute), ds, store.WithBeforeCommit(store.Options{}, func(context.Context, neo4j.ExplicitTransaction) error {
		p.hold()
		go func() {
			defer p.drop()
			deadline := time.Now().Add(2 * time.Minute)
			for time.Now().Before(deadline) {
				res, err := neo4j.ExecuteQuery(context.Background(), db.Driver, "MATCH (m:CoopgraphMeta) RETURN m.version", nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db.Target.Database))
				if err == nil && len(res.Records) == 1 && res.Records[0].Values[0] == ds.Version {
					watched <- nil
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
			watched <- errors.New("the load never committed")
		}()
		return nil
	}))
	if err := <-watched; err != nil {
		t.Fatal(err)
	}
	if err != nil {
		t.Fatalf("a load whose commit was made but not answered: %v", err)
	}
	want = "the connection to Neo4j at " + p.uri() + " was lost while the load committed; once the server answered again, the graph records this load (load id "
	if !strings.HasPrefix(sum.Note, want) || !strings.HasSuffix(sum.Note, "), so it committed") {
		t.Fatalf("note %q", sum.Note)
	}
	if sum.Kinds["Country"].Removed != 1 {
		t.Fatalf("countries %+v", sum.Kinds["Country"])
	}
	// The whole load is in: loading it again changes nothing.
	again := mustLoad(t, store.New(db.Driver, db.Target.Database), ds, store.Options{})
	if nodes, ties := again.Totals(); nodes.Created+nodes.Updated+nodes.Removed+ties.Created+ties.Updated+ties.Removed != 0 {
		t.Fatalf("the committed load was not whole: a reload did nodes %+v ties %+v", nodes, ties)
	}
}

// TestRemovalGuard: a load that would remove more than half of the nodes
// or of the ties, or load an empty dataset, is refused with the counts and
// changes nothing; with AllowRemovals it proceeds. Half is not more than half.
func TestRemovalGuard(t *testing.T) {
	db, st, before := baseline(t)
	a := small(t)
	nodes := len(a.Entities) + len(a.Sources)
	refused := func(ds *graph.Dataset, want string) {
		t.Helper()
		_, err := st.Load(ctxT(t, 5*time.Minute), ds, store.Options{})
		var r *store.RemovalsRefused
		if !errors.As(err, &r) || err.Error() != want {
			t.Fatalf("got %v\nwant %s", err, want)
		}
		if after := digest(t, st); after != before {
			t.Fatal("a refused load changed the graph")
		}
	}
	empty := &graph.Dataset{Version: "empty"}
	refused(empty, fmt.Sprintf("the dataset is empty (no entity, no tie): this load would remove %d of %d nodes and 4 of 4 ties the graph holds; nothing was written: check that --data names the dataset folder, or pass --allow-removals to load it anyway", nodes, nodes))
	oneTie := without(a, "", "fixture-one-tie")
	oneTie.Ties = oneTie.Ties[:1]
	refused(oneTie, fmt.Sprintf("this load would remove 0 of %d nodes and 3 of 4 ties the graph holds, more than half of its nodes or of its ties; nothing was written: check that --data names the right dataset, or pass --allow-removals to load it anyway", nodes))
	// An empty graph refuses an empty dataset too: it is never what was meant.
	if sum := mustLoad(t, st, empty, store.Options{AllowRemovals: true}); sum.Kinds["Country"].Removed != 2 {
		t.Fatalf("the allowed empty load: countries %+v", sum.Kinds["Country"])
	}
	if n := exec1(t, db, "MATCH (n:Entity) RETURN count(n)", nil)[0].Values[0]; n != int64(0) {
		t.Fatalf("%v entities left after an allowed empty load", n)
	}
	_, err := st.Load(ctxT(t, 5*time.Minute), empty, store.Options{})
	if want := "the dataset is empty (no entity, no tie): this load would remove 0 of 0 nodes and 0 of 0 ties the graph holds; nothing was written: check that --data names the dataset folder, or pass --allow-removals to load it anyway"; err == nil || err.Error() != want {
		t.Fatalf("got %v", err)
	}
	mustLoad(t, st, a, store.Options{})
	twoTies := without(a, "", "fixture-two-ties")
	twoTies.Ties = twoTies.Ties[:2]
	if sum := mustLoad(t, st, twoTies, store.Options{}); sum.Types["AGENCY_OF"].Removed+sum.Types["PARTY_TO"].Removed != 2 {
		t.Fatalf("removing half of the ties: %+v", sum.Types)
	}
}

// largeTies sizes the large graph of TestLargeGraphToCurated: with a 512m
// heap (a transaction memory limit of 358 MiB), removing 100,000 ties and
// 10,000 nodes in one transaction fails, removing 50,000 and 5,000 does not.
const largeTies = 100_000

// TestLargeGraphToCurated goes back from a large synthetic graph to the
// curated dataset on a server with a small heap: the load has few rows to
// write but a large graph to remove, so it writes in one transaction and
// removes in batches that fit the heap. (When the choice counted only the
// dataset's rows, this load was one transaction and failed on the server's
// transaction memory limit.)
func TestLargeGraphToCurated(t *testing.T) {
	t0 := time.Now()
	// The heap is what the test is about; the page cache (off the heap) only
	// makes it quicker.
	_, open := secondServer(t, "512m", "256m")
	st := open()
	t.Logf("server started in %s", time.Since(t0).Round(time.Second))
	big := synth.Generate(synth.Config{Seed: 7, Nodes: largeTies / 10, Ties: largeTies})
	sum := mustLoad(t, st, big, store.Options{})
	t.Logf("large graph loaded in %s (%s)", sum.Elapsed.Round(time.Second), sum.Describe())
	curated, err := seed.Load(seed.DataFS(), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// What the curated dataset does not state is removed (a few synthetic
	// countries share the curated ids and are updated instead).
	keep := map[string]bool{}
	for _, e := range curated.Entities {
		keep["E"+e.ID] = true
	}
	for _, s := range curated.Sources {
		keep["S"+s.ID] = true
	}
	for _, tie := range curated.Ties {
		keep["T"+tie.Key().String()] = true
	}
	var goneNodes, goneTies int
	for _, e := range big.Entities {
		if !keep["E"+e.ID] {
			goneNodes++
		}
	}
	for _, s := range big.Sources {
		if !keep["S"+s.ID] {
			goneNodes++
		}
	}
	for _, tie := range big.Ties {
		if !keep["T"+tie.Key().String()] {
			goneTies++
		}
	}
	_, err = st.Load(ctxT(t, 10*time.Minute), curated, store.Options{})
	var r *store.RemovalsRefused
	if !errors.As(err, &r) || r.Ties != goneTies || r.TiesHeld != len(big.Ties) || r.Nodes != goneNodes {
		t.Fatalf("got %v, want the removal guard", err)
	}
	sum = mustLoad(t, st, curated, store.Options{AllowRemovals: true})
	t.Logf("curated dataset loaded over it in %s (%s)", sum.Elapsed.Round(time.Second), sum.Describe())
	nodes, ties := sum.Totals()
	if sum.Mode != store.WritesThenRemovals || ties.Removed != goneTies || nodes.Removed != goneNodes {
		t.Fatalf("mode %q, nodes %+v, ties %+v", sum.Mode, nodes, ties)
	}
	// The graph is the curated dataset and nothing else: a reload changes nothing.
	again := mustLoad(t, st, curated, store.Options{})
	if nodes, ties := again.Totals(); again.Mode != store.OneTransaction || nodes.Created+nodes.Updated+nodes.Removed+ties.Created+ties.Updated+ties.Removed != 0 ||
		nodes.Unchanged != len(curated.Entities)+len(curated.Sources) || ties.Unchanged != len(curated.Ties) {
		t.Fatalf("reload: mode %q nodes %+v ties %+v", again.Mode, nodes, ties)
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
