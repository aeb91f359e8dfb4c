// Package store writes the validated dataset into Neo4j and reads back what
// the loader owns: schema assertion, atomic and idempotent loads, removal of
// what a dataset no longer states, and a content digest of the graph.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/seed"
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
		analyzer := ""
		if item.Type == "FULLTEXT" {
			analyzer = "cjk"
		}
		want := definition(item.Type, item.Label, item.Props, analyzer)
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
	for name := range existing {
		if !declared[name] {
			rep.Unexpected = append(rep.Unexpected, name)
		}
	}
	sort.Strings(rep.Unexpected)
	if len(rep.Created)+len(rep.Recreated) > 0 {
		// Wait for new indexes, so that the load's MERGEs use them.
		if err := run("CALL db.awaitIndexes(300)"); err != nil {
			return rep, fmt.Errorf("waiting for new indexes: %w", err)
		}
	}
	return rep, nil
}

// Counts are what one load did to one kind or type.
type Counts struct{ Created, Updated, Unchanged, Removed int }

// Summary is what a load did.
type Summary struct {
	Version      string
	Mode         string // "one transaction" or "batched (N transactions)"
	Transactions int
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

// Options tune a load.
type Options struct {
	// BatchSize is the number of rows one statement takes (default 5000).
	BatchSize int
	// SingleTxLimit is the most rows (nodes + ties) loaded in one transaction
	// (default 300000); larger datasets load batched, one transaction per batch.
	SingleTxLimit int
	// Progress, if set, is told how many rows of the total are written.
	Progress func(done, total int)
	// BeforeCommit, if set, runs last inside the single load transaction
	// (tests use it to make a load fail at its very end).
	BeforeCommit func(ctx context.Context, tx neo4j.ManagedTransaction) error
}

// step is one statement over a chunk of rows.
type step struct {
	stmt  string
	rows  []row
	group string // kind or type the counts go to
	node  bool
}

func plan(ds *seed.Dataset, batch int) []step {
	var steps []step
	chunk := func(stmt, group string, node bool, rows []row) {
		for i := 0; i < len(rows); i += batch {
			steps = append(steps, step{stmt: stmt, rows: rows[i:min(i+batch, len(rows))], group: group, node: node})
		}
	}
	kinds := map[string]string{}
	var srcRows []row
	for _, src := range ds.Sources {
		kinds[src.ID] = src.Kind
		srcRows = append(srcRows, sourceRow(src, ds.Version))
	}
	chunk(sourceStatement(), graph.SourceLabel, true, srcRows)
	byKind := map[string][]row{}
	for _, e := range ds.Entities {
		byKind[e.Kind] = append(byKind[e.Kind], entityRow(e, ds.Version))
	}
	for _, k := range graph.Kinds {
		chunk(nodeStatement(string(k.Kind)), string(k.Kind), true, byKind[string(k.Kind)])
	}
	byType := map[string][]row{}
	for _, t := range ds.Ties {
		byType[t.Type] = append(byType[t.Type], tieRow(t, kinds, ds.Version))
	}
	for _, r := range graph.RelTypes {
		chunk(tieStatement(string(r.Type)), string(r.Type), false, byType[string(r.Type)])
	}
	return steps
}

// Load writes the dataset: schema first, then every node and tie with
// UNWIND ... MERGE in batches, then removal of what the dataset no longer
// states, then the dataset's version and load time on the graph.
//
// Up to SingleTxLimit rows, all of it runs in one transaction: a failure
// anywhere leaves the previous graph exactly as it was. Above it, batches
// commit one by one; every item carries the dataset version, removal runs
// only after every batch succeeded, and a rerun after a failure completes
// the load.
func (s *Store) Load(ctx context.Context, ds *seed.Dataset, opt Options) (*Summary, error) {
	t0 := time.Now()
	if opt.BatchSize <= 0 {
		opt.BatchSize = 5000
	}
	if opt.SingleTxLimit <= 0 {
		opt.SingleTxLimit = 300_000
	}
	sum := &Summary{Version: ds.Version}
	rep, err := s.AssertSchema(ctx)
	if err != nil {
		return nil, explain(err)
	}
	sum.Schema = rep
	steps := plan(ds, opt.BatchSize)
	total := len(ds.Sources) + len(ds.Entities) + len(ds.Ties)
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)

	if total <= opt.SingleTxLimit {
		sum.Mode, sum.Transactions = "one transaction", 1
		_, err = sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			// A retried attempt starts afresh: counts describe the attempt that committed.
			sum.Kinds, sum.Types = map[string]*Counts{}, map[string]*Counts{}
			done := 0
			for _, st := range steps {
				if err := s.runStep(ctx, tx, st, sum); err != nil {
					return nil, err
				}
				done += len(st.rows)
				if opt.Progress != nil {
					opt.Progress(done, total)
				}
			}
			if err := s.cleanup(ctx, tx, ds.Version, 0, sum); err != nil {
				return nil, err
			}
			if err := s.writeMeta(ctx, tx, ds, sum.Mode); err != nil {
				return nil, err
			}
			if opt.BeforeCommit != nil {
				return nil, opt.BeforeCommit(ctx, tx)
			}
			return nil, nil
		})
		if err != nil {
			return nil, explain(err)
		}
		sum.Elapsed = time.Since(t0)
		return sum, nil
	}

	sum.Kinds, sum.Types = map[string]*Counts{}, map[string]*Counts{}
	done := 0
	for i, st := range steps {
		var part Summary
		_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			part = Summary{Kinds: map[string]*Counts{}, Types: map[string]*Counts{}}
			return nil, s.runStep(ctx, tx, st, &part)
		})
		if err != nil {
			return nil, fmt.Errorf("batch %d of %d failed; %d of %d rows are written with dataset version %s and nothing was removed: rerun `coopgraph seed` to complete the load: %w",
				i+1, len(steps), done, total, ds.Version, explain(err))
		}
		merge(sum, &part)
		sum.Transactions++
		done += len(st.rows)
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
	}
	// Every batch committed: now, and only now, remove what the previous version owned.
	for {
		var part Summary
		_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			part = Summary{Kinds: map[string]*Counts{}, Types: map[string]*Counts{}}
			return nil, s.cleanup(ctx, tx, ds.Version, opt.BatchSize, &part)
		})
		if err != nil {
			return nil, fmt.Errorf("removing what the previous dataset owned: %w; rerun `coopgraph seed` to finish", explain(err))
		}
		sum.Transactions++
		n, t := part.Totals()
		merge(sum, &part)
		if n.Removed+t.Removed == 0 {
			break
		}
	}
	_, err = sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, s.writeMeta(ctx, tx, ds, "batched")
	})
	if err != nil {
		return nil, explain(err)
	}
	sum.Transactions++
	sum.Mode = fmt.Sprintf("batched (%d transactions)", sum.Transactions)
	sum.Elapsed = time.Since(t0)
	return sum, nil
}

