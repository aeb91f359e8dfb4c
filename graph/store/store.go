// Package store writes the validated dataset into Neo4j and reads back what
// the loader owns: schema assertion, atomic and idempotent loads, removal of
// what a dataset no longer states, and a content digest of the graph.
package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Store is the graph in one Neo4j database.
type Store struct {
	Driver   neo4j.DriverWithContext
	Database string
}

// New returns a store over a driver and database.
func New(d neo4j.DriverWithContext, database string) *Store {
	return &Store{Driver: d, Database: database}
}

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.Driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.Database, AccessMode: mode})
}

// SchemaReport says what AssertSchema did.
type SchemaReport struct {
	Created    []string // declared items that were missing
	Recreated  []string // declared items whose definition in the database differed
	Unexpected []string // indexes or constraints the declaration does not name
}

// existingItem is an index or constraint as the database describes it.
type existingItem struct {
	constraint bool
	definition string
}

// definition renders an item comparably to what SHOW INDEXES/CONSTRAINTS gives.
func definition(typ, label string, props []string, analyzer string) string {
	return fmt.Sprintf("%s %s %v %s", typ, label, props, analyzer)
}

func (s *Store) existingSchema(ctx context.Context) (map[string]existingItem, error) {
	out := map[string]existingItem{}
	res, err := neo4j.ExecuteQuery(ctx, s.Driver, `SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties
RETURN name, type, labelsOrTypes, properties`, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database))
	if err != nil {
		return nil, fmt.Errorf("reading the constraints: %w", err)
	}
	for _, r := range res.Records {
		out[r.Values[0].(string)] = existingItem{true, definition(fmt.Sprint(r.Values[1]), first(r.Values[2]), strs(r.Values[3]), "")}
	}
	res, err = neo4j.ExecuteQuery(ctx, s.Driver, `SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options, owningConstraint
WHERE type <> 'LOOKUP' AND owningConstraint IS NULL
RETURN name, type, labelsOrTypes, properties, coalesce(options.indexConfig['fulltext.analyzer'], '')`, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database))
	if err != nil {
		return nil, fmt.Errorf("reading the indexes: %w", err)
	}
	for _, r := range res.Records {
		out[r.Values[0].(string)] = existingItem{false, definition(fmt.Sprint(r.Values[1]), first(r.Values[2]), strs(r.Values[3]), fmt.Sprint(r.Values[4]))}
	}
	return out, nil
}

func first(v any) string {
	if l := strs(v); len(l) > 0 {
		return l[0]
	}
	return ""
}

func strs(v any) []string {
	l, _ := v.([]any)
	out := make([]string, len(l))
	for i, x := range l {
		out[i] = fmt.Sprint(x)
	}
	return out
}

// AssertSchema makes the database's schema match the declaration in package
// graph: missing items are created, items of ours whose definition changed
// are recreated, and items the declaration does not name are reported.
func (s *Store) AssertSchema(ctx context.Context) (SchemaReport, error) {
	var rep SchemaReport
	existing, err := s.existingSchema(ctx)
	if err != nil {
		return rep, err
	}
	run := func(q string) error {
		_, err := neo4j.ExecuteQuery(ctx, s.Driver, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database))
		return err
	}
	declared := map[string]bool{}
	for _, item := range graph.Schema {
		declared[item.Name] = true
		want := definition(item.Type, item.Label, item.Props, item.Analyzer)
		if have, ok := existing[item.Name]; ok {
			if have.definition == want {
				continue
			}
			drop := "DROP INDEX " + item.Name
			if have.constraint {
				drop = "DROP CONSTRAINT " + item.Name
			}
			if err := run(drop); err != nil {
				return rep, fmt.Errorf("dropping %s to recreate it: %w", item.Name, err)
			}
			rep.Recreated = append(rep.Recreated, item.Name)
		} else {
			rep.Created = append(rep.Created, item.Name)
		}
		if err := run(item.CreateStatement()); err != nil {
			return rep, fmt.Errorf("creating %s: %w", item.Name, err)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(existing)) {
		if !declared[name] {
			rep.Unexpected = append(rep.Unexpected, name)
		}
	}
	if len(rep.Created)+len(rep.Recreated) > 0 {
		// Wait for new indexes, so that the load's MERGEs use them.
		if err := run("CALL db.awaitIndexes(300)"); err != nil {
			return rep, fmt.Errorf("waiting for new indexes: %w", err)
		}
	}
	return rep, nil
}

// Mode is how a load was written; the same value is recorded on the meta node.
type Mode string

// The load modes.
const (
	OneTransaction Mode = "one transaction" // the whole load, read-back included, in one transaction
	Batched        Mode = "batched"         // batches committed one by one, removals last
)

// Describe says how the load was written, with its transaction count.
func (s *Summary) Describe() string {
	if s.Mode == Batched {
		return fmt.Sprintf("batched, %d transactions", s.Transactions)
	}
	return string(s.Mode)
}

