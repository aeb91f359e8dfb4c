// Package config reads coopgraph's settings with viper, in the precedence
// flags > environment > config file > defaults. Neo4j's own environment
// names (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) are
// honoured beside COOPGRAPH_*.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Config is everything a command needs to reach a database.
type Config struct {
	URI      string // empty: use the managed local Neo4j
	User     string
	Password string // never printed or logged
	Database string
	LogLevel string
	Local    Local
	File     string // the config file that was read, if any
}

// Local configures the managed local Neo4j.
type Local struct {
	DataDir   string // server home, credentials, pid and log
	CacheDir  string // the assembled jars
	BoltPort  int
	HTTPPort  int
	Heap      string // JVM -Xmx, e.g. "2g"
	PageCache string // server.memory.pagecache.size
}

// envNames maps a key to the environment variables that set it, first wins.
var envNames = map[string][]string{
	"uri":             {"COOPGRAPH_URI", "NEO4J_URI"},
	"user":            {"COOPGRAPH_USER", "NEO4J_USERNAME"},
	"password":        {"COOPGRAPH_PASSWORD", "NEO4J_PASSWORD"},
	"database":        {"COOPGRAPH_DATABASE", "NEO4J_DATABASE"},
	"log_level":       {"COOPGRAPH_LOG_LEVEL"},
	"local.data_dir":  {"COOPGRAPH_DATA_DIR"},
	"local.cache_dir": {"COOPGRAPH_CACHE_DIR"},
	"local.bolt_port": {"COOPGRAPH_BOLT_PORT"},
	"local.http_port": {"COOPGRAPH_HTTP_PORT"},
	"local.heap":      {"COOPGRAPH_HEAP"},
	"local.pagecache": {"COOPGRAPH_PAGECACHE"},
}

// flagKeys maps global flag names to config keys.
var flagKeys = map[string]string{
	"uri":       "uri",
	"user":      "user",
	"password":  "password",
	"database":  "database",
	"log-level": "log_level",
}

// RegisterFlags adds the global connection flags to fs.
func RegisterFlags(fs *pflag.FlagSet) {
	fs.String("config", "", "config file (default $XDG_CONFIG_HOME/coopgraph/config.yaml if present)")
	fs.String("uri", "", "Neo4j URI, e.g. neo4j+s://xxxx.databases.neo4j.io (default: the managed local Neo4j)")
	fs.String("user", "", "Neo4j user (default neo4j)")
	fs.String("password", "", "Neo4j password (prefer NEO4J_PASSWORD; never printed)")
	fs.String("database", "", "Neo4j database (default neo4j)")
	fs.String("log-level", "", "log level: debug, info, warn, error")
}

// Load reads the configuration. fs may be nil (tests, library use).
func Load(fs *pflag.FlagSet) (Config, error) {
	v := viper.New()
	home, _ := os.UserHomeDir()
	v.SetDefault("user", "neo4j")
	v.SetDefault("database", "neo4j")
	v.SetDefault("log_level", "info")
	v.SetDefault("local.data_dir", filepath.Join(xdg("XDG_DATA_HOME", filepath.Join(home, ".local", "share")), "coopgraph"))
	v.SetDefault("local.cache_dir", filepath.Join(xdg("XDG_CACHE_HOME", filepath.Join(home, ".cache")), "coopgraph"))
	v.SetDefault("local.bolt_port", 7687)
	v.SetDefault("local.http_port", 7474)
	v.SetDefault("local.heap", "2g")
	v.SetDefault("local.pagecache", "1g")

	for key, names := range envNames {
		if err := v.BindEnv(append([]string{key}, names...)...); err != nil {
			return Config{}, err
		}
	}

	file := ""
	if fs != nil {
		if f := fs.Lookup("config"); f != nil {
			file = f.Value.String()
		}
		for name, key := range flagKeys {
			if f := fs.Lookup(name); f != nil {
				if err := v.BindPFlag(key, f); err != nil {
					return Config{}, err
				}
			}
		}
	}
	if file == "" {
		file = os.Getenv("COOPGRAPH_CONFIG")
	}
	if file == "" {
		def := filepath.Join(xdg("XDG_CONFIG_HOME", filepath.Join(home, ".config")), "coopgraph", "config.yaml")
		if _, err := os.Stat(def); err == nil {
			file = def
		}
	}
	if file != "" {
		v.SetConfigFile(file)
		if err := v.ReadInConfig(); err != nil {
			var notFound viper.ConfigFileNotFoundError
			if errors.As(err, &notFound) || os.IsNotExist(err) {
				return Config{}, fmt.Errorf("config file %s does not exist", file)
			}
			return Config{}, fmt.Errorf("reading config file %s: %w", file, err)
		}
	}

	c := Config{
		URI:      strings.TrimSpace(v.GetString("uri")),
		User:     v.GetString("user"),
		Password: v.GetString("password"),
		Database: v.GetString("database"),
		LogLevel: v.GetString("log_level"),
		File:     file,
		Local: Local{
			DataDir:   expandHome(v.GetString("local.data_dir"), home),
			CacheDir:  expandHome(v.GetString("local.cache_dir"), home),
			BoltPort:  v.GetInt("local.bolt_port"),
			HTTPPort:  v.GetInt("local.http_port"),
			Heap:      v.GetString("local.heap"),
			PageCache: v.GetString("local.pagecache"),
		},
	}
	return c, c.check()
}

func (c Config) check() error {
	for _, p := range []struct {
		name string
		port int
	}{{"local.bolt_port", c.Local.BoltPort}, {"local.http_port", c.Local.HTTPPort}} {
		if p.port < 1 || p.port > 65535 {
			return fmt.Errorf("%s is %d: give a TCP port between 1 and 65535", p.name, p.port)
		}
	}
	if c.Local.BoltPort == c.Local.HTTPPort {
		return fmt.Errorf("local.bolt_port and local.http_port are both %d: give them different ports", c.Local.BoltPort)
	}
	return nil
}

// Managed reports whether commands use the managed local Neo4j.
func (c Config) Managed() bool { return c.URI == "" }

// expandHome turns a leading ~/ into the home folder, as a shell would.
func expandHome(p, home string) string {
	if p == "~" {
		return home
	}
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		return filepath.Join(home, rest)
	}
	return p
}

func xdg(name, fallback string) string {
	if v := os.Getenv(name); v != "" && filepath.IsAbs(v) {
		return v
	}
	return fallback
}
