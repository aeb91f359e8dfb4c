package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
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

// runner is a transaction as the load's steps use it.
type runner interface {
	Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error)
}

func txReader(tx runner) reader {
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

// Load writes the dataset. First it reads back what the graph holds and
// compares it with the dataset by content hash, so that only new and
// changed nodes and ties are written (UNWIND ... MERGE in batches) and what
// the dataset no longer states is removed; a load that would remove more
// than half of the graph, or load an empty dataset, is refused here unless
// opt.AllowRemovals. Then the schema is asserted and the load written; last,
// the dataset's version and load time are recorded on the graph.
//
// How it is written depends on everything it has to do, writes and removals
// together. Up to SingleTxLimit rows, all of it is one transaction: a
// failure anywhere leaves the previous graph exactly as it was. With more
// rows than that but no more writes, the writes are one transaction and the
// removals then commit batch by batch (a transaction that removes a large
// graph at once does not fit the server's memory, and Cypher's own
// batching, CALL { ... } IN TRANSACTIONS, cannot run inside an explicit
// transaction). With more writes, the writes too commit batch by batch on
// opt.Workers sessions. Removal runs only after every write committed: a
// failure before that removes nothing, and a failure during removal leaves
// the new dataset complete with some of what it no longer states still in
// the graph; a rerun writes what is still missing, removes the rest, and
// completes the load.
//
// The read-back is a read transaction of its own, since its result decides
// how the writes are made; the loader is the only writer of what it owns
// (two loads at once into one graph are not supported).
func (s *Store) Load(ctx context.Context, ds *graph.Dataset, opt Options) (*Summary, error) {
	t0 := time.Now()
	opt = opt.withDefaults()
	// Build the rows while the server reads back.
	var all []wanted
	built := make(chan struct{})
	go func() { all = want(ds); close(built) }()

	sum := &Summary{Version: ds.Version}
	var have map[string]owned
	if err := s.inTx(ctx, neo4j.AccessModeRead, opt.RetryFor, func(ctx context.Context, tx neo4j.ExplicitTransaction) error {
		var err error
		have, err = readOwned(ctx, txReader(tx))
		return err
	}); err != nil {
		return nil, fmt.Errorf("reading back what the graph holds: %w", explain(err, beforeWrite))
	}
	<-built
	writes, removals := diff(all, have, opt.BatchSize, sum)
	if err := guard(ds, have, sum, opt.AllowRemovals); err != nil {
		return nil, err
	}

	rep, err := s.assertSchema(ctx, opt.RetryFor)
	if err != nil {
		// Schema statements are not transactional: say what is known.
		return nil, fmt.Errorf("asserting the schema before the load failed, so no node or tie was written (indexes created before the failure stay): %w", explain(err, beforeWrite))
	}
	sum.Schema = rep

	nWrites, nRemovals := rowsIn(writes), rowsIn(removals)
	progress := newCounter(opt.Progress, nWrites+nRemovals)
	loadID := newLoadID()
	if nWrites+nRemovals <= opt.SingleTxLimit {
		sum.Mode, sum.Transactions = OneTransaction, 1
		err := s.inTx(ctx, neo4j.AccessModeWrite, opt.RetryFor, func(ctx context.Context, tx neo4j.ExplicitTransaction) error {
			progress.reset() // a retry starts over
			for _, st := range slices.Concat(writes, removals) {
				if err := runStep(ctx, tx, st); err != nil {
					return err
				}
				progress.add(len(st.rows))
			}
			if err := writeMeta(ctx, tx, ds, sum.Mode, loadID); err != nil {
				return err
			}
			if opt.beforeCommit != nil {
				return opt.beforeCommit(ctx, tx)
			}
			return nil
		})
		if err != nil {
			return s.unanswered(ctx, err, sum, loadID, opt.OutcomeWait, t0)
		}
		sum.Elapsed = time.Since(t0)
		slog.Debug("load committed", "took", sum.Elapsed)
		return sum, nil
	}

	if nWrites <= opt.SingleTxLimit {
		sum.Mode = WritesThenRemovals
		if nWrites > 0 {
			if err := s.inTx(ctx, neo4j.AccessModeWrite, opt.RetryFor, func(ctx context.Context, tx neo4j.ExplicitTransaction) error {
				progress.reset()
				for _, st := range writes {
					if err := runStep(ctx, tx, st); err != nil {
						return err
					}
					progress.add(len(st.rows))
				}
				return nil
			}); err != nil {
				return nil, fmt.Errorf("writing the dataset (%d rows, in one transaction, before removing %d that it no longer states): %w", nWrites, nRemovals, explain(err, wholeLoad))
			}
			sum.Transactions++
		}
	} else {
		sum.Mode = Batched
		split := 0
		for split < len(writes) && writes[split].node {
			split++
		}
		for _, phase := range [][]step{writes[:split], writes[split:]} {
			if err := s.parallel(ctx, phase, opt.Workers, opt.RetryFor, progress, sum); err != nil {
				return nil, fmt.Errorf("%d of %d rows are written and nothing was removed: rerun `coopgraph seed` to complete the load: %w", progress.get(), nWrites+nRemovals, err)
			}
		}
	}
	// Every write committed: now, and only now, remove what the dataset no
	// longer states, one batch a transaction.
	if err := s.parallel(ctx, removals, 1, opt.RetryFor, progress, sum); err != nil {
		return nil, fmt.Errorf("the dataset is written, and %d of %d removals of what it no longer states are done: rerun `coopgraph seed` to finish: %w", progress.get()-nWrites, nRemovals, err)
	}
	if err := s.inTx(ctx, neo4j.AccessModeWrite, opt.RetryFor, func(ctx context.Context, tx neo4j.ExplicitTransaction) error {
		return writeMeta(ctx, tx, ds, sum.Mode, loadID)
	}); err != nil {
		return nil, fmt.Errorf("the dataset is written and what it no longer states removed, but recording the load on the graph failed: rerun `coopgraph seed` to finish: %w", explain(err, oneBatch))
	}
	sum.Transactions++
	sum.Elapsed = time.Since(t0)
	return sum, nil
}

// unanswered explains a failed one-transaction load. When the connection
// went during the commit, nobody on this side knows whether it committed:
// it waits up to wait for the server to answer again and asks the graph
// (the meta node records the id of the load that wrote it last).
func (s *Store) unanswered(ctx context.Context, err error, sum *Summary, loadID string, wait time.Duration, t0 time.Time) (*Summary, error) {
	var te *txError
	if !errors.As(err, &te) || te.outcome != unknown {
		return nil, explain(err, wholeLoad)
	}
	slog.Warn("the connection was lost during the commit; asking the graph whether the load committed", "uri", te.uri, "wait", wait)
	meta, ok, rerr := s.settle(ctx, wait)
	switch {
	case rerr != nil:
		return nil, fmt.Errorf("the connection to Neo4j at %s was lost while the load committed, so whether it committed is UNKNOWN, and the server did not answer again within %s: run `coopgraph seed` again once it is back (the load is idempotent: it writes only what is missing), or see which load the graph holds with `MATCH (m:%s) RETURN m.version, m.loaded_at, m.load_id` (this load: dataset %s, load id %s): %v",
			te.uri, wait, graph.MetaLabel, sum.Version, loadID, te.err)
	case ok && meta.LoadID == loadID:
		sum.Elapsed = time.Since(t0)
		sum.Note = fmt.Sprintf("the connection to Neo4j at %s was lost while the load committed; once the server answered again, the graph records this load (load id %s), so it committed", te.uri, loadID)
		return sum, nil
	}
	prev := "no load (a graph never seeded)"
	if ok {
		prev = fmt.Sprintf("the previous load (dataset %s, loaded %s)", meta.Version, meta.LoadedAt.Format(time.RFC3339))
	}
	return nil, fmt.Errorf("the connection to Neo4j at %s was lost while the load committed; once the server answered again, the graph records %s, not this one, so its transaction was rolled back and the previous graph is unchanged: rerun `coopgraph seed` (%v)",
		te.uri, prev, te.err)
}

// settle reads the meta node from the server that holds the writes, trying
// again until it answers or wait has passed.
func (s *Store) settle(ctx context.Context, wait time.Duration) (Meta, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	for {
		m, ok, err := s.loadedMeta(ctx, neo4j.ExecuteQueryWithWritersRouting())
		if err == nil {
			return m, ok, nil
		}
		select {
		case <-ctx.Done():
			return m, ok, err
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func newLoadID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// RemovalsRefused is a load refused because it would remove more than half
// of the graph, or because its dataset is empty.
type RemovalsRefused struct {
	Empty            bool // the dataset has no entity and no tie
	Nodes, NodesHeld int  // nodes (entities and sources) it would remove, of those the graph holds
	Ties, TiesHeld   int
}

func (e *RemovalsRefused) Error() string {
	would := fmt.Sprintf("this load would remove %s of %s nodes and %s of %s ties the graph holds", thousands(e.Nodes), thousands(e.NodesHeld), thousands(e.Ties), thousands(e.TiesHeld))
	if e.Empty {
		return "the dataset is empty (no entity, no tie): " + would + "; nothing was written: check that --data names the dataset folder, or pass --allow-removals to load it anyway"
	}
	return would + ", more than half of its nodes or of its ties; nothing was written: check that --data names the right dataset, or pass --allow-removals to load it anyway"
}

// guard refuses, unless allowed, a load that would remove more than half of
// the nodes or of the ties the graph holds, and any load of an empty dataset.
func guard(ds *graph.Dataset, have map[string]owned, sum *Summary, allowed bool) error {
	if allowed {
		return nil
	}
	r := &RemovalsRefused{Empty: len(ds.Entities) == 0 && len(ds.Ties) == 0}
	for _, h := range have {
		if h.node {
			r.NodesHeld++
		} else {
			r.TiesHeld++
		}
	}
	nodes, ties := sum.Totals()
	r.Nodes, r.Ties = nodes.Removed, ties.Removed
	if r.Empty || 2*r.Nodes > r.NodesHeld || 2*r.Ties > r.TiesHeld {
		return r
	}
	return nil
}

// thousands writes n with thousands separators (1,413), as the counts in
// messages read best.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
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

func (c *counter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done = 0
}

func (c *counter) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done
}

// parallel runs steps, each in its own transaction, on up to workers
// sessions at once. Deadlocks between workers are transient errors that
// inTx retries. The first failure stops the rest.
func (s *Store) parallel(ctx context.Context, steps []step, workers int, retryFor time.Duration, progress *counter, sum *Summary) error {
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
			for st := range work {
				if err := s.inTx(ctx, neo4j.AccessModeWrite, retryFor, func(ctx context.Context, tx neo4j.ExplicitTransaction) error {
					return runStep(ctx, tx, st)
				}); err != nil {
					errs <- fmt.Errorf("a batch of %s: %w", st.group, explain(err, oneBatch))
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

func runStep(ctx context.Context, tx runner, st step) error {
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

func writeMeta(ctx context.Context, tx runner, ds *graph.Dataset, mode Mode, loadID string) error {
	res, err := tx.Run(ctx, metaStatement, map[string]any{
		"id": graph.MetaID, "version": ds.Version, "entities": int64(len(ds.Entities)), "ties": int64(len(ds.Ties)),
		"sources": int64(len(ds.Sources)), "mode": string(mode), "load_id": loadID,
	})
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return err
}
