package main

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/spf13/pflag"
)

// factory gives every command what it shares: the output streams, the
// configuration and logging (set up once by the root's PersistentPreRunE,
// before any command runs, so global flags mean the same everywhere), and a
// database connection opened on first use and closed when the command ends.
type factory struct {
	Out io.Writer // what the user asked for
	Err io.Writer // notes, progress, problems and logs

	flags *pflag.FlagSet // the root's persistent (global) flags
	cfg   config.Config
	db    *connect.DB
}

// load reads the configuration and sets up logging. Every fault in it is a
// usage error: a flag, a variable or a config file to fix.
func (f *factory) load() error {
	cfg, err := config.Load(f.flags)
	if err != nil {
		return usageError{err}
	}
	f.cfg = cfg
	slog.SetDefault(slog.New(slog.NewTextHandler(f.Err, &slog.HandlerOptions{Level: cfg.Level()})))
	return nil
}

// Config is the configuration, loaded before the command ran.
func (f *factory) Config() config.Config { return f.cfg }

// DB connects to the configured database, or to the managed local Neo4j
// (starting it if needed) when none is configured. The first call connects
// and verifies; later calls return the same connection. Commands that never
// call it never touch a database.
func (f *factory) DB(ctx context.Context) (*connect.DB, error) {
	if f.db != nil {
		return f.db, nil
	}
	t, err := connect.Resolve(ctx, f.cfg, f.Err)
	if err != nil {
		return nil, err
	}
	db, err := connect.Open(ctx, t)
	if err != nil {
		return nil, err
	}
	f.db = db
	return db, nil
}

// close closes the connection if a command opened one. It runs after the
// command, even an interrupted one, so it does not inherit a cancelled context.
func (f *factory) close(ctx context.Context) {
	if f.db == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_ = f.db.Close(ctx)
	f.db = nil
}
