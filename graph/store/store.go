// Package store writes the validated dataset into Neo4j and reads back what
// the loader owns: schema assertion, atomic and idempotent loads, removal of
// what a dataset no longer states, and a content digest of the graph.
package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
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

func (s *Store) existingSchema(ctx context.Context, retryFor time.Duration) (map[string]existingItem, error) {
	var out map[string]existingItem
	err := s.inTx(ctx, neo4j.AccessModeRead, retryFor, func(ctx context.Context, tx neo4j.ExplicitTransaction) error {
		out = map[string]existingItem{}
		read := txReader(tx)
		if err := read(ctx, `SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties
RETURN name, type, labelsOrTypes, properties`, func(v []any) {
			out[v[0].(string)] = existingItem{true, definition(fmt.Sprint(v[1]), first(v[2]), strs(v[3]), "")}
		}); err != nil {
			return fmt.Errorf("reading the constraints: %w", err)
		}
		if err := read(ctx, `SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options, owningConstraint
WHERE type <> 'LOOKUP' AND owningConstraint IS NULL
RETURN name, type, labelsOrTypes, properties, coalesce(options.indexConfig['fulltext.analyzer'], '')`, func(v []any) {
			out[v[0].(string)] = existingItem{false, definition(fmt.Sprint(v[1]), first(v[2]), strs(v[3]), fmt.Sprint(v[4]))}
		}); err != nil {
			return fmt.Errorf("reading the indexes: %w", err)
		}
		return nil
	})
	return out, err
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
	return s.assertSchema(ctx, DefaultRetryFor)
}

func (s *Store) assertSchema(ctx context.Context, retryFor time.Duration) (SchemaReport, error) {
	var rep SchemaReport
	existing, err := s.existingSchema(ctx, retryFor)
	if err != nil {
		return rep, err
	}
	// Schema statements cannot share a transaction with each other's data
	// changes: each runs in its own.
	run := func(q string) error {
		return s.inTx(ctx, neo4j.AccessModeWrite, retryFor, func(ctx context.Context, tx neo4j.ExplicitTransaction) error {
			res, err := tx.Run(ctx, q, nil)
			if err == nil {
				_, err = res.Consume(ctx)
			}
			return err
		})
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
	OneTransaction Mode = "one transaction" // every write and removal in one transaction
	// WritesThenRemovals: every write in one transaction, then removals in
	// batches (a small dataset replacing a large graph).
	WritesThenRemovals Mode = "one transaction, removals batched"
	Batched            Mode = "batched" // batches committed one by one, removals last
)

// Describe says how the load was written, with its transaction count.
func (s *Summary) Describe() string {
	switch s.Mode {
	case Batched:
		return fmt.Sprintf("batched, %d transactions", s.Transactions)
	case WritesThenRemovals:
		return fmt.Sprintf("writes in one transaction, removals batched, %d transactions", s.Transactions)
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
	// Note, if set, is something the user should know about a load that
	// succeeded (a commit whose answer was lost, then found on the graph).
	Note string
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

// Defaults of a load. Loading the curated dataset (a few thousand rows) is
// one transaction; a load with more rows to write and remove than the limit
// is batched, which on two cores is faster and keeps the server's
// transaction state small.
const (
	DefaultBatchSize     = 2500
	DefaultSingleTxLimit = 50_000
	DefaultWorkers       = 2
)

// Options tune a load.
type Options struct {
	// BatchSize is the number of rows one statement takes (default DefaultBatchSize).
	BatchSize int
	// SingleTxLimit is the most rows (nodes and ties written or removed)
	// one transaction holds (default DefaultSingleTxLimit). A load with more
	// writes than that is batched, one transaction per batch, on Workers
	// sessions at once; one with few writes but many removals writes in one
	// transaction and then removes in batches.
	SingleTxLimit int
	// Progress, if set, is told how many rows of the total are written.
	Progress func(done, total int)
	// Workers is the number of batches written at once in a batched load (default 2).
	Workers int
	// AllowRemovals lets a load remove more than half of the nodes or of the
	// ties the graph holds, or load an empty dataset; without it such a load
	// is refused before anything is written (a wrong folder or a truncated
	// checkout must not wipe an analyst's graph).
	AllowRemovals bool
	// RetryFor is how long a transaction is retried after the server went
	// away or answered with a transient error (default DefaultRetryFor).
	RetryFor time.Duration
	// OutcomeWait is how long a load whose commit went unanswered waits for
	// the server to answer again, to find out on the graph whether it
	// committed (default DefaultOutcomeWait).
	OutcomeWait time.Duration
	// beforeCommit, if set, runs last inside a one-transaction load; tests
	// set it (export_test.go) to make a load fail, or the server go away, at
	// its very end.
	beforeCommit func(ctx context.Context, tx neo4j.ExplicitTransaction) error
}

func (o Options) withDefaults() Options {
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.SingleTxLimit <= 0 {
		o.SingleTxLimit = DefaultSingleTxLimit
	}
	if o.Workers <= 0 {
		o.Workers = DefaultWorkers
	}
	if o.RetryFor <= 0 {
		o.RetryFor = DefaultRetryFor
	}
	if o.OutcomeWait <= 0 {
		o.OutcomeWait = DefaultOutcomeWait
	}
	return o
}

// Meta is the loaded dataset's record on the graph.
type Meta struct {
	Version  string
	LoadedAt time.Time
	Entities int64
	Ties     int64
	LoadID   string // the load that wrote it, unique per load
}

// LoadedMeta reads the dataset version and load time; ok is false on a graph never seeded.
func (s *Store) LoadedMeta(ctx context.Context) (Meta, bool, error) {
	return s.loadedMeta(ctx, neo4j.ExecuteQueryWithReadersRouting())
}

func (s *Store) loadedMeta(ctx context.Context, routing neo4j.ExecuteQueryConfigurationOption) (Meta, bool, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.Driver, fmt.Sprintf("MATCH (m:%s {id: $id}) RETURN m.version, m.loaded_at, m.entities, m.ties, m.load_id", graph.MetaLabel),
		map[string]any{"id": graph.MetaID}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.Database), routing)
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
	m.LoadID, _ = v[4].(string)
	return m, true, nil
}