// Counts are what one load did to one kind or type.
type Counts struct{ Created, Updated, Unchanged, Removed int }

// Summary is what a load did.
type Summary struct {
	Version      string
	Mode         Mode
	Transactions int                // transactions committed
	Kinds        map[string]*Counts // by node kind (and "Source")
	Types        map[string]*Counts // by relationship type
	Schema       SchemaReport
	Elapsed      time.Duration
}

func (s *Summary) counts(m map[string]*Counts, key string) *Counts {
	c, ok := m[key]
	if !ok {
		c = &Counts{}
		m[key] = c
	}
	return c
}

// Totals adds up nodes (kinds and sources) and ties.
func (s *Summary) Totals() (nodes, ties Counts) {
	add := func(into *Counts, c *Counts) {
		into.Created += c.Created
		into.Updated += c.Updated
		into.Unchanged += c.Unchanged
		into.Removed += c.Removed
	}
	for _, c := range s.Kinds {
		add(&nodes, c)
	}
	for _, c := range s.Types {
		add(&ties, c)
	}
	return
}

// Defaults of a load. The curated dataset (a few thousand rows) always loads
// in one transaction; a bulk graph above the limit loads batched, which on
// two cores is faster and keeps the server's transaction state small.
const (
	DefaultBatchSize     = 2500
	DefaultSingleTxLimit = 50_000
	DefaultWorkers       = 2
)

// Options tune a load.
type Options struct {
	// BatchSize is the number of rows one statement takes (default DefaultBatchSize).
	BatchSize int
	// SingleTxLimit is the most rows (nodes + ties) loaded in one transaction
	// (default DefaultSingleTxLimit); larger datasets load batched, one
	// transaction per batch, on Workers sessions at once.
	SingleTxLimit int
	// Progress, if set, is told how many rows of the total are written.
	Progress func(done, total int)
	// Workers is the number of batches written at once in a batched load (default 2).
	Workers int
	// beforeCommit, if set, runs last inside the single load transaction;
	// tests set it (export_test.go) to make a load fail at its very end.
	beforeCommit func(ctx context.Context, tx neo4j.ManagedTransaction) error
}

// Meta is the loaded dataset's record on the graph.
type Meta struct {
	Version  string
	LoadedAt time.Time
	Entities int64
	Ties     int64
}

// LoadedMeta reads the dataset version and load time; ok is false on a graph never seeded.
func (s *Store) LoadedMeta(ctx context.Context) (Meta, bool, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.Driver, fmt.Sprintf("MATCH (m:%s {id: $id}) RETURN m.version, m.loaded_at, m.entities, m.ties", graph.MetaLabel),
		map[string]any{"id": graph.MetaID}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil || len(res.Records) == 0 {
		return Meta{}, false, err
	}
	v := res.Records[0].Values
	m := Meta{Version: fmt.Sprint(v[0])}
	if t, ok := v[1].(time.Time); ok {
		m.LoadedAt = t
	}
	m.Entities, _ = v[2].(int64)
	m.Ties, _ = v[3].(int64)
	return m, true, nil
}

// explain turns a driver error into one that says what to do. atomic says
// whether the failed transaction held the whole load (then the previous
// graph is unchanged) or one batch of it (then the caller says what is
// written).
func explain(err error, atomic bool) error {
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		// Retries gave up: what matters is the last attempt's cause.
		return explain(limit.Errors[len(limit.Errors)-1], atomic)
	}
	unchanged := "so nothing was changed"
	rolledBack := "its transaction was rolled back and the previous graph is unchanged"
	if !atomic {
		unchanged = "so that batch was not written"
		rolledBack = "the batch in flight was rolled back"
	}
	var nerr *neo4j.Neo4jError
	if errors.As(err, &nerr) {
		switch {
		case strings.HasPrefix(nerr.Code, "Neo.ClientError.Schema.ConstraintValidationFailed"):
			return fmt.Errorf("a constraint rejected the load, %s: %s (check for nodes that other tools created with the same ids)", unchanged, nerr.Msg)
		case strings.Contains(nerr.Code, "MemoryPoolOutOfMemoryError") || strings.Contains(nerr.Code, "OutOfMemory"):
			return fmt.Errorf("the load is too big for the server's memory and was rolled back: give the server more heap (COOPGRAPH_HEAP) or load batched with a smaller --single-tx-limit: %s", nerr.Msg)
		case strings.HasPrefix(nerr.Code, "Neo.ClientError.Security"):
			return fmt.Errorf("the database refused the load (%s): the user needs write access: %s", nerr.Code, nerr.Msg)
		}
		return fmt.Errorf("the load failed and was rolled back: %s (%s)", nerr.Msg, nerr.Code)
	}
	var cerr *neo4j.ConnectivityError
	if errors.As(err, &cerr) || neo4j.IsRetryable(err) {
		return fmt.Errorf("the database went away during the load, so %s: %v; rerun `coopgraph seed` once the database is back", rolledBack, err)
	}
	return err
}
