package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// WithBeforeCommit returns opt with a hook that runs last inside a
// one-transaction load: the test seam for failures (and a server going
// away) at the very end.
func WithBeforeCommit(opt Options, f func(ctx context.Context, tx neo4j.ExplicitTransaction) error) Options {
	opt.beforeCommit = f
	return opt
}
