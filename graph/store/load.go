package store

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// wanted is one node or tie the dataset states.
type wanted struct {
	id      string // "E:<id>", "S:<id>" or "T:<key>"
	group   string // kind, "Source" or relationship type
	node    bool
	stmt    string // writes it when the graph holds it
	newStmt string // writes it when the graph does not (ties: CREATE)
	row     row
}

// owned is one node or tie a previous load wrote.
type owned struct {
	hash  string
	group string
	node  bool
	stmt  string // the removal statement
	row   row    // its removal row
}

// want lists what the dataset states, in load order: sources, entities by
// kind, ties by type (ties need their ends).
func want(ds *graph.Dataset) []wanted {
	out := make([]wanted, 0, len(ds.Sources)+len(ds.Entities)+len(ds.Ties))
	srcStmt := sourceStatement()
	for _, src := range ds.Sources {
		out = append(out, wanted{"S:" + src.ID, graph.SourceLabel, true, srcStmt, srcStmt, sourceRow(src)})
	}
	byKind := map[graph.Kind][]graph.Entity{}
	for _, e := range ds.Entities {
		byKind[e.Kind] = append(byKind[e.Kind], e)
	}
	for _, k := range graph.Kinds {
		stmt := nodeStatement(string(k.Kind))
		for _, e := range byKind[k.Kind] {
			out = append(out, wanted{"E:" + e.ID, string(e.Kind), true, stmt, stmt, entityRow(e)})
		}
	}
	byType := map[graph.RelType][]graph.Tie{}
	for _, t := range ds.Ties {
		byType[t.Type] = append(byType[t.Type], t)
	}
	for _, r := range graph.RelTypes {
		stmt, create := tieStatement(string(r.Type)), newTieStatement(string(r.Type))
		for _, t := range byType[r.Type] {
			r := tieRow(t)
			out = append(out, wanted{"T:" + r[graph.KeyProp].(string), string(t.Type), false, stmt, create, r})
		}
	}
	return out
}

// reader runs a read query and hands each record's values to fn.
type reader func(ctx context.Context, q string, fn func([]any)) error

func txReader(tx neo4j.ManagedTransaction) reader {
	return func(ctx context.Context, q string, fn func([]any)) error {
		res, err := tx.Run(ctx, q, nil)
		if err != nil {
			return err
		}
		for res.Next(ctx) {
			fn(res.Record().Values)
		}
		return res.Err()
	}
}

// readOwned reads back what earlier loads wrote: identity and content hash.
func readOwned(ctx context.Context, read reader) (map[string]owned, error) {
	have := map[string]owned{}
	if err := read(ctx, ownedEntities, func(v []any) {
		id := v[0].(string)
		have["E:"+id] = owned{fmt.Sprint(v[1]), fmt.Sprint(v[2]), true, removeEntities, row{"id": id}}
	}); err != nil {
		return nil, err
	}
	if err := read(ctx, ownedSources, func(v []any) {
		id := v[0].(string)
		have["S:"+id] = owned{fmt.Sprint(v[1]), graph.SourceLabel, true, removeSources, row{"id": id}}
	}); err != nil {
		return nil, err
	}
	err := read(ctx, ownedTies, func(v []any) {
		key := fmt.Sprint(v[0])
		have["T:"+key] = owned{fmt.Sprint(v[1]), fmt.Sprint(v[2]), false, removeTies, row{"key": key, "type": v[2], "from": v[3], "to": v[4]}}
	})
	return have, err
}

// step is one statement over a batch of rows.
type step struct {
	stmt  string
	rows  []row
	group string
	node  bool
	check bool // every row must match (ties: both ends exist)
}

