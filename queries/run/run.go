// Package run runs prepared reports: it turns the parameters a user gives
// (text, names of actors) into typed driver parameters, resolving names to
// ids before the query runs, and runs the report in a read transaction
// into a table of plain values. Values always travel as driver
// parameters; nothing a user types is ever spliced into Cypher.
package run

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/queries"
	"github.com/coopgraph/coopgraph/queries/format"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// UsageError is a mistake in how a report was asked for: an unknown
// report or parameter, a value of the wrong type, a name that resolves to
// nothing or to several entities. Commands exit 2 on it.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &UsageError{fmt.Sprintf(format, a...)} }

// IsUsage reports whether err is (or wraps) a UsageError.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}

// Find returns the report called name, or a usage error naming the closest ones.
func Find(reports []queries.Report, name string) (queries.Report, error) {
	for _, r := range reports {
		if r.Name == name {
			return r, nil
		}
	}
	return queries.Report{}, usagef("no report is called %q; closest: %s (see `coopgraph report list`)", name, strings.Join(queries.Closest(reports, name, 3), ", "))
}

// ParseParams reads `name=value` pairs (the --param flags) and an optional
// --as-of year into the report's declared types. Entity and state values
// stay text, to be resolved by a Runner. It never touches a database.
func ParseParams(r queries.Report, pairs []string, asOf *int) (map[string]any, error) {
	out := map[string]any{}
	for _, pair := range pairs {
		name, val, ok := strings.Cut(pair, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, usagef("--param %q: write name=value", pair)
		}
		p, ok := r.Param(name)
		if !ok {
			return nil, usagef("report %s has no parameter %q (%s)", r.Name, name, paramList(r))
		}
		if _, dup := out[name]; dup {
			return nil, usagef("--param %s is given twice", name)
		}
		v, err := p.Convert(val)
		if err != nil {
			return nil, &UsageError{err.Error()}
		}
		out[name] = v
	}
	if asOf != nil {
		if _, ok := r.Param(queries.AsOf); !ok {
			return nil, usagef("report %s does not take --as-of: it has no as_of parameter (%s)", r.Name, paramList(r))
		}
		if _, dup := out[queries.AsOf]; dup {
			return nil, usagef("give the year once: --as-of or --param as_of")
		}
		out[queries.AsOf] = int64(*asOf)
	}
	return out, nil
}

func paramList(r queries.Report) string {
	if len(r.Params) == 0 {
		return "it takes none"
	}
	names := make([]string, len(r.Params))
	for i, p := range r.Params {
		names[i] = p.Name
	}
	return "its parameters: " + strings.Join(names, ", ")
}

// Runner runs reports on one database.
type Runner struct {
	Driver   neo4j.DriverWithContext
	Database string
	// Timeout bounds one report's transaction on the server (0: the server's default).
	Timeout time.Duration
	store   *store.Store
	// stamp is the load stamp the latest report read after its query (see
	// Run): read before the next report starts, it serves as that one's
	// "before", so a run of reports costs one stamp read each, not two.
	stamp atomic.Pointer[string]
}

// DefaultTimeout is the longest a report may run.
const DefaultTimeout = 2 * time.Minute

// New returns a runner over a driver and database.
func New(d neo4j.DriverWithContext, database string) *Runner {
	return &Runner{Driver: d, Database: database, Timeout: DefaultTimeout, store: store.New(d, database)}
}

// Params completes the given values with the report's defaults and
// resolves entity and state parameters to ids (exact id, name, Chinese
// name or alias first; else full-text suggestions in the error).
func (x *Runner) Params(ctx context.Context, r queries.Report, given map[string]any) (map[string]any, error) {
	params, err := r.Defaults()
	if err != nil {
		return nil, err
	}
	for k, v := range given {
		if _, ok := r.Param(k); !ok {
			return nil, usagef("report %s has no parameter %q (%s)", r.Name, k, paramList(r))
		}
		params[k] = v
	}
	// Ids (every default is one) are looked up through the index in one
	// round trip; an id is unique and wins over names and aliases, so this
	// is the resolver's answer too, only faster. The rest go to the resolver.
	var texts []any
	for _, p := range r.Params {
		if name, ok := params[p.Name].(string); ok && (p.Type == queries.TypeEntity || p.Type == queries.TypeState) {
			texts = append(texts, name)
		}
	}
	if len(texts) == 0 {
		return params, nil
	}
	kinds, err := x.idKinds(ctx, texts)
	if err != nil {
		return nil, err
	}
	for _, p := range r.Params {
		if p.Type != queries.TypeEntity && p.Type != queries.TypeState {
			continue
		}
		name, ok := params[p.Name].(string)
		if !ok {
			continue // null: the report handles it
		}
		if k, isID := kinds[name]; isID && (p.Type == queries.TypeEntity || k == string(graph.Country)) {
			continue
		}
		id, err := x.resolve(ctx, p, name)
		if err != nil {
			return nil, err
		}
		params[p.Name] = id
	}
	return params, nil
}

