package testneo4j_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func query(t *testing.T, db *connect.DB, q string, params map[string]any) []*neo4j.Record {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := neo4j.ExecuteQuery(ctx, db.Driver, q, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db.Target.Database))
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res.Records
}

func TestQueryRoundTrip(t *testing.T) {
	db := testneo4j.Open(t)
	recs := query(t, db, "RETURN $name AS name, $n + 1 AS next, size($list) AS len", map[string]any{
		"name": "東盟 ASEAN", "n": 41, "list": []any{"a", "b", "c"},
	})
	if len(recs) != 1 {
		t.Fatalf("got %d records, want 1", len(recs))
	}
	name, _ := recs[0].Get("name")
	next, _ := recs[0].Get("next")
	n, _ := recs[0].Get("len")
	if name != "東盟 ASEAN" || next != int64(42) || n != int64(3) {
		t.Fatalf("round trip gave %v, %v, %v", name, next, n)
	}
}

func TestAPOCAndGDSAreCallable(t *testing.T) {
	db := testneo4j.Open(t)
	if v := query(t, db, "RETURN apoc.version() AS v", nil)[0].Values[0]; !strings.HasPrefix(fmt.Sprint(v), "5.26") {
		t.Errorf("apoc.version() = %v, want 5.26.x", v)
	}
	if testneo4j.Get(t).Local == nil {
		t.Skip("GDS is checked on the managed server; the container image ships without it")
	}
	if v := query(t, db, "RETURN gds.version() AS v", nil)[0].Values[0]; !strings.HasPrefix(fmt.Sprint(v), "2.13") {
		t.Errorf("gds.version() = %v, want 2.13.x", v)
	}

	// A real algorithm run on a tiny graph: a star around the hub.
	testneo4j.Exclusive(t)
	query(t, db, "MATCH (n:GdsSmokeTest) DETACH DELETE n", nil)
	t.Cleanup(func() { query(t, db, "MATCH (n:GdsSmokeTest) DETACH DELETE n", nil) })
	query(t, db, `CREATE (h:GdsSmokeTest {name:'hub'})
		WITH h UNWIND ['a','b','c'] AS x CREATE (:GdsSmokeTest {name:x})-[:LINK]->(h)`, nil)
	recs := query(t, db, `MATCH (s:GdsSmokeTest)-[:LINK]->(t:GdsSmokeTest)
		WITH gds.graph.project('gds-smoke-'+toString(rand()), s, t) AS g
		CALL gds.pageRank.stream(g.graphName) YIELD nodeId, score
		WITH g, gds.util.asNode(nodeId).name AS name, score ORDER BY score DESC
		WITH g, collect(name) AS ranked
		CALL gds.graph.drop(g.graphName) YIELD graphName
		RETURN ranked[0] AS top`, nil)
	if top := recs[0].Values[0]; top != "hub" {
		t.Errorf("PageRank's top node is %v, want hub", top)
	}
}

func TestBrowserIsServed(t *testing.T) {
	s := testneo4j.Get(t)
	if s.HTTPURL == "" {
		t.Skip("the Browser is checked on the managed server")
	}
	resp, err := http.Get(s.HTTPURL + "/browser/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /browser/ answered %d, want 200", resp.StatusCode)
	}
}

func TestWrongPasswordIsRejected(t *testing.T) {
	s := testneo4j.Get(t)
	bad := s.Target
	bad.Password = "not-the-password"
	bad.Managed = false
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := connect.Open(ctx, bad)
	if err == nil {
		db.Close(ctx)
		t.Fatal("a wrong password was accepted")
	}
	want := fmt.Sprintf("Neo4j at %s rejected the credentials for user %q: check NEO4J_USERNAME and NEO4J_PASSWORD", bad.URI, bad.User)
	if !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %q\nwant it to start %q", err, want)
	}
}

func TestUnknownDatabaseIsExplained(t *testing.T) {
	s := testneo4j.Get(t)
	bad := s.Target
	bad.Database = "nosuchdb"
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := connect.Open(ctx, bad)
	if err == nil || !strings.Contains(err.Error(), `has no database "nosuchdb"`) {
		t.Fatalf("got %v, want an unknown-database message", err)
	}
}

func TestUnreachableServerIsExplained(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := connect.Open(ctx, connect.Target{URI: "bolt://127.0.0.1:1", User: "neo4j", Password: "x", Database: "neo4j"})
	if err == nil || !strings.HasPrefix(err.Error(), "cannot reach Neo4j at bolt://127.0.0.1:1") {
		t.Fatalf("got %v, want a cannot-reach message", err)
	}
}

// TestListensOnLoopbackOnly reads the kernel's socket table: every socket
// the managed server listens on is bound to 127.0.0.1.
func TestListensOnLoopbackOnly(t *testing.T) {
	s := testneo4j.Get(t)
	if s.Local == nil {
		t.Skip("binding is checked on the managed server")
	}
	cfg := testneo4j.LocalConfig()
	for _, port := range []int{cfg.BoltPort, cfg.HTTPPort} {
		addrs := listeners(t, port)
		if len(addrs) == 0 {
			t.Fatalf("nothing listens on port %d", port)
		}
		for _, a := range addrs {
			if a != "0100007F" && a != "0000000000000000FFFF00000100007F" {
				t.Errorf("port %d is bound to %s, want 127.0.0.1 only", port, a)
			}
		}
	}
}

// listeners returns the hex local addresses listening on port (/proc/net/tcp{,6}).
func listeners(t *testing.T, port int) []string {
	t.Helper()
	var out []string
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		file, err := os.Open(f)
		if err != nil {
			t.Skipf("no %s: %v", f, err)
		}
		sc := bufio.NewScanner(file)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 4 || fields[3] != "0A" { // 0A: LISTEN
				continue
			}
			addr, p, ok := strings.Cut(fields[1], ":")
			if ok && p == fmt.Sprintf("%04X", port) {
				out = append(out, addr)
			}
		}
		file.Close()
	}
	return out
}