// diff compares the dataset with what the graph holds: it counts, and
// returns the batches that write what is new or changed and those that
// remove what the dataset no longer states (ties before entities).
func diff(all []wanted, have map[string]owned, batch int, sum *Summary) (writes, removals []step) {
	sum.Kinds, sum.Types = map[string]*Counts{}, map[string]*Counts{}
	seen := make(map[string]bool, len(all))
	var cur *step
	for _, w := range all {
		seen[w.id] = true
		target := sum.Types
		if w.node {
			target = sum.Kinds
		}
		c := sum.counts(target, w.group)
		h, ok := have[w.id]
		stmt := w.stmt
		switch {
		case !ok:
			c.Created++
			stmt = w.newStmt
		case h.hash != w.row[graph.HashProp]:
			c.Updated++
		default:
			c.Unchanged++
			continue
		}
		if cur == nil || cur.stmt != stmt || len(cur.rows) >= batch {
			writes = append(writes, step{stmt: stmt, group: w.group, node: w.node, check: true})
			cur = &writes[len(writes)-1]
		}
		cur.rows = append(cur.rows, w.row)
	}
	for _, stmt := range []string{removeTies, removeEntities, removeSources} {
		var batchRows []row
		flush := func() {
			if len(batchRows) > 0 {
				removals = append(removals, step{stmt: stmt, rows: batchRows, group: "removal"})
				batchRows = nil
			}
		}
		for id, h := range have {
			if seen[id] || h.stmt != stmt {
				continue
			}
			target := sum.Types
			if h.node {
				target = sum.Kinds
			}
			sum.counts(target, h.group).Removed++
			batchRows = append(batchRows, h.row)
			if len(batchRows) >= batch {
				flush()
			}
		}
		flush()
	}
	return writes, removals
}

// Load writes the dataset: the schema is asserted first; then what the
// graph already holds is read back and compared by content hash, so that
// only new and changed nodes and ties are written (UNWIND ... MERGE in
// batches) and what the dataset no longer states is removed; last, the
// dataset's version and load time are recorded on the graph.
//
// Up to SingleTxLimit rows, all of it (the read-back included) runs in one
// transaction: a failure anywhere leaves the previous graph exactly as it
// was. Above it, batches commit one by one on opt.Workers sessions;
// removal runs only after every batch succeeded, and a rerun after a
// failure writes what is still missing and completes the load.
func (s *Store) Load(ctx context.Context, ds *graph.Dataset, opt Options) (*Summary, error) {
	t0 := time.Now()
	if opt.BatchSize <= 0 {
		opt.BatchSize = DefaultBatchSize
	}
	if opt.SingleTxLimit <= 0 {
		opt.SingleTxLimit = DefaultSingleTxLimit
	}
	if opt.Workers <= 0 {
		opt.Workers = DefaultWorkers
	}
	// Build the rows while the server asserts the schema and reads back.
	var all []wanted
	built := make(chan struct{})
	go func() { all = want(ds); close(built) }()

	sum := &Summary{Version: ds.Version}
	rep, err := s.AssertSchema(ctx)
	if err != nil {
		// Schema statements are not transactional: say what is known.
		return nil, fmt.Errorf("asserting the schema before the load failed, so no node or tie was written (indexes created before the failure stay): %w", err)
	}
	sum.Schema = rep
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)

	total := len(ds.Sources) + len(ds.Entities) + len(ds.Ties)
	if total <= opt.SingleTxLimit {
		sum.Mode, sum.Transactions = OneTransaction, 1
		_, err = sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			have, err := readOwned(ctx, txReader(tx))
			if err != nil {
				return nil, err
			}
			<-built
			writes, removals := diff(all, have, opt.BatchSize, sum)
			steps := append(writes, removals...)
			progress := newCounter(opt.Progress, rowsIn(steps))
			for _, st := range steps {
				if err := runStep(ctx, tx, st); err != nil {
					return nil, err
				}
				progress.add(len(st.rows))
			}
			if err := writeMeta(ctx, tx, ds, sum.Mode); err != nil {
				return nil, err
			}
			if opt.beforeCommit != nil {
				return nil, opt.beforeCommit(ctx, tx)
			}
			return nil, nil
		})
		if err != nil {
			return nil, explain(err, true)
		}
		sum.Elapsed = time.Since(t0)
		slog.Debug("load committed", "took", sum.Elapsed)
		return sum, nil
	}

	var have map[string]owned
	if _, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		var err error
		have, err = readOwned(ctx, txReader(tx))
		return nil, err
	}); err != nil {
		return nil, explain(err, true) // nothing is written yet
	}
	<-built
	writes, removals := diff(all, have, opt.BatchSize, sum)
	work := rowsIn(writes) + rowsIn(removals)
	progress := newCounter(opt.Progress, work)
	split := 0
	for split < len(writes) && writes[split].node {
		split++
	}
	for _, phase := range [][]step{writes[:split], writes[split:]} {
		if err := s.parallel(ctx, phase, opt.Workers, progress, sum); err != nil {
			return nil, fmt.Errorf("%d of %d rows are written and nothing was removed: rerun `coopgraph seed` to complete the load: %w", progress.get(), work, err)
		}
	}
	// Every batch committed: now, and only now, remove what the dataset no longer states.
	if err := s.parallel(ctx, removals, 1, progress, sum); err != nil {
		return nil, fmt.Errorf("removing what the dataset no longer states: %w; rerun `coopgraph seed` to finish", err)
	}
	if _, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, writeMeta(ctx, tx, ds, Batched)
	}); err != nil {
		return nil, fmt.Errorf("recording the load on the graph: %w; rerun `coopgraph seed` to finish", explain(err, false))
	}
	sum.Transactions++
	sum.Mode = Batched
	sum.Elapsed = time.Since(t0)
	return sum, nil
}

