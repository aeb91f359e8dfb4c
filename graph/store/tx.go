package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Every transaction of a load is an explicit one, so that the loader knows
// whether a failure came before the commit (then the server rolls the
// transaction back) or during it (then nobody on this side can know whether
// it committed), and so that it gives up after a stated time rather than the
// driver's defaults: the driver's managed transactions retry for a time set
// once per driver and cannot tell the caller that a commit went unanswered.

// DefaultRetryFor is how long a transaction is retried after the server
// went away or answered with a transient error (a deadlock, a leader
// switch), counted from the first failure; then the load gives up.
const DefaultRetryFor = 10 * time.Second

// DefaultOutcomeWait is how long a load whose commit went unanswered waits
// for the server to answer again, to read on the graph whether it committed.
const DefaultOutcomeWait = 15 * time.Second

// outcome is what is known of a failed transaction.
type outcome int

const (
	rolledBack outcome = iota // the server answered with an error, or the failure came before the commit
	unknown                   // the connection went while the transaction committed
)

// txError is a failed transaction with what is known of it.
type txError struct {
	outcome outcome
	uri     string        // the database as configured
	gaveUp  time.Duration // retries gave up after this long; 0 if none was tried
	lost    bool          // some attempt lost the connection (else the server answered every time)
	err     error         // the last attempt's error
}

func (e *txError) Error() string { return e.err.Error() }
func (e *txError) Unwrap() error { return e.err }

// fault is what a driver error says about the server. It is kept in this one
// function so that a shared classifier can replace it.
type fault int

const (
	answered  fault = iota // the server answered with an error: the transaction is rolled back
	transient              // it answered with an error worth retrying (deadlock, leader switch, not yet available)
	lost                   // the connection failed or could not be made
	other                  // not the server's: a bad call, a check of ours, a cancelled context
)

func classify(err error) fault {
	var nerr *neo4j.Neo4jError
	if errors.As(err, &nerr) {
		if nerr.IsRetriable() {
			return transient
		}
		return answered
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return other
	}
	var cerr *neo4j.ConnectivityError
	var netErr net.Error
	if errors.As(err, &cerr) || errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || neo4j.IsRetryable(err) {
		return lost
	}
	return other
}

// work is what one transaction does.
type work func(ctx context.Context, tx neo4j.ExplicitTransaction) error

// inTx runs fn in an explicit transaction and commits it. After a transient
// error or a lost connection before the commit (the server then rolls the
// transaction back), it runs fn again in a new transaction, for up to
// retryFor counted from the first failure; connecting is bounded by the same
// time. A commit that goes unanswered is never retried: its outcome is
// unknown, and running fn again could write twice what fn writes.
func (s *Store) inTx(ctx context.Context, mode neo4j.AccessMode, retryFor time.Duration, fn work) error {
	var first time.Time
	delay := 200 * time.Millisecond
	wasLost := false
	for {
		left := retryFor
		if !first.IsZero() {
			left -= time.Since(first)
		}
		committing, err := s.attempt(ctx, mode, max(left, time.Second), fn)
		if err == nil {
			return nil
		}
		f := classify(err)
		if committing && f != answered && f != transient {
			return &txError{outcome: unknown, uri: s.uri(), lost: true, err: err}
		}
		wasLost = wasLost || f == lost || acquireTimedOut(err, ctx)
		if ctx.Err() != nil || (f != transient && f != lost && !acquireTimedOut(err, ctx)) {
			return &txError{outcome: rolledBack, uri: s.uri(), lost: wasLost, err: err}
		}
		if first.IsZero() {
			first = time.Now()
		}
		if left = retryFor - time.Since(first); left <= 0 {
			return &txError{outcome: rolledBack, uri: s.uri(), gaveUp: retryFor, lost: wasLost, err: err}
		}
		slog.Debug("retrying a transaction", "after", err, "in", min(delay, left))
		select {
		case <-ctx.Done():
			return &txError{outcome: rolledBack, uri: s.uri(), lost: wasLost, err: err}
		case <-time.After(min(delay, left)):
		}
		delay = min(2*delay, 2*time.Second)
	}
}

