package localdb_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/coopgraph/coopgraph/internal/localdb"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
)

// scratch is a server configuration in a fresh folder with free ports; tests
// that use it never start a JVM.
func scratch(t *testing.T) config.Local {
	t.Helper()
	return config.Local{DataDir: t.TempDir(), CacheDir: t.TempDir(), BoltPort: testneo4j.FreePort(t), HTTPPort: testneo4j.FreePort(t), Heap: "1g", PageCache: "64m"}
}

func writePID(t *testing.T, cfg config.Local, content string) {
	t.Helper()
	dir := filepath.Join(cfg.DataDir, "neo4j")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "server.pid"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestPortTakenIsReportedAtOnce(t *testing.T) {
	cfg := scratch(t)
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", cfg.BoltPort))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = localdb.New(cfg).Start(context.Background(), &strings.Builder{})
	want := fmt.Sprintf("port %d on 127.0.0.1 is already taken by another program: stop it, or choose another port with local.bolt_port (COOPGRAPH_BOLT_PORT)", cfg.BoltPort)
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

func TestStalePIDFileIsNotARunningServer(t *testing.T) {
	cfg := scratch(t)
	// A pid that is certainly not our launcher: this test process itself.
	writePID(t, cfg, fmt.Sprintf("%d\n", os.Getpid()))
	st, err := localdb.New(cfg).Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Running {
		t.Fatal("a pid file naming an unrelated process was taken for a running server")
	}
	// Start removes the stale file and says so, then stops at the taken port.
	l, _ := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", cfg.BoltPort))
	defer l.Close()
	var notes strings.Builder
	res, _ := localdb.New(cfg).Start(context.Background(), &notes)
	if res.StalePID != os.Getpid() || !strings.Contains(notes.String(), "removed a stale pid file") {
		t.Fatalf("stale pid not reported: %+v, notes %q", res, notes.String())
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "neo4j", "server.pid")); !os.IsNotExist(err) {
		t.Fatal("the stale pid file is still there")
	}
}

func TestDamagedPIDFile(t *testing.T) {
	cfg := scratch(t)
	writePID(t, cfg, "not-a-pid")
	_, err := localdb.New(cfg).Status(context.Background())
	if err == nil || !strings.Contains(err.Error(), "is damaged (\"not-a-pid\"): delete it and run the command again") {
		t.Fatalf("got %v", err)
	}
}

func TestStopWhenNotRunning(t *testing.T) {
	was, err := localdb.New(scratch(t)).Stop(context.Background())
	if err != nil || was {
		t.Fatalf("stop of nothing: was=%v err=%v", was, err)
	}
}

// TestStartReusesTheRunningServer runs against the managed test server.
func TestStartReusesTheRunningServer(t *testing.T) {
	s := testneo4j.Get(t)
	if s.Local == nil {
		t.Skip("needs the managed local Neo4j")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := s.Local.Start(ctx, &strings.Builder{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Reused || res.PID == 0 {
		t.Fatalf("second start did not reuse the server: %+v", res)
	}
	st, err := s.Local.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Running || st.Neo4jVersion != localdb.Neo4jVersion || !strings.HasPrefix(st.APOCVersion, "5.26") || !strings.HasPrefix(st.GDSVersion, "2.13") {
		t.Fatalf("status: %+v", st)
	}
	info, err := os.Stat(s.Local.PasswordFile())
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Fatalf("password file mode %o, want 600", perm)
	}
	// The password never appears in the server's log.
	pw, _ := s.Local.Password()
	logText, _ := os.ReadFile(s.Local.LogFile())
	if strings.Contains(string(logText), pw) {
		t.Fatal("the password appears in the log")
	}
}

// TestRestartOnAnExistingStore starts a server of its own twice on one data
// folder: the first start sets the password, the second finds it already
// set and says so, and both reach the launcher's ready line without an
// exception in the log.
func TestRestartOnAnExistingStore(t *testing.T) {
	if s := testneo4j.Get(t); s.Local == nil {
		t.Skip("needs the managed local Neo4j to start a server of its own")
	}
	cfg := testneo4j.LocalConfig()
	cfg.DataDir = t.TempDir()
	cfg.BoltPort, cfg.HTTPPort = testneo4j.FreePort(t), testneo4j.FreePort(t)
	cfg.Heap, cfg.PageCache = "768m", "64m"
	srv := localdb.New(cfg)
	t.Cleanup(func() { srv.Stop(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	for n := 1; n <= 2; n++ {
		if _, err := srv.Start(ctx, io.Discard); err != nil {
			t.Fatalf("start %d: %v", n, err)
		}
		// Bolt answers before the launcher has finished its start-up; wait
		// for its ready line (or the end of the context).
		for strings.Count(readLog(t, srv), "coopgraph-launcher: ready") < n {
			select {
			case <-ctx.Done():
				t.Fatalf("start %d: no ready line in the log:\n%s", n, readLog(t, srv))
			case <-time.After(time.Second):
			}
		}
		if _, err := srv.Stop(ctx); err != nil {
			t.Fatal(err)
		}
	}
	starts := strings.Split(readLog(t, srv), "---- coopgraph starting Neo4j")[1:]
	if len(starts) != 2 {
		t.Fatalf("%d starts in the log, want 2", len(starts))
	}
	for i, want := range []string{"coopgraph-launcher: password set\n", "coopgraph-launcher: password already set\n"} {
		if !strings.Contains(starts[i], want) || !strings.Contains(starts[i], "coopgraph-launcher: ready\n") || strings.Contains(starts[i], "Exception") {
			t.Errorf("start %d logged:\n%s\nwant %q and the ready line, and no exception", i+1, starts[i], want)
		}
	}
}

func readLog(t *testing.T, srv *localdb.Server) string {
	t.Helper()
	b, err := os.ReadFile(srv.LogFile())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
