// Package config reads coopgraph's settings with viper, in the precedence
// flags > environment > config file > defaults. Neo4j's own environment
// names (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) are
// honoured beside COOPGRAPH_*.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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
	LogLevel string // checked: debug, info, warn or error
	Local    Local

	schedule     any    // the file's schedule: list, decoded by Jobs
	scheduleFile string // the file it came from, for messages
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

	if fs != nil {
		for name, key := range flagKeys {
			if f := fs.Lookup(name); f != nil {
				if err := v.BindPFlag(key, f); err != nil {
					return Config{}, err
				}
			}
		}
	}
	file := configFile(fs, home)
	if file != "" {
		settings, err := readFile(file)
		if err != nil {
			return Config{}, err
		}
		if err := v.MergeConfigMap(settings); err != nil {
			return Config{}, fmt.Errorf("config file %s: %w", file, err)
		}
	}
	src := sources{v: v, fs: fs, file: file}

	c := Config{
		URI:      strings.TrimSpace(v.GetString("uri")),
		User:     v.GetString("user"),
		Password: v.GetString("password"),
		Database: v.GetString("database"),
		LogLevel: v.GetString("log_level"),
		Local: Local{
			DataDir:   expandHome(v.GetString("local.data_dir"), home),
			CacheDir:  expandHome(v.GetString("local.cache_dir"), home),
			Heap:      v.GetString("local.heap"),
			PageCache: v.GetString("local.pagecache"),
		},
		schedule: v.Get(scheduleKey),
	}
	if c.schedule != nil {
		c.scheduleFile = file
	}
	var err error
	if c.Local.BoltPort, err = port(v, src, "local.bolt_port"); err != nil {
		return c, err
	}
	if c.Local.HTTPPort, err = port(v, src, "local.http_port"); err != nil {
		return c, err
	}
	return c, c.check(src)
}

// configFile is the config file to read: --config, else COOPGRAPH_CONFIG,
// else the default path if a file is there; "" for none.
func configFile(fs *pflag.FlagSet, home string) string {
	if fs != nil {
		if f := fs.Lookup("config"); f != nil && f.Value.String() != "" {
			return f.Value.String()
		}
	}
	if file := os.Getenv("COOPGRAPH_CONFIG"); file != "" {
		return file
	}
	def := filepath.Join(xdg("XDG_CONFIG_HOME", filepath.Join(home, ".config")), "coopgraph", "config.yaml")
	if _, err := os.Stat(def); err == nil {
		return def
	}
	return ""
}

// Keys are the configuration's keys, as a config file spells them.
func Keys() []string { return slices.Sorted(maps.Keys(envNames)) }

// readFile reads a config file in a viper of its own, so that what the file
// holds is told apart from defaults, and rejects keys coopgraph does not
// know (a misspelt key would otherwise be ignored without a word).
func readFile(file string) (map[string]any, error) {
	if info, err := os.Stat(file); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("config file %s does not exist", file)
		}
		return nil, fmt.Errorf("config file %s: %w", file, err)
	} else if info.IsDir() {
		return nil, fmt.Errorf("config file %s is a folder: give the path of a .yaml file", file)
	}
	fv := viper.New()
	fv.SetConfigFile(file)
	if err := fv.ReadInConfig(); err != nil {
		var unsupported viper.UnsupportedConfigError
		if errors.As(err, &unsupported) {
			return nil, fmt.Errorf("config file %s: the file type %q is not known: name it .yaml", file, filepath.Ext(file))
		}
		return nil, fmt.Errorf("config file %s is not valid: %w", file, err)
	}
	if err := checkKeys(fv); err != nil {
		return nil, fmt.Errorf("config file %s: %w", file, err)
	}
	return fv.AllSettings(), nil
}

// checkKeys reports every key of a file that coopgraph does not know, and
// mappings and values in each other's places.
func checkKeys(fv *viper.Viper) error {
	var problems []string
	unknown := false
	for _, k := range fv.AllKeys() {
		if _, ok := envNames[k]; ok || fv.Get(k) == nil {
			continue // a known key, or one left empty ("local:" with nothing under it)
		}
		if k == scheduleKey || strings.HasPrefix(k, scheduleKey+".") {
			continue // the scheduler's jobs: Jobs checks them, for the schedule command only
		}
		switch {
		case slices.ContainsFunc(Keys(), func(known string) bool { return strings.HasPrefix(known, k+".") }):
			problems = append(problems, fmt.Sprintf("%q must be a mapping (of %s)", k, strings.Join(children(k), ", ")))
		case slices.ContainsFunc(Keys(), func(known string) bool { return strings.HasPrefix(k, known+".") }):
			parent := k[:strings.LastIndex(k, ".")]
			for !slices.Contains(Keys(), parent) {
				parent = parent[:strings.LastIndex(parent, ".")]
			}
			problems = append(problems, fmt.Sprintf("%q must be a single value, not a mapping", parent))
		default:
			problems = append(problems, fmt.Sprintf("unknown key %q", k))
			unknown = true
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		msg := strings.Join(slices.Compact(problems), "; ")
		if unknown {
			msg += " (the keys are " + strings.Join(Keys(), ", ") + ")"
		}
		return errors.New(msg)
	}
	return nil
}

// children lists the keys under a mapping key, without its prefix.
func children(parent string) []string {
	var out []string
	for _, k := range Keys() {
		if rest, ok := strings.CutPrefix(k, parent+"."); ok {
			out = append(out, rest)
		}
	}
	return out
}

// sources says where a key's value came from, for messages.
type sources struct {
	v    *viper.Viper
	fs   *pflag.FlagSet
	file string
}

// of names the setting that gave key its value: a flag, an environment
// variable or the config file; "" for a default.
func (s sources) of(key string) string {
	if s.fs != nil {
		for name, k := range flagKeys {
			if f := s.fs.Lookup(name); k == key && f != nil && f.Changed {
				return "--" + name
			}
		}
	}
	for _, name := range envNames[key] {
		if _, ok := os.LookupEnv(name); ok {
			return name
		}
	}
	if s.file != "" && s.v.InConfig(key) {
		return "config file " + s.file
	}
	return ""
}

// from is " (from SOURCE)" for a message, or "" for a default.
func (s sources) from(key string) string {
	if src := s.of(key); src != "" {
		return " (from " + src + ")"
	}
	return ""
}

// port reads a TCP port setting; a value that is not a whole number is an
// error, not a silent 0.
func port(v *viper.Viper, src sources, key string) (int, error) {
	raw := strings.TrimSpace(fmt.Sprint(v.Get(key)))
	n, err := strconv.Atoi(raw)
	if err == nil && (n < 1 || n > 65535) {
		return n, fmt.Errorf("%s is %d: give a TCP port between 1 and 65535%s", key, n, src.from(key))
	}
	if err != nil {
		return 0, fmt.Errorf("%s is %q: give a TCP port between 1 and 65535%s", key, raw, src.from(key))
	}
	return n, nil
}

func (c Config) check(src sources) error {
	if c.Local.BoltPort == c.Local.HTTPPort {
		return fmt.Errorf("local.bolt_port and local.http_port are both %d: give them different ports%s", c.Local.BoltPort, src.from("local.bolt_port"))
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return fmt.Errorf("log level %q: use debug, info, warn or error%s", c.LogLevel, src.from("log_level"))
	}
	return nil
}

// Level is the configured log level (info if it does not parse, which Load
// has already refused).
func (c Config) Level() slog.Level {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel))
	return level
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
