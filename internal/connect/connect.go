// Package connect opens a Neo4j driver from coopgraph's configuration: the
// database the user named, or the managed local Neo4j (started if needed).
// Its errors say what went wrong and what to do.
package connect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/internal/config"
	"github.com/coopgraph/coopgraph/internal/localdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Target is a database to talk to.
type Target struct {
	URI      string
	User     string
	Password string
	Database string
	Managed  bool // the managed local Neo4j
}

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
// are accepted and the database exists.
func Open(ctx context.Context, t Target) (*DB, error) {
	drv, err := neo4j.NewDriverWithContext(t.URI, neo4j.BasicAuth(t.User, t.Password, ""), func(c *neo4j.Config) {
		c.SocketConnectTimeout = 5 * time.Second
		c.ConnectionAcquisitionTimeout = 30 * time.Second
	})
	if err != nil {
		return nil, fmt.Errorf("the Neo4j URI %q is not usable: %v (expected e.g. bolt://host:7687, neo4j://host, neo4j+s://xxxx.databases.neo4j.io)", t.URI, err)
	}
	_, err = neo4j.ExecuteQuery(ctx, drv, "RETURN 1", nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(t.Database))
	if err != nil {
		drv.Close(ctx)
		return nil, Explain(err, t)
	}
	return &DB{Driver: drv, Target: t}, nil
}

// Explain rewrites a driver error as a message that says what to do.
func Explain(err error, t Target) error {
	if err == nil {
		return nil
	}
	var nerr *neo4j.Neo4jError
	if errors.As(err, &nerr) {
		switch {
		case strings.HasPrefix(nerr.Code, "Neo.ClientError.Security.Unauthorized"), strings.HasPrefix(nerr.Code, "Neo.ClientError.Security.AuthenticationRateLimit"):
			if t.Managed {
				return fmt.Errorf("the managed Neo4j at %s rejected coopgraph's credentials for user %q: its password file does not match the server's store; stop the server and delete the store to start afresh", t.URI, t.User)
			}
			return fmt.Errorf("Neo4j at %s rejected the credentials for user %q: check NEO4J_USERNAME and NEO4J_PASSWORD (or --user/--password, or the config file)", t.URI, t.User)
		case strings.HasPrefix(nerr.Code, "Neo.ClientError.Database.DatabaseNotFound"):
			return fmt.Errorf("Neo4j at %s has no database %q: set NEO4J_DATABASE (or --database) to an existing one; Community Edition has only \"neo4j\"", t.URI, t.Database)
		}
		return fmt.Errorf("Neo4j at %s: %s (%s)", t.URI, nerr.Msg, nerr.Code)
	}
	var cerr *neo4j.ConnectivityError
	if errors.As(err, &cerr) || strings.Contains(err.Error(), "connect") {
		hint := "check NEO4J_URI and that the server runs"
		if t.Managed {
			hint = "run `coopgraph db status`, or `coopgraph db start`"
		}
		return fmt.Errorf("cannot reach Neo4j at %s: %v; %s", t.URI, err, hint)
	}
	return fmt.Errorf("Neo4j at %s: %w", t.URI, err)
}