func rowsIn(steps []step) int {
	n := 0
	for _, st := range steps {
		n += len(st.rows)
	}
	return n
}

// counter adds up progress from several workers.
type counter struct {
	mu    sync.Mutex
	done  int
	total int
	fn    func(done, total int)
}

func newCounter(fn func(int, int), total int) *counter { return &counter{fn: fn, total: total} }

func (c *counter) add(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done += n
	if c.fn != nil {
		c.fn(c.done, c.total)
	}
}

func (c *counter) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done
}

// parallel runs steps, each in its own transaction, on up to workers
// sessions at once. Deadlocks between workers are transient errors that
// ExecuteWrite retries. The first failure stops the rest.
func (s *Store) parallel(ctx context.Context, steps []step, workers int, progress *counter, sum *Summary) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan step)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sess := s.session(ctx, neo4j.AccessModeWrite)
			defer sess.Close(ctx)
			for st := range work {
				if _, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
					return nil, runStep(ctx, tx, st)
				}); err != nil {
					errs <- fmt.Errorf("a batch of %s: %w", st.group, explain(err, false))
					cancel()
					return
				}
				mu.Lock()
				sum.Transactions++
				mu.Unlock()
				progress.add(len(st.rows))
			}
		}()
	}
feed:
	for _, st := range steps {
		select {
		case work <- st:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return ctx.Err()
	}
}

func runStep(ctx context.Context, tx neo4j.ManagedTransaction, st step) error {
	t0 := time.Now()
	rows := make([]any, len(st.rows))
	for i, r := range st.rows {
		rows[i] = map[string]any(r)
	}
	res, err := tx.Run(ctx, st.stmt, map[string]any{"rows": rows})
	if err != nil {
		return err
	}
	if st.check {
		rec, err := res.Single(ctx)
		if err != nil {
			return err
		}
		if m, _ := rec.Values[0].(int64); int(m) != len(rows) {
			return fmt.Errorf("%d of %d %s rows found no endpoint: an entity a tie names is missing from the graph", len(rows)-int(m), len(rows), st.group)
		}
	} else if _, err := res.Consume(ctx); err != nil {
		return err
	}
	slog.Debug("load step", "group", st.group, "rows", len(rows), "took", time.Since(t0))
	return nil
}

func writeMeta(ctx context.Context, tx neo4j.ManagedTransaction, ds *graph.Dataset, mode Mode) error {
	_, err := tx.Run(ctx, metaStatement, map[string]any{
		"id": graph.MetaID, "version": ds.Version, "entities": int64(len(ds.Entities)), "ties": int64(len(ds.Ties)),
		"sources": int64(len(ds.Sources)), "mode": string(mode),
	})
	return err
}