func merge(into, part *Summary) {
	for k, c := range part.Kinds {
		x := into.counts(into.Kinds, k)
		x.Created, x.Updated, x.Unchanged, x.Removed = x.Created+c.Created, x.Updated+c.Updated, x.Unchanged+c.Unchanged, x.Removed+c.Removed
	}
	for k, c := range part.Types {
		x := into.counts(into.Types, k)
		x.Created, x.Updated, x.Unchanged, x.Removed = x.Created+c.Created, x.Updated+c.Updated, x.Unchanged+c.Unchanged, x.Removed+c.Removed
	}
}

func (s *Store) runStep(ctx context.Context, tx neo4j.ManagedTransaction, st step, sum *Summary) error {
	rows := make([]any, len(st.rows))
	for i, r := range st.rows {
		rows[i] = map[string]any(r)
	}
	t0 := time.Now()
	res, err := tx.Run(ctx, st.stmt, map[string]any{"rows": rows})
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	slog.Debug("load step", "group", st.group, "rows", len(st.rows), "took", time.Since(t0))
	if err != nil {
		return err
	}
	matched, _ := rec.Get("matched")
	created, _ := rec.Get("created")
	updated, _ := rec.Get("updated")
	m, c, u := int(matched.(int64)), int(created.(int64)), int(updated.(int64))
	if m != len(st.rows) {
		return fmt.Errorf("%d of %d %s rows found no endpoint: an entity a tie names is missing from the graph", len(st.rows)-m, len(st.rows), st.group)
	}
	target := sum.Types
	if st.node {
		target = sum.Kinds
	}
	x := sum.counts(target, st.group)
	x.Created += c
	x.Updated += u
	x.Unchanged += m - c - u
	return nil
}

