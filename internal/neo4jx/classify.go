package neo4jx

import (
	"errors"
	"net"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Kind is what went wrong, as far as a message to the user is concerned.
type Kind int

const (
	Other               Kind = iota // anything below does not fit
	Unauthorized                    // the credentials were rejected
	Forbidden                       // authenticated, but not allowed to do this
	DatabaseNotFound                // no such database on the server
	Unreachable                     // no connection, or it was lost before a commit
	CommitUnknown                   // the connection was lost during commit: it may or may not have committed
	Transient                       // the server says a retry may succeed (deadlock, leader switch, ...)
	ConstraintViolation             // a schema constraint rejected a write
	OutOfMemory                     // the server ran out of (transaction) memory
)

var kindNames = [...]string{"other", "unauthorized", "forbidden", "database not found", "unreachable", "commit outcome unknown", "transient", "constraint violation", "out of memory"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "unknown kind"
	}
	return kindNames[k]
}

// Classify says what kind of failure err is. It looks through wrapping, and
// through the driver's "retries gave up" error to the last attempt's cause.
func Classify(err error) Kind {
	if err == nil {
		return Other
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		return Classify(limit.Errors[len(limit.Errors)-1])
	}
	var cerr *neo4j.ConnectivityError
	if errors.As(err, &cerr) {
		// The driver marks one connectivity error as not retryable: the
		// connection died while a commit was in flight.
		if !neo4j.IsRetryable(cerr) {
			return CommitUnknown
		}
		return Unreachable
	}
	var authErr *neo4j.InvalidAuthenticationError
	var tokenErr *neo4j.TokenExpiredError
	if errors.As(err, &authErr) || errors.As(err, &tokenErr) {
		return Unauthorized
	}
	var nerr *neo4j.Neo4jError
	if errors.As(err, &nerr) {
		code := nerr.Code
		switch {
		case strings.HasPrefix(code, "Neo.ClientError.Security.Unauthorized"),
			strings.HasPrefix(code, "Neo.ClientError.Security.AuthenticationRateLimit"),
			strings.HasPrefix(code, "Neo.ClientError.Security.CredentialsExpired"),
			strings.HasPrefix(code, "Neo.ClientError.Security.TokenExpired"):
			return Unauthorized
		case strings.HasPrefix(code, "Neo.ClientError.Security."):
			return Forbidden
		case strings.HasPrefix(code, "Neo.ClientError.Database.DatabaseNotFound"):
			return DatabaseNotFound
		case strings.HasPrefix(code, "Neo.ClientError.Schema.ConstraintValidationFailed"):
			return ConstraintViolation
		// Memory errors are transient by code, but retrying the same
		// transaction does not help: they come before Transient.
		case strings.Contains(code, "OutOfMemory"):
			return OutOfMemory
		case strings.HasPrefix(code, "Neo.TransientError."), nerr.IsRetriable():
			return Transient
		}
		return Other
	}
	var nete net.Error
	if errors.As(err, &nete) {
		return Unreachable
	}
	return Other
}