func describe(m store.Match) string {
	s := m.ID + " (" + m.Kind
	if m.Name != "" {
		s += ", " + m.Name
	}
	if m.NameZh != "" {
		s += ", " + m.NameZh
	}
	return s + ")"
}

func describeAll(ms []store.Match) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = describe(m)
	}
	return strings.Join(parts, "; ")
}

// resolve turns what the user typed into one entity id.
func (x *Runner) resolve(ctx context.Context, p queries.Param, name string) (string, error) {
	what := "entity"
	if p.Type == queries.TypeState {
		what = "state"
	}
	if strings.TrimSpace(name) == "" {
		return "", usagef("parameter %s needs %s: an id, English or Chinese name, or alias", p.Name, article(what))
	}
	if n := utf8.RuneCountInString(name); n > maxName {
		return "", usagef("parameter %s: %s is %d characters long; no %s's name is longer than %d", p.Name, short(name), n, what, maxName)
	}
	matches, exact, err := x.store.Resolve(ctx, name, 5)
	if err != nil {
		return "", fmt.Errorf("resolving parameter %s %s: %w", p.Name, short(name), err)
	}
	if !exact {
		if p.Type == queries.TypeState {
			matches = slices.DeleteFunc(matches, func(m store.Match) bool { return m.Kind != string(graph.Country) })
		}
		if len(matches) == 0 {
			return "", usagef("parameter %s: no %s is called %s; give an id, English or Chinese name, or alias", p.Name, what, short(name))
		}
		return "", usagef("parameter %s: no %s is called %s; closest: %s", p.Name, what, short(name), describeAll(matches))
	}
	// An id is unique and wins over names and aliases that equal it.
	if i := slices.IndexFunc(matches, func(m store.Match) bool { return m.ID == name }); i >= 0 {
		matches = matches[i : i+1]
	}
	if p.Type == queries.TypeState {
		countries := slices.DeleteFunc(slices.Clone(matches), func(m store.Match) bool { return m.Kind != string(graph.Country) })
		if len(countries) == 0 {
			return "", usagef("parameter %s: %s is %s, not a state", p.Name, short(name), describeAll(matches))
		}
		matches = countries
	}
	if len(matches) > 1 {
		return "", usagef("parameter %s: %s names %d %s: %s; give the id", p.Name, short(name), len(matches), plural(what), describeAll(matches))
	}
	return matches[0].ID, nil
}

var idStatement = fmt.Sprintf("UNWIND $ids AS id MATCH (n:%s {id: id}) RETURN n.id, n.kind", graph.EntityLabel)

// idKinds returns the kind of each text that is an entity's id.
func (x *Runner) idKinds(ctx context.Context, texts []any) (map[string]string, error) {
	res, err := neo4j.ExecuteQuery(ctx, x.Driver, idStatement, map[string]any{"ids": texts},
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(x.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, fmt.Errorf("looking up ids: %w", err)
	}
	out := map[string]string{}
	for _, rec := range res.Records {
		id, _ := rec.Values[0].(string)
		kind, _ := rec.Values[1].(string)
		out[id] = kind
	}
	return out, nil
}

// maxName is the longest name resolution takes: longer text is no name,
// and the full-text index refuses queries of thousands of terms.
const maxName = 200

// short quotes s for a message, cut to 60 characters.
func short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return fmt.Sprintf("%q…", string(r[:60]))
	}
	return fmt.Sprintf("%q", s)
}

func article(what string) string {
	if what == "entity" {
		return "an entity"
	}
	return "a " + what
}

func plural(what string) string {
	if what == "entity" {
		return "entities"
	}
	return what + "s"
}

// Run runs the report with final parameters (see Params) in a read
// transaction and returns its table. A report that tries to write is
// refused by the server.
//
// Neo4j reads at read-committed isolation: a report whose reads straddle
// the commit of a reload could mix the graph before it with the graph
// after it. The loader stamps each load on the meta node in the same
// transaction (a load batched for its size stamps its last batch, and is
// not one commit to begin with), so the report reads that stamp after its
// query and compares
// it with one read before the query began (the stamp an earlier report
// read last, or, on a runner's first report, one read in the transaction);
// when they differ a reload committed in between, and the report runs
// again (up to maxReloadRetries times) on the graph that now stands.
func (x *Runner) Run(ctx context.Context, r queries.Report, params map[string]any) (*format.Table, error) {
	for range maxReloadRetries {
		t, err := x.runOnce(ctx, r, params)
		if !errors.Is(err, errReloaded) {
			return t, err
		}
	}
	return nil, fmt.Errorf("running report %s: the graph was reloaded while it ran, %d times in a row: run it again once the loads are over", r.Name, maxReloadRetries)
}