// cleanup removes stale ties, entities and sources; limit 0 means all at once.
func (s *Store) cleanup(ctx context.Context, tx neo4j.ManagedTransaction, version string, limit int, sum *Summary) error {
	if limit <= 0 {
		limit = 1 << 62
	}
	for _, q := range []struct {
		stmt string
		node bool
	}{{cleanupTies, false}, {cleanupEntities, true}, {cleanupSources, true}} {
		t0 := time.Now()
		res, err := tx.Run(ctx, q.stmt, map[string]any{"version": version, "limit": limit})
		if err != nil {
			return err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return err
		}
		slog.Debug("cleanup step", "nodes", q.node, "took", time.Since(t0))
		for _, r := range recs {
			what, _ := r.Get("what")
			n, _ := r.Get("n")
			target := sum.Types
			if q.node {
				target = sum.Kinds
			}
			sum.counts(target, fmt.Sprint(what)).Removed += int(n.(int64))
		}
	}
	return nil
}

func (s *Store) writeMeta(ctx context.Context, tx neo4j.ManagedTransaction, ds *seed.Dataset, mode string) error {
	_, err := tx.Run(ctx, metaStatement, map[string]any{
		"id": graph.MetaID, "version": ds.Version, "entities": int64(len(ds.Entities)), "ties": int64(len(ds.Ties)),
		"sources": int64(len(ds.Sources)), "mode": mode,
	})
	return err
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

// explain turns a driver error into one that says what to do.
func explain(err error) error {
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		// Retries gave up: what matters is the last attempt's cause.
		return explain(limit.Errors[len(limit.Errors)-1])
	}
	var nerr *neo4j.Neo4jError
	if errors.As(err, &nerr) {
		switch {
		case strings.HasPrefix(nerr.Code, "Neo.ClientError.Schema.ConstraintValidationFailed"):
			return fmt.Errorf("a constraint rejected the load, so nothing was changed: %s (check for nodes that other tools created with the same ids)", nerr.Msg)
		case strings.Contains(nerr.Code, "MemoryPoolOutOfMemoryError") || strings.Contains(nerr.Code, "OutOfMemory"):
			return fmt.Errorf("the load is too big for the server's memory and was rolled back: give the server more heap (COOPGRAPH_HEAP) or load batched with a smaller --single-tx-limit: %s", nerr.Msg)
		case strings.HasPrefix(nerr.Code, "Neo.ClientError.Security"):
			return fmt.Errorf("the database refused the load (%s): the user needs write access: %s", nerr.Code, nerr.Msg)
		}
		return fmt.Errorf("the load failed and was rolled back: %s (%s)", nerr.Msg, nerr.Code)
	}
	var cerr *neo4j.ConnectivityError
	if errors.As(err, &cerr) || neo4j.IsRetryable(err) {
		return fmt.Errorf("the database went away during the load, so its transaction was rolled back and the previous graph is unchanged: %v; rerun `coopgraph seed` once the database is back", err)
	}
	return err
}
