// Package connect turns coopgraph's configuration into an open database:
// the one the user named, or the managed local Neo4j (started if needed).
// Drivers are built, checked and their errors explained by neo4jx.
package connect

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/coopgraph/coopgraph/internal/localdb"
	"github.com/coopgraph/coopgraph/internal/neo4jx"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Target is a database to talk to.
type Target = neo4jx.Target

// DB is an open, verified connection.
type DB struct {
	Driver neo4j.DriverWithContext
	Target Target
}

// Close closes the driver.
func (d *DB) Close(ctx context.Context) error { return d.Driver.Close(ctx) }

// Resolve turns a configuration into a target. With no URI configured it
// uses the managed local Neo4j, starting it if needed and saying so on notes.
func Resolve(ctx context.Context, cfg config.Config, notes io.Writer) (Target, error) {
	if !cfg.Managed() {
		return Target{URI: cfg.URI, User: cfg.User, Password: cfg.Password, Database: cfg.Database}, nil
	}
	srv := localdb.New(cfg.Local)
	st, err := srv.Start(ctx, notes)
	if err != nil {
		return Target{}, fmt.Errorf("no NEO4J_URI is configured, and the managed local Neo4j could not start: %w", err)
	}
	if !st.Reused {
		fmt.Fprintf(notes, "no NEO4J_URI configured: started the managed local Neo4j at %s in %s (stop it with `coopgraph db stop`)\n", st.BoltURI, st.Took.Round(100*time.Millisecond))
	}
	pw, err := srv.Password()
	if err != nil {
		return Target{}, err
	}
	return Target{URI: srv.BoltURI(), User: localdb.User, Password: pw, Database: cfg.Database, Managed: true}, nil
}

// Open connects to t and checks that the server answers, the credentials
// are accepted and the database exists; it gives up within
// neo4jx.AcquireTimeout.
func Open(ctx context.Context, t Target) (*DB, error) {
	drv, err := neo4jx.Open(ctx, t)
	if err != nil {
		return nil, err
	}
	return &DB{Driver: drv, Target: t}, nil
}
