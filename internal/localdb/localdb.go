// Package localdb manages coopgraph's embedded default: a real Neo4j 5.26
// Community server, assembled from Maven Central and run as a child process
// that outlives the command, bound to 127.0.0.1, with a generated password.
package localdb

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/coopgraph/coopgraph/internal/neo4jx"
	"github.com/gofrs/flock"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	drvconfig "github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

const launcherClass = "dev.coopgraph.launcher.Launcher"

// User is the Neo4j user of the managed server.
const User = "neo4j"

// Server is the managed local Neo4j described by a configuration.
type Server struct {
	cfg  config.Local
	root string // DataDir/neo4j
}

// New returns the managed server of cfg; nothing is started.
func New(cfg config.Local) *Server {
	return &Server{cfg: cfg, root: filepath.Join(cfg.DataDir, "neo4j")}
}

// Paths of the server's files.
func (s *Server) home() string         { return filepath.Join(s.root, "home") }
func (s *Server) confPath() string     { return filepath.Join(s.root, "neo4j.conf") }
func (s *Server) pidPath() string      { return filepath.Join(s.root, "server.pid") }
func (s *Server) lockPath() string     { return filepath.Join(s.root, "lock") }
func (s *Server) PasswordFile() string { return filepath.Join(s.root, "password") }
func (s *Server) LogFile() string      { return filepath.Join(s.root, "neo4j.log") }

// ImportDir is where LOAD CSV reads file:/// URLs from.
func (s *Server) ImportDir() string { return filepath.Join(s.root, "import") }

// BoltURI is where the server answers Bolt.
func (s *Server) BoltURI() string { return fmt.Sprintf("bolt://127.0.0.1:%d", s.cfg.BoltPort) }

// BrowserURL opens Neo4j Browser with the connect form prefilled.
func (s *Server) BrowserURL() string {
	return fmt.Sprintf("http://127.0.0.1:%d/browser/?connectURL=%s", s.cfg.HTTPPort, "neo4j%2Fbolt%3A%2F%2F127.0.0.1%3A"+strconv.Itoa(s.cfg.BoltPort))
}

// HTTPURL is the server's HTTP root.
func (s *Server) HTTPURL() string { return fmt.Sprintf("http://127.0.0.1:%d", s.cfg.HTTPPort) }

