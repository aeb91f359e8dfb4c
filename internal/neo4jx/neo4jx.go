// Package neo4jx is the one place coopgraph builds a Neo4j driver, checks
// that the server answers, and turns the driver's errors into messages that
// say what to do.
package neo4jx

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// The driver's timeouts, chosen so that a command gives up on a server it
// cannot reach within a stated time instead of the driver's defaults (a
// minute to acquire a connection, 30 s of retries):
//
//   - ConnectTimeout bounds one TCP connect (per address a name resolves to),
//     for a host that drops packets instead of refusing.
//   - AcquireTimeout bounds getting a usable connection: connect, TLS, Bolt
//     handshake, authentication, and for neo4j:// the routing table.
//   - RetryTime is how long a transaction function keeps retrying transient
//     failures and lost connections after the first failure.
//
// So checking a server (Open, Verify) gives up within AcquireTimeout, and a
// transaction whose server went away within about RetryTime+AcquireTimeout.
const (
	ConnectTimeout = 5 * time.Second
	AcquireTimeout = 10 * time.Second
	RetryTime      = 10 * time.Second
)

// Target is a database to talk to.
type Target struct {
	URI      string
	User     string
	Password string // never printed or logged
	Database string
	// Managed is the managed local Neo4j: errors then point at `coopgraph db`
	// instead of the user's configuration.
	Managed bool
}

// NewDriver builds a driver for t with the timeouts above; opts may adjust
// the configuration further. Nothing is sent to the server yet.
func NewDriver(t Target, opts ...func(*config.Config)) (neo4j.DriverWithContext, error) {
	drv, err := neo4j.NewDriverWithContext(t.URI, neo4j.BasicAuth(t.User, t.Password, ""), append([]func(*config.Config){func(c *config.Config) {
		c.SocketConnectTimeout = ConnectTimeout
		c.ConnectionAcquisitionTimeout = AcquireTimeout
		c.MaxTransactionRetryTime = RetryTime
	}}, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("the Neo4j URI %q is not usable: %v (expected e.g. bolt://host:7687, neo4j://host, neo4j+s://xxxx.databases.neo4j.io)", t.URI, err)
	}
	return drv, nil
}

// Verify checks once, without the driver's retries, that the server answers
// a query on database, so that an unreachable server, rejected credentials
// or a missing database are found at once and within AcquireTimeout.
func Verify(ctx context.Context, drv neo4j.DriverWithContext, database string) error {
	sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database, AccessMode: neo4j.AccessModeRead})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, "RETURN 1", nil)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// Open builds a driver for t and verifies it; its errors are explained.
func Open(ctx context.Context, t Target, opts ...func(*config.Config)) (neo4j.DriverWithContext, error) {
	drv, err := NewDriver(t, opts...)
	if err != nil {
		return nil, err
	}
	if err := Verify(ctx, drv, t.Database); err != nil {
		drv.Close(ctx)
		return nil, Explain(err, t)
	}
	return drv, nil
}

// Explain rewrites a driver error as a message that names the configured
// URI and says what to do. The driver's error stays in the chain (errors.As
// and Classify still see it).
func Explain(err error, t Target) error {
	if err == nil {
		return nil
	}
	var nerr *neo4j.Neo4jError
	errors.As(err, &nerr)
	switch Classify(err) {
	case Unauthorized:
		if t.Managed {
			return explained(err, "the managed Neo4j at %s rejected coopgraph's credentials for user %q: its password file does not match the server's store; stop the server and delete the store to start afresh", t.URI, t.User)
		}
		return explained(err, "Neo4j at %s rejected the credentials for user %q: check NEO4J_USERNAME and NEO4J_PASSWORD (or --user/--password, or the config file)", t.URI, t.User)
	case DatabaseNotFound:
		return explained(err, "Neo4j at %s has no database %q: set NEO4J_DATABASE (or --database) to an existing one; Community Edition has only \"neo4j\"", t.URI, t.Database)
	case Unreachable:
		hint := "check NEO4J_URI and that the server runs"
		if t.Managed {
			hint = "run `coopgraph db status`, or `coopgraph db start`"
		}
		return explained(err, "cannot reach Neo4j at %s: %v; %s", t.URI, err, hint)
	}
	if nerr != nil {
		return explained(err, "Neo4j at %s: %s (%s)", t.URI, nerr.Msg, nerr.Code)
	}
	return fmt.Errorf("Neo4j at %s: %w", t.URI, err)
}

// explanation is a message for the user in front of the driver's error.
type explanation struct {
	msg string
	err error
}

func (e *explanation) Error() string { return e.msg }
func (e *explanation) Unwrap() error { return e.err }

func explained(err error, format string, a ...any) error {
	return &explanation{msg: fmt.Sprintf(format, a...), err: err}
}
