// Package testneo4j gives integration tests a real Neo4j, decided once per
// test binary: NEO4J_URI if set; else a testcontainers Neo4j when a Docker
// engine is healthy; else coopgraph's managed local Neo4j, in a test data
// folder of its own so that tests never touch a user's graph. With CI=true a
// test that needs Neo4j never skips: it fails with the reason.
package testneo4j

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/localdb"
	"github.com/gofrs/flock"
)

// Ports of the managed test server, unless COOPGRAPH_TEST_BOLT_PORT and
// COOPGRAPH_TEST_HTTP_PORT say otherwise. They are declared here only: the
// Makefile starts and stops the test server through cmd/testenv, which
// reads them from Env.
const (
	BoltPort = 17687
	HTTPPort = 17474
)

// Server is the database the tests use.
type Server struct {
	Target connect.Target
	// Local is the managed server, nil when tests run against NEO4J_URI or a container.
	Local   *localdb.Server
	HTTPURL string // "" when unknown
}

var (
	once    sync.Once
	server  Server
	initErr error
)

// Get returns the test database, starting it if needed; it skips the test
// (or, with CI=true, fails it) when no Neo4j can be had.
func Get(t testing.TB) Server {
	t.Helper()
	once.Do(func() { server, initErr = decide() })
	if initErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no Neo4j for integration tests: %v", initErr)
		}
		t.Skipf("no Neo4j for integration tests (set NEO4J_URI, or install a JDK and Maven): %v", initErr)
	}
	return server
}

// Open returns a verified connection to the test database, closed when the test ends.
func Open(t testing.TB) *connect.DB {
	t.Helper()
	s := Get(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := connect.Open(ctx, s.Target)
	if err != nil {
		t.Fatalf("connecting to the test Neo4j: %v", err)
	}
	t.Cleanup(func() { db.Close(context.Background()) })
	return db
}

// Exclusive holds a lock across test processes until the test ends, for
// tests that write to the single Community database: packages run in
// parallel, and two writers must not clobber each other.
func Exclusive(t testing.TB) {
	t.Helper()
	s := Get(t)
	dir := os.TempDir()
	if s.Local != nil {
		dir = LocalConfig().DataDir
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	lk := flock.New(filepath.Join(dir, "test-db.lock"))
	if err := lk.Lock(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lk.Unlock() })
}

// LocalConfig is the managed test server's configuration: its own data
// folder and ports, the user's jar cache (so that nothing downloads twice).
func LocalConfig() config.Local {
	cfg, err := config.Load(nil)
	if err != nil {
		cfg.Local = config.Local{Heap: "2g", PageCache: "512m"}
	}
	l := cfg.Local
	l.DataDir = envOr("COOPGRAPH_TEST_DATA_DIR", filepath.Join(repoRoot(), ".cache", "test-neo4j"))
	l.BoltPort = envInt("COOPGRAPH_TEST_BOLT_PORT", BoltPort)
	l.HTTPPort = envInt("COOPGRAPH_TEST_HTTP_PORT", HTTPPort)
	l.PageCache = "512m"
	return l
}

// Env is the environment under which a coopgraph command manages the test
// server (COOPGRAPH_DATA_DIR, ports, page cache): `coopgraph db start` run
// with it starts the very server LocalConfig describes.
func Env() []string {
	l := LocalConfig()
	return []string{
		"COOPGRAPH_DATA_DIR=" + l.DataDir,
		"COOPGRAPH_BOLT_PORT=" + strconv.Itoa(l.BoltPort),
		"COOPGRAPH_HTTP_PORT=" + strconv.Itoa(l.HTTPPort),
		"COOPGRAPH_PAGECACHE=" + l.PageCache,
	}
}

func decide() (Server, error) {
	if uri := os.Getenv("NEO4J_URI"); uri != "" {
		return Server{Target: connect.Target{
			URI: uri, User: envOr("NEO4J_USERNAME", "neo4j"), Password: os.Getenv("NEO4J_PASSWORD"),
			Database: envOr("NEO4J_DATABASE", "neo4j"),
		}}, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if s, ok, err := fromContainer(ctx); ok || err != nil {
		return s, err
	}
	l := LocalConfig()
	srv := localdb.New(l)
	if _, err := srv.Start(ctx, os.Stderr); err != nil {
		return Server{}, fmt.Errorf("starting the managed test Neo4j in %s: %w", l.DataDir, err)
	}
	pw, err := srv.Password()
	if err != nil {
		return Server{}, err
	}
	return Server{
		Target:  connect.Target{URI: srv.BoltURI(), User: localdb.User, Password: pw, Database: "neo4j", Managed: true},
		Local:   srv,
		HTTPURL: srv.HTTPURL(),
	}, nil
}

// FreePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func repoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}