// acquireTimedOut tells a connection attempt that ran out of its bounded
// time (the server does not answer) from the caller's own cancellation.
func acquireTimedOut(err error, ctx context.Context) bool {
	return errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil
}

// attempt is one try of inTx; committing says the failure came from the commit.
func (s *Store) attempt(ctx context.Context, mode neo4j.AccessMode, connect time.Duration, fn work) (committing bool, err error) {
	sess := s.session(ctx, mode)
	defer func() {
		// Closing rolls back a transaction left open; a dead server must not hold us here.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		sess.Close(cctx)
	}()
	actx, cancel := context.WithTimeout(ctx, connect)
	tx, err := sess.BeginTransaction(actx)
	cancel()
	if err != nil {
		return false, err
	}
	if err := fn(ctx, tx); err != nil {
		return false, err
	}
	return true, tx.Commit(ctx)
}

// uri is the database as the driver was configured with it (not the address
// a connection resolved to), for messages.
func (s *Store) uri() string {
	u := s.Driver.Target()
	return u.String()
}

// scope says what a failed transaction held, for messages.
type scope int

const (
	wholeLoad   scope = iota // every write and removal of the load
	oneBatch                 // one batch of a batched load
	beforeWrite              // reads and schema before anything is written
)

// explain turns a failed transaction into a message that says what is known
// and what to do.
func explain(err error, sc scope) error {
	var te *txError
	if !errors.As(err, &te) {
		return err
	}
	unchanged, rolled := "so nothing was changed", "its transaction was rolled back and the previous graph is unchanged"
	switch sc {
	case oneBatch:
		unchanged, rolled = "so that batch was not written", "the batch in flight was rolled back"
	case beforeWrite:
		unchanged, rolled = "so nothing was written", "nothing was written"
	}
	if te.outcome == unknown {
		what := "whether the load committed is unknown"
		if sc == oneBatch {
			what = "whether the batch in flight was written is unknown"
		}
		return fmt.Errorf("the connection to Neo4j at %s was lost while the transaction committed, so %s: run `coopgraph seed` again once the database answers (the load is idempotent: it writes only what is missing and removes only what the dataset no longer states): %v",
			te.uri, what, te.err)
	}
	retried := ""
	if te.gaveUp > 0 {
		retried = fmt.Sprintf("; coopgraph retried for %s, then gave up", te.gaveUp)
	}
	var nerr *neo4j.Neo4jError
	if errors.As(te.err, &nerr) && !nerr.IsRetriable() {
		switch {
		case nerr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return fmt.Errorf("a constraint rejected the load, %s: %s (check for nodes that other tools created with the same ids)", unchanged, nerr.Msg)
		case strings.Contains(nerr.Code, "MemoryPoolOutOfMemoryError") || strings.Contains(nerr.Code, "OutOfMemory"):
			return fmt.Errorf("the load is too big for the server's memory and %s: give the server more heap (COOPGRAPH_HEAP) or load batched with a smaller --single-tx-limit: %s", rolled, nerr.Msg)
		case strings.HasPrefix(nerr.Code, "Neo.ClientError.Security"):
			return fmt.Errorf("the database refused the load (%s), %s: the user needs write access: %s", nerr.Code, unchanged, nerr.Msg)
		}
		return fmt.Errorf("the load failed and %s: %s (%s)", rolled, nerr.Msg, nerr.Code)
	}
	if te.lost {
		return fmt.Errorf("the connection to Neo4j at %s was lost before the transaction committed, so %s%s (last error: %v): rerun `coopgraph seed` once the database is back",
			te.uri, rolled, retried, te.err)
	}
	if nerr != nil {
		return fmt.Errorf("Neo4j at %s answered with a transient error, so %s%s: %s (%s); rerun `coopgraph seed` later", te.uri, rolled, retried, nerr.Msg, nerr.Code)
	}
	return fmt.Errorf("%s: %w", rolled, te.err)
}
