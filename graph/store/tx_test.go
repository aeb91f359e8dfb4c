package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestExplainSaysWhatIsKnown: the message of a failed transaction says what
// it held (the whole load, or the batch in flight of a batched load) and
// whether it was rolled back or its outcome is unknown.
func TestExplainSaysWhatIsKnown(t *testing.T) {
	const uri = "bolt://db.example:7687"
	lostErr := &neo4j.ConnectivityError{Inner: errors.New("dial tcp 10.0.0.1:7687: connect: connection refused")}
	constraint := &neo4j.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed", Msg: "Node(1) already exists"}
	deadlock := &neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected", Msg: "deadlock"}
	cases := []struct {
		name string
		err  error
		sc   scope
		want string
	}{
		{"whole load, connection lost before the commit", &txError{outcome: rolledBack, uri: uri, gaveUp: 10 * time.Second, lost: true, err: lostErr}, wholeLoad,
			"the connection to Neo4j at bolt://db.example:7687 was lost before the transaction committed, so its transaction was rolled back and the previous graph is unchanged; coopgraph retried for 10s, then gave up (last error: ConnectivityError: dial tcp 10.0.0.1:7687: connect: connection refused): rerun `coopgraph seed` once the database is back"},
		{"batch, connection lost before the commit", &txError{outcome: rolledBack, uri: uri, gaveUp: 10 * time.Second, lost: true, err: lostErr}, oneBatch,
			"the connection to Neo4j at bolt://db.example:7687 was lost before the transaction committed, so the batch in flight was rolled back; coopgraph retried for 10s, then gave up (last error: ConnectivityError: dial tcp 10.0.0.1:7687: connect: connection refused): rerun `coopgraph seed` once the database is back"},
		{"batch, commit unanswered", &txError{outcome: unknown, uri: uri, lost: true, err: lostErr}, oneBatch,
			"the connection to Neo4j at bolt://db.example:7687 was lost while the transaction committed, so whether the batch in flight was written is unknown: run `coopgraph seed` again once the database answers (the load is idempotent: it writes only what is missing and removes only what the dataset no longer states): ConnectivityError: dial tcp 10.0.0.1:7687: connect: connection refused"},
		{"whole load, constraint", &txError{outcome: rolledBack, uri: uri, err: constraint}, wholeLoad,
			"a constraint rejected the load, so nothing was changed: Node(1) already exists (check for nodes that other tools created with the same ids)"},
		{"batch, constraint", &txError{outcome: rolledBack, uri: uri, err: constraint}, oneBatch,
			"a constraint rejected the load, so that batch was not written: Node(1) already exists (check for nodes that other tools created with the same ids)"},
		{"batch, deadlocks until the retries gave up", &txError{outcome: rolledBack, uri: uri, gaveUp: 10 * time.Second, err: deadlock}, oneBatch,
			"Neo4j at bolt://db.example:7687 answered with a transient error, so the batch in flight was rolled back; coopgraph retried for 10s, then gave up: deadlock (Neo.TransientError.Transaction.DeadlockDetected); rerun `coopgraph seed` later"},
	}
	for _, tc := range cases {
		if got := explain(tc.err, tc.sc).Error(); got != tc.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestClassify: what a driver error says about the server decides retry
// and outcome.
func TestClassify(t *testing.T) {
	cases := map[string]struct {
		err  error
		want fault
	}{
		"server error":         {&neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, answered},
		"deadlock":             {&neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"}, transient},
		"connection refused":   {&neo4j.ConnectivityError{Inner: errors.New("refused")}, lost},
		"a check of ours":      {errors.New("3 of 2500 MEMBER_OF rows found no endpoint"), other},
		"the caller cancelled": {context.Canceled, other},
	}
	for name, tc := range cases {
		if got := classify(tc.err); got != tc.want {
			t.Errorf("%s: %d, want %d", name, got, tc.want)
		}
	}
}
