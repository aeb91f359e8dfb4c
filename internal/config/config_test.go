package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// clearEnv unsets every variable config reads, for the duration of the test.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, names := range envNames {
		for _, n := range names {
			t.Setenv(n, "")
			os.Unsetenv(n)
		}
	}
	t.Setenv("COOPGRAPH_CONFIG", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
}

func flags(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultsUseTheManagedServer(t *testing.T) {
	clearEnv(t)
	c, err := Load(flags(t))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Managed() || c.User != "neo4j" || c.Database != "neo4j" || c.Local.BoltPort != 7687 || c.Local.HTTPPort != 7474 || c.Local.Heap != "2g" {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestPrecedence(t *testing.T) {
	file := writeConfig(t, "uri: bolt://from-file:7687\nuser: fileuser\ndatabase: filedb\nlocal:\n  bolt_port: 7001\n")
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		wantURI string
		wantDB  string
	}{
		{"file over defaults", nil, []string{"--config", file}, "bolt://from-file:7687", "filedb"},
		{"Neo4j's env names over file", map[string]string{"NEO4J_URI": "bolt://neo4j-env:7687", "NEO4J_DATABASE": "envdb"}, []string{"--config", file}, "bolt://neo4j-env:7687", "envdb"},
		{"COOPGRAPH_ over NEO4J_", map[string]string{"NEO4J_URI": "bolt://neo4j-env:7687", "COOPGRAPH_URI": "bolt://cg-env:7687"}, []string{"--config", file}, "bolt://cg-env:7687", "filedb"},
		{"flags over env", map[string]string{"NEO4J_URI": "bolt://neo4j-env:7687"}, []string{"--config", file, "--uri", "neo4j+s://flag.example", "--database", "flagdb"}, "neo4j+s://flag.example", "flagdb"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			c, err := Load(flags(t, tc.args...))
			if err != nil {
				t.Fatal(err)
			}
			if c.URI != tc.wantURI || c.Database != tc.wantDB {
				t.Fatalf("uri %q db %q, want %q %q", c.URI, c.Database, tc.wantURI, tc.wantDB)
			}
			if c.Local.BoltPort != 7001 {
				t.Fatalf("local.bolt_port from file = %d, want 7001", c.Local.BoltPort)
			}
		})
	}
}

func TestCredentialsFromNeo4jEnvironment(t *testing.T) {
	clearEnv(t)
	t.Setenv("NEO4J_USERNAME", "analyst")
	t.Setenv("NEO4J_PASSWORD", "s3cret")
	c, err := Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.User != "analyst" || c.Password != "s3cret" {
		t.Fatalf("user %q password %q", c.User, c.Password)
	}
}

func TestBadConfig(t *testing.T) {
	cases := []struct {
		name, body string
		args       []string
		env        map[string]string
		want       string
	}{
		{"missing file", "", []string{"--config", "/nonexistent/coopgraph.yaml"}, nil, "config file /nonexistent/coopgraph.yaml does not exist"},
		{"port out of range", "local:\n  bolt_port: 70000\n", nil, nil, "local.bolt_port is 70000: give a TCP port between 1 and 65535"},
		{"same ports", "", nil, map[string]string{"COOPGRAPH_BOLT_PORT": "7474"}, "local.bolt_port and local.http_port are both 7474: give them different ports (from COOPGRAPH_BOLT_PORT)"},
		{"port not a number", "", nil, map[string]string{"COOPGRAPH_HTTP_PORT": "http"}, `local.http_port is "http": give a TCP port between 1 and 65535 (from COOPGRAPH_HTTP_PORT)`},
		{"log level from a flag", "", []string{"--log-level", "loud"}, nil, `log level "loud": use debug, info, warn or error (from --log-level)`},
		{"log level from the environment", "", nil, map[string]string{"COOPGRAPH_LOG_LEVEL": "chatty"}, `log level "chatty": use debug, info, warn or error (from COOPGRAPH_LOG_LEVEL)`},
		{"log level from the file", "log_level: quiet\n", nil, nil, `log level "quiet": use debug, info, warn or error (from config file `},
		{"malformed file", "uri: [bolt://x\n", nil, nil, "is not valid: While parsing config: yaml: line 1"},
		{"unknown key", "uri: bolt://x\nlocal:\n  heap: 2g\n  bolt-port: 7001\nneo4j_uri: bolt://y\n", nil, nil, `: unknown key "local.bolt-port"; unknown key "neo4j_uri" (the keys are database, local.bolt_port, local.cache_dir, local.data_dir, local.heap, local.http_port, local.pagecache, log_level, password, uri, user)`},
		{"a mapping where a value belongs", "uri:\n  host: x\n", nil, nil, `: "uri" must be a single value, not a mapping`},
		{"a value where a mapping belongs", "local: 7687\n", nil, nil, `: "local" must be a mapping (of bolt_port, cache_dir, data_dir, heap, http_port, pagecache)`},
		{"a folder", "", []string{"--config", "/"}, nil, "config file / is a folder: give the path of a .yaml file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			args, file := tc.args, ""
			if tc.body != "" {
				file = writeConfig(t, tc.body)
				args = append(args, "--config", file)
			}
			_, err := Load(flags(t, args...))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			// A fault in the file names the file.
			if file != "" && !strings.Contains(err.Error(), "config file "+file) {
				t.Fatalf("%v\ndoes not name the file %s", err, file)
			}
		})
	}
}

func TestHomeIsExpanded(t *testing.T) {
	clearEnv(t)
	home, _ := os.UserHomeDir()
	c, err := Load(flags(t, "--config", writeConfig(t, "local:\n  data_dir: ~/cg-data\n")))
	if err != nil {
		t.Fatal(err)
	}
	if c.Local.DataDir != filepath.Join(home, "cg-data") {
		t.Fatalf("data_dir %q", c.Local.DataDir)
	}
}

// TestKnownKeysAreAccepted: every key the README documents reads without a
// complaint, in any letter case, and a mapping left empty is no fault.
func TestKnownKeysAreAccepted(t *testing.T) {
	clearEnv(t)
	file := writeConfig(t, "URI: bolt://host:7687\nuser: u\npassword: p\ndatabase: d\nlog_level: debug\nlocal:\n  data_dir: /d\n  cache_dir: /c\n  bolt_port: 7001\n  http_port: 7002\n  heap: 1g\n  pagecache: 256m\n")
	c, err := Load(flags(t, "--config", file))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{URI: "bolt://host:7687", User: "u", Password: "p", Database: "d", LogLevel: "debug",
		Local: Local{DataDir: "/d", CacheDir: "/c", BoltPort: 7001, HTTPPort: 7002, Heap: "1g", PageCache: "256m"}}
	if c != want {
		t.Fatalf("got %+v\nwant %+v", c, want)
	}
	if _, err := Load(flags(t, "--config", writeConfig(t, "local:\n"))); err != nil {
		t.Fatalf("an empty local mapping: %v", err)
	}
}

func TestConfigFileOfAnUnknownType(t *testing.T) {
	clearEnv(t)
	p := filepath.Join(t.TempDir(), "coopgraph.conf")
	if err := os.WriteFile(p, []byte("uri: bolt://x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(flags(t, "--config", p))
	want := "config file " + p + `: the file type ".conf" is not known: name it .yaml`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}