const maxReloadRetries = 5

var errReloaded = errors.New("the graph was reloaded while the report ran")

// loadStamp is the meta node's load id ("" on a graph no load stamped).
var loadStamp = fmt.Sprintf("OPTIONAL MATCH (m:%s {id: $id}) RETURN m.load_id", graph.MetaLabel)

func readStamp(ctx context.Context, tx neo4j.ManagedTransaction) (string, error) {
	res, err := tx.Run(ctx, loadStamp, map[string]any{"id": graph.MetaID})
	if err != nil {
		return "", err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return "", err
	}
	id, _ := rec.Values[0].(string)
	return id, nil
}

func (x *Runner) runOnce(ctx context.Context, r queries.Report, params map[string]any) (*format.Table, error) {
	t := &format.Table{Name: r.Name, Title: r.Title, Params: params, Columns: r.Columns}
	sess := x.Driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: x.Database, AccessMode: neo4j.AccessModeRead})
	defer sess.Close(ctx)
	var cfg []func(*neo4j.TransactionConfig)
	if x.Timeout > 0 {
		cfg = append(cfg, neo4j.WithTxTimeout(x.Timeout), neo4j.WithTxMetadata(map[string]any{"report": r.Name}))
	}
	_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		t.Rows = t.Rows[:0]
		var before string
		if last := x.stamp.Load(); last != nil {
			before = *last
		} else {
			var err error
			if before, err = readStamp(ctx, tx); err != nil {
				return nil, err
			}
		}
		res, err := tx.Run(ctx, r.Cypher, params)
		if err != nil {
			return nil, err
		}
		keys, err := res.Keys()
		if err != nil {
			return nil, err
		}
		if !slices.Equal(keys, r.Columns) {
			return nil, fmt.Errorf("%s returns columns %s; its header declares %s", r.File, strings.Join(keys, ", "), strings.Join(r.Columns, ", "))
		}
		for res.Next(ctx) {
			vals := res.Record().Values
			row := make([]any, len(vals))
			for i, v := range vals {
				row[i] = Plain(v)
			}
			t.Rows = append(t.Rows, row)
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
		after, err := readStamp(ctx, tx)
		if err != nil {
			return nil, err
		}
		x.stamp.Store(&after)
		if after != before {
			return nil, errReloaded
		}
		return nil, nil
	}, cfg...)
	if errors.Is(err, errReloaded) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("running report %s: %w", r.Name, err)
	}
	return t, nil
}

// Report parses the given parameters, resolves them and runs the report:
// what `coopgraph report run` does.
func (x *Runner) Report(ctx context.Context, r queries.Report, pairs []string, asOf *int) (*format.Table, error) {
	given, err := ParseParams(r, pairs, asOf)
	if err != nil {
		return nil, err
	}
	params, err := x.Params(ctx, r, given)
	if err != nil {
		return nil, err
	}
	return x.Run(ctx, r, params)
}

// Plain converts a driver value into plain JSON-able values: nodes,
// relationships and paths become maps, temporal values ISO 8601 text.
func Plain(v any) any {
	switch x := v.(type) {
	case nil, bool, int64, float64, string:
		return x
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Plain(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = Plain(e)
		}
		return out
	case dbtype.Node:
		labels := make([]any, len(x.Labels))
		for i, l := range x.Labels {
			labels[i] = l
		}
		slices.SortFunc(labels, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
		return map[string]any{"labels": labels, "properties": Plain(x.Props)}
	case dbtype.Relationship:
		return map[string]any{"type": x.Type, "properties": Plain(x.Props)}
	case dbtype.Path:
		nodes := make([]any, len(x.Nodes))
		for i, n := range x.Nodes {
			nodes[i] = Plain(n)
		}
		rels := make([]any, len(x.Relationships))
		for i, r := range x.Relationships {
			rels[i] = Plain(r)
		}
		return map[string]any{"nodes": nodes, "relationships": rels}
	case dbtype.Date:
		return x.Time().Format("2006-01-02")
	case dbtype.LocalDateTime:
		return x.Time().Format("2006-01-02T15:04:05.999999999")
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case dbtype.Duration:
		return x.String()
	case []byte:
		return x
	}
	return fmt.Sprint(v)
}
