package neo4jx_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/internal/neo4jx"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

func TestClassifyCodes(t *testing.T) {
	code := func(c string) error { return &neo4j.Neo4jError{Code: c, Msg: "m"} }
	cases := []struct {
		name string
		err  error
		want neo4jx.Kind
	}{
		{"nil", nil, neo4jx.Other},
		{"plain error", errors.New("boom"), neo4jx.Other},
		{"wrong password", code("Neo.ClientError.Security.Unauthorized"), neo4jx.Unauthorized},
		{"too many attempts", code("Neo.ClientError.Security.AuthenticationRateLimit"), neo4jx.Unauthorized},
		{"expired credentials", code("Neo.ClientError.Security.CredentialsExpired"), neo4jx.Unauthorized},
		{"not allowed", code("Neo.ClientError.Security.Forbidden"), neo4jx.Forbidden},
		{"no such database", code("Neo.ClientError.Database.DatabaseNotFound"), neo4jx.DatabaseNotFound},
		{"constraint", code("Neo.ClientError.Schema.ConstraintValidationFailed"), neo4jx.ConstraintViolation},
		{"transaction memory", code("Neo.TransientError.General.MemoryPoolOutOfMemoryError"), neo4jx.OutOfMemory},
		{"heap", code("Neo.TransientError.General.OutOfMemoryError"), neo4jx.OutOfMemory},
		{"deadlock", code("Neo.TransientError.Transaction.DeadlockDetected"), neo4jx.Transient},
		{"not a leader", code("Neo.ClientError.Cluster.NotALeader"), neo4jx.Transient},
		{"syntax", code("Neo.ClientError.Statement.SyntaxError"), neo4jx.Other},
		{"lost connection", &neo4j.ConnectivityError{Inner: io.EOF}, neo4jx.Unreachable},
		{"dial error", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, neo4jx.Unreachable},
		{"wrapped", fmt.Errorf("loading: %w", code("Neo.ClientError.Schema.ConstraintValidationFailed")), neo4jx.ConstraintViolation},
		{"retries gave up: the last attempt counts", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{
			code("Neo.TransientError.Transaction.DeadlockDetected"), &neo4j.ConnectivityError{Inner: io.EOF}}}, neo4jx.Unreachable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := neo4jx.Classify(tc.err); got != tc.want {
				t.Fatalf("Classify(%v) = %s, want %s", tc.err, got, tc.want)
			}
		})
	}
}

// TestClassifyFromAServer: the failures a user meets when connecting, as
// the real server and driver produce them.
func TestClassifyFromAServer(t *testing.T) {
	s := testneo4j.Get(t)
	cases := []struct {
		name   string
		target func(neo4jx.Target) neo4jx.Target
		want   neo4jx.Kind
		prefix string
	}{
		{"refused", func(t neo4jx.Target) neo4jx.Target { t.URI = "bolt://127.0.0.1:1"; t.Managed = false; return t },
			neo4jx.Unreachable, "cannot reach Neo4j at bolt://127.0.0.1:1: "},
		{"wrong password", func(t neo4jx.Target) neo4jx.Target { t.Password = "not-the-password"; t.Managed = false; return t },
			neo4jx.Unauthorized, fmt.Sprintf("Neo4j at %s rejected the credentials for user %q", s.Target.URI, s.Target.User)},
		{"no such database", func(t neo4jx.Target) neo4jx.Target { t.Database = "nosuchdb"; return t },
			neo4jx.DatabaseNotFound, fmt.Sprintf(`Neo4j at %s has no database "nosuchdb"`, s.Target.URI)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			drv, err := neo4jx.Open(ctx, tc.target(s.Target))
			if err == nil {
				drv.Close(ctx)
				t.Fatal("opened")
			}
			if got := neo4jx.Classify(err); got != tc.want || !strings.HasPrefix(err.Error(), tc.prefix) {
				t.Fatalf("%v\nclassified %s, want %s, and the message to start %q", err, got, tc.want, tc.prefix)
			}
		})
	}
}

// TestCommitLostIsUnknown: a connection that dies while COMMIT is on its
// way leaves the outcome unknown to the client, and Classify says so. A
// proxy between driver and server drops the connection instead of passing
// the COMMIT on, so here the server in fact rolled back.
func TestCommitLostIsUnknown(t *testing.T) {
	testneo4j.Exclusive(t)
	s := testneo4j.Get(t)
	addr, ok := strings.CutPrefix(s.Target.URI, "bolt://")
	if !ok {
		t.Skip("the proxy speaks to a bolt:// server")
	}
	target := s.Target
	target.URI = "bolt://" + commitCutter(t, addr)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	drv, err := neo4jx.NewDriver(target, func(c *config.Config) { c.MaxTransactionRetryTime = 0 })
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close(ctx)
	sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: target.Database})
	defer sess.Close(ctx)
	_, err = sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		_, err := tx.Run(ctx, "CREATE (:Neo4jxCommitTest)", nil)
		return nil, err
	})
	if got := neo4jx.Classify(err); got != neo4jx.CommitUnknown {
		t.Fatalf("%v: classified %s, want %s", err, got, neo4jx.CommitUnknown)
	}
	direct, err := neo4jx.Open(ctx, s.Target)
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, direct, "MATCH (n:Neo4jxCommitTest) RETURN count(n)", nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Target.Database))
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Records[0].Values[0]; n != int64(0) {
		t.Fatalf("%v nodes committed; the proxy should have kept the COMMIT from the server", n)
	}
}

// commitCutter listens on a free port and forwards Bolt to server, but
// closes both sides when the client sends a COMMIT message (one chunk of
// two bytes, struct marker B0 and signature 12, then the end marker).
func commitCutter(t *testing.T, server string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	commit := []byte{0x00, 0x02, 0xB0, 0x12, 0x00, 0x00}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", server)
			if err != nil {
				client.Close()
				continue
			}
			wg.Add(2)
			go func() { defer wg.Done(); io.Copy(client, up); client.Close() }()
			go func() {
				defer wg.Done()
				defer up.Close()
				defer client.Close()
				buf, tail := make([]byte, 64<<10), []byte{}
				for {
					n, err := client.Read(buf)
					if n > 0 {
						// Look across the previous read's end too.
						seen := append(tail, buf[:n]...)
						if bytes.Contains(seen, commit) {
							return
						}
						if _, werr := up.Write(buf[:n]); werr != nil {
							return
						}
						tail = append([]byte{}, seen[max(0, len(seen)-len(commit)+1):]...)
					}
					if err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// TestSilentServerIsGivenUp: a server that accepts the connection and never
// answers is given up by the driver's own acquisition timeout (AcquireTimeout),
// long before the caller's deadline.
func TestSilentServerIsGivenUp(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*neo4jx.AcquireTimeout)
	defer cancel()
	uri := "bolt://" + ln.Addr().String()
	_, err = neo4jx.Open(ctx, neo4jx.Target{URI: uri, User: "neo4j", Password: "x", Database: "neo4j"})
	if ctx.Err() != nil {
		t.Fatalf("Open waited for the caller's deadline: %v", err)
	}
	if neo4jx.Classify(err) != neo4jx.Unreachable || !strings.HasPrefix(err.Error(), "cannot reach Neo4j at "+uri+": ") {
		t.Fatalf("got %v (%s), want an unreachable server named by its URI", err, neo4jx.Classify(err))
	}
}