// Password reads the generated password.
func (s *Server) Password() (string, error) {
	b, err := os.ReadFile(s.PasswordFile())
	if err != nil {
		if os.IsNotExist(err) {
			return "", fmt.Errorf("no credentials at %s: run `coopgraph db start` first", s.PasswordFile())
		}
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

// Started says what Start did.
type Started struct {
	Reused     bool          // a running server was reused
	StalePID   int           // a pid file from a crashed server was removed
	Took       time.Duration // wall time of the call
	PID        int
	BoltURI    string
	BrowserURL string
	Password   string // where the credentials are: the path, never the secret
}

// Start starts the server, or reuses it if it runs, and waits until Bolt
// answers. progress receives one-line notes for the user (stderr).
func (s *Server) Start(ctx context.Context, progress io.Writer) (Started, error) {
	t0 := time.Now()
	res := Started{BoltURI: s.BoltURI(), BrowserURL: s.BrowserURL(), Password: s.PasswordFile()}
	if err := os.MkdirAll(s.root, 0o700); err != nil {
		return res, fmt.Errorf("creating %s: %w", s.root, err)
	}
	unlock, err := s.lock(ctx)
	if err != nil {
		return res, err
	}
	defer unlock()
	if err := s.writeBrowserAssets(); err != nil {
		return res, err
	}

	pid, alive, err := s.running()
	if err != nil {
		return res, err
	}
	if alive {
		if err := s.waitReady(ctx, pid, nil, 30*time.Second); err != nil {
			return res, fmt.Errorf("a coopgraph Neo4j runs (pid %d) but does not answer at %s: %w; see %s, or run `coopgraph db stop` and start again", pid, s.BoltURI(), err, s.LogFile())
		}
		res.Reused, res.PID, res.Took = true, pid, time.Since(t0)
		return res, nil
	}
	if pid != 0 {
		res.StalePID = pid
		fmt.Fprintf(progress, "removed a stale pid file: pid %d from an earlier run is not running (crashed or killed)\n", pid)
		_ = os.Remove(s.pidPath())
	}
	for _, p := range []struct {
		key  string
		port int
	}{{"local.bolt_port (COOPGRAPH_BOLT_PORT)", s.cfg.BoltPort}, {"local.http_port (COOPGRAPH_HTTP_PORT)", s.cfg.HTTPPort}} {
		if err := portFree(p.port); err != nil {
			return res, fmt.Errorf("port %d on 127.0.0.1 is already taken by another program: stop it, or choose another port with %s", p.port, p.key)
		}
	}

	dist, err := Assemble(ctx, s.cfg.CacheDir, progress)
	if err != nil {
		return res, err
	}
	if err := s.ensurePassword(); err != nil {
		return res, err
	}
	if err := os.MkdirAll(s.ImportDir(), 0o700); err != nil {
		return res, err
	}
	if err := s.writeConf(dist); err != nil {
		return res, err
	}
	cmd, exited, err := s.spawn(dist)
	if err != nil {
		return res, err
	}
	res.PID = cmd.Process.Pid
	if err := os.WriteFile(s.pidPath(), []byte(strconv.Itoa(res.PID)+"\n"), 0o600); err != nil {
		_ = cmd.Process.Kill()
		return res, err
	}
	fmt.Fprintf(progress, "starting Neo4j %s (pid %d), log %s\n", Neo4jVersion, res.PID, s.LogFile())
	if err := s.waitReady(ctx, res.PID, exited, 3*time.Minute); err != nil {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = os.Remove(s.pidPath())
		return res, fmt.Errorf("neo4j did not become ready: %w\nlast lines of %s:\n%s", err, s.LogFile(), tail(s.LogFile(), 15))
	}
	res.Took = time.Since(t0)
	return res, nil
}

// Stop shuts the server down cleanly (SIGTERM, then SIGKILL after a minute).
// It reports whether a server was running.
func (s *Server) Stop(ctx context.Context) (bool, error) {
	if err := os.MkdirAll(s.root, 0o700); err != nil {
		return false, err
	}
	unlock, err := s.lock(ctx)
	if err != nil {
		return false, err
	}
	defer unlock()
	pid, alive, err := s.running()
	if err != nil || !alive {
		_ = os.Remove(s.pidPath())
		return false, err
	}
	proc, _ := os.FindProcess(pid)
	if err := proc.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return true, fmt.Errorf("stopping pid %d: %w", pid, err)
	}
	deadline := time.Now().Add(time.Minute)
	for processAlive(pid) {
		if time.Now().After(deadline) {
			_ = proc.Signal(syscall.SIGKILL)
			break
		}
		select {
		case <-ctx.Done():
			return true, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return true, os.Remove(s.pidPath())
}

// lock takes the server's advisory file lock, so that two coopgraph
// processes (or two test packages) never start or stop the server at once.
func (s *Server) lock(ctx context.Context) (func(), error) {
	lk := flock.New(s.lockPath())
	if _, err := lk.TryLockContext(ctx, 100*time.Millisecond); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("waiting for another coopgraph to finish starting or stopping Neo4j (lock %s): %w", s.lockPath(), err)
		}
		return nil, fmt.Errorf("locking %s: %w", s.lockPath(), err)
	}
	return func() { _ = lk.Unlock() }, nil
}

// Status describes the server.
type Status struct {
	Running      bool
	PID          int
	Neo4jVersion string
	Edition      string
	APOCVersion  string // empty if APOC is not callable
	GDSVersion   string // empty if GDS is not callable
	BoltURI      string
	BrowserURL   string
	LogFile      string
	PasswordFile string
}

// Status reports whether the server runs and, if so, what it runs.
func (s *Server) Status(ctx context.Context) (Status, error) {
	st := Status{BoltURI: s.BoltURI(), BrowserURL: s.BrowserURL(), LogFile: s.LogFile(), PasswordFile: s.PasswordFile()}
	pid, alive, err := s.running()
	if err != nil || !alive {
		return st, err
	}
	st.Running, st.PID = true, pid
	pw, err := s.Password()
	if err != nil {
		return st, err
	}
	drv, err := neo4jx.NewDriver(s.target(pw))
	if err != nil {
		return st, err
	}
	defer drv.Close(ctx)
	// Procedures of plugins are registered on user databases, not on system.
	one := func(q string) string {
		res, err := neo4j.ExecuteQuery(ctx, drv, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
		if err != nil || len(res.Records) == 0 {
			return ""
		}
		return fmt.Sprint(res.Records[0].Values[0])
	}
	st.Neo4jVersion = one("CALL dbms.components() YIELD versions RETURN versions[0]")
	st.Edition = one("CALL dbms.components() YIELD edition RETURN edition")
	st.APOCVersion = one("RETURN apoc.version()")
	st.GDSVersion = one("RETURN gds.version()")
	if st.Neo4jVersion == "" {
		return st, fmt.Errorf("the server (pid %d) runs but does not answer queries at %s; see %s", pid, s.BoltURI(), s.LogFile())
	}
	return st, nil
}

// running reads the pid file: the pid it names (0 if none) and whether that
// process is alive and is our launcher.
func (s *Server) running() (int, bool, error) {
	b, err := os.ReadFile(s.pidPath())
	if os.IsNotExist(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0, false, fmt.Errorf("the pid file %s is damaged (%q): delete it and run the command again", s.pidPath(), strings.TrimSpace(string(b)))
	}
	return pid, processAlive(pid) && isLauncher(pid), nil
}

func (s *Server) ensurePassword() error {
	if _, err := os.Stat(s.PasswordFile()); err == nil {
		return os.Chmod(s.PasswordFile(), 0o600)
	}
	buf := make([]byte, 24)
	if _, err := rand.Read(buf); err != nil {
		return err
	}
	pw := base64.RawURLEncoding.EncodeToString(buf)
	return os.WriteFile(s.PasswordFile(), []byte(pw+"\n"), 0o600)
}

// writeConf writes the neo4j.conf the launcher loads. Everything binds to
// loopback and advertises 127.0.0.1, so neo4j:// routing never hands out a
// "localhost" that resolves to ::1.
func (s *Server) writeConf(d Dist) error {
	lines := []string{
		"# generated by coopgraph; rewritten at every start",
		"server.default_listen_address=127.0.0.1",
		"server.default_advertised_address=127.0.0.1",
		"server.bolt.enabled=true",
		fmt.Sprintf("server.bolt.listen_address=127.0.0.1:%d", s.cfg.BoltPort),
		fmt.Sprintf("server.bolt.advertised_address=127.0.0.1:%d", s.cfg.BoltPort),
		"server.http.enabled=true",
		fmt.Sprintf("server.http.listen_address=127.0.0.1:%d", s.cfg.HTTPPort),
		fmt.Sprintf("server.http.advertised_address=127.0.0.1:%d", s.cfg.HTTPPort),
		"server.https.enabled=false",
		"dbms.security.auth_enabled=true",
		"server.directories.plugins=" + d.Plugins,
		"server.directories.import=" + s.ImportDir(),
		"dbms.security.allow_csv_import_from_file_urls=true",
		"dbms.security.procedures.unrestricted=apoc.*,gds.*",
		"server.memory.pagecache.size=" + s.cfg.PageCache,
		"db.tx_log.rotation.retention_policy=1 days",
		"dbms.usage_report.enabled=false",
	}
	lines = append(lines, s.browserConf()...)
	return os.WriteFile(s.confPath(), []byte(strings.Join(lines, "\n")+"\n"), 0o600)
}

// spawn starts the JVM in its own session so that it outlives this process.
// exited is closed when the child exits while this process still waits.
func (s *Server) spawn(d Dist) (*exec.Cmd, <-chan struct{}, error) {
	java, err := javaBinary()
	if err != nil {
		return nil, nil, err
	}
	logf, err := os.OpenFile(s.LogFile(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, err
	}
	defer logf.Close()
	fmt.Fprintf(logf, "---- coopgraph starting Neo4j %s at %s ----\n", Neo4jVersion, time.Now().Format(time.RFC3339))
	args := []string{
		"-Xmx" + s.cfg.Heap,
		"-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
		"--add-opens=java.base/java.nio=ALL-UNNAMED",
		"--add-opens=java.base/java.io=ALL-UNNAMED",
		"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
		"--enable-native-access=ALL-UNNAMED",
		"-Dio.netty.tryReflectionSetAccessible=true",
		"-Dfile.encoding=UTF-8",
		"-D" + assetsProperty + "=" + s.BrowserDir(),
		"-cp", filepath.Join(d.Lib, "*"),
		launcherClass, s.home(), s.confPath(), s.PasswordFile(),
	}
	cmd := exec.Command(java, args...)
	cmd.Dir = s.root
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("starting %s: %w", java, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	return cmd, exited, nil
}

// waitReady polls Bolt until a query answers, the process exits, or timeout.
func (s *Server) waitReady(ctx context.Context, pid int, exited <-chan struct{}, timeout time.Duration) error {
	pw, err := s.Password()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last error
	for {
		if err := s.ping(ctx, pw); err == nil {
			return nil
		} else {
			last = err
		}
		select {
		case <-exited:
			return fmt.Errorf("the server process (pid %d) exited during start-up", pid)
		case <-ctx.Done():
			return fmt.Errorf("no answer at %s within %s (last error: %v)", s.BoltURI(), timeout, last)
		case <-time.After(300 * time.Millisecond):
			if exited == nil && !processAlive(pid) {
				return fmt.Errorf("the server process (pid %d) is gone", pid)
			}
		}
	}
}

// ping asks the server once, without retries, whether it answers; a
// connect gives up after 2 s, so that the wait loop sees a dead process soon.
func (s *Server) ping(ctx context.Context, password string) error {
	drv, err := neo4jx.NewDriver(s.target(password), func(c *drvconfig.Config) {
		c.SocketConnectTimeout = 2 * time.Second
	})
	if err != nil {
		return err
	}
	defer drv.Close(ctx)
	return neo4jx.Verify(ctx, drv, "neo4j")
}

func (s *Server) target(password string) neo4jx.Target {
	return neo4jx.Target{URI: s.BoltURI(), User: User, Password: password, Database: "neo4j", Managed: true}
}

func javaBinary() (string, error) {
	if home := os.Getenv("JAVA_HOME"); home != "" {
		p := filepath.Join(home, "bin", "java")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	p, err := exec.LookPath("java")
	if err != nil {
		return "", fmt.Errorf("the managed Neo4j needs Java 17 or 21 (java on PATH or JAVA_HOME); install a JDK, or set NEO4J_URI to a Neo4j of your own")
	}
	return p, nil
}

func portFree(port int) error {
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return err
	}
	return l.Close()
}

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// isLauncher guards against a pid reused by an unrelated process after a crash.
func isLauncher(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist) // no /proc: trust the pid
	}
	return strings.Contains(string(b), launcherClass)
}
