package queries

// Tests of the report packs against the real seeded dataset: every report
// runs with its defaults and with other parameters, in a read transaction,
// with its parameters as driver parameters (ids, as the runner passes them
// once it has resolved names), and must return the rows the documents state
// and must not return rows that a wrong join, a wrong direction, a proposal,
// a dialogue partner counted as a member or a tie outside as_of would give.
// Rows are compared as sets, never by order.
//
// The report files are read from disk by a small header reader of this
// file (packFiles), not by Parse, so that these tests do not depend on the
// header parser's version; it assumes only the format's shape: `// key:
// value` lines, continuation lines starting `//   `, `param: name (type[,
// default value]): meaning`, `columns: a, b`, and a sibling
// <name>.visual.cypher whose first line is `// visual: <name>`.

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/coopgraph/coopgraph/seed"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// packReport is a report file as these tests read it.
type packReport struct {
	Name, Pack, File, Text string
	Params                 []packParam
	Columns                []string
	Plan, Bound            string
	Visual                 string // the .visual.cypher text, "" if none
}

type packParam struct{ Name, Type, Default string }

var (
	packKey     = regexp.MustCompile(`^//\s*([a-z_]+):\s*(.*)$`)
	packCont    = regexp.MustCompile(`^//   \s*\S`)
	packParamRe = regexp.MustCompile(`^([a-z_][a-z0-9_]*) \(([a-z]+)(?:, default ([^)]+))?\): .+$`)
)

// packFiles reads every report under <pack>/ (rules/ and testdata/ are not
// packs) and attaches its visual sibling.
func packFiles(t *testing.T) []packReport {
	t.Helper()
	fsys := os.DirFS(".")
	paths, err := fs.Glob(fsys, "*/*.cypher")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	var out []packReport
	visuals := map[string]string{}
	for _, p := range paths {
		if dir := path.Dir(p); dir == "rules" || dir == "testdata" {
			continue
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(p, ".visual.cypher") {
			visuals[strings.TrimSuffix(p, ".visual.cypher")] = string(b)
			continue
		}
		r := packReport{File: p, Text: string(b)}
		for i, l := range strings.Split(r.Text, "\n") {
			if !strings.HasPrefix(l, "//") {
				break
			}
			if packCont.MatchString(l) {
				continue
			}
			m := packKey.FindStringSubmatch(l)
			if m == nil {
				t.Fatalf("%s:%d: not a header line: %s", p, i+1, l)
			}
			switch v := strings.TrimSpace(m[2]); m[1] {
			case "name":
				r.Name = v
			case "pack":
				r.Pack = v
			case "plan":
				r.Plan = v
			case "bound":
				r.Bound = v
			case "columns":
				for _, c := range strings.Split(v, ",") {
					r.Columns = append(r.Columns, strings.TrimSpace(c))
				}
			case "param":
				pm := packParamRe.FindStringSubmatch(v)
				if pm == nil {
					t.Fatalf("%s:%d: param line %q", p, i+1, v)
				}
				r.Params = append(r.Params, packParam{pm[1], pm[2], pm[3]})
			}
		}
		out = append(out, r)
	}
	for i, r := range out {
		out[i].Visual = visuals[strings.TrimSuffix(r.File, ".cypher")]
		delete(visuals, strings.TrimSuffix(r.File, ".cypher"))
	}
	for v := range visuals {
		t.Errorf("%s.visual.cypher has no report beside it", v)
	}
	return out
}

// defaults types the declared defaults as the runner does; a parameter
// without a default is null.
func (r packReport) defaults(t *testing.T) map[string]any {
	t.Helper()
	out := map[string]any{}
	for _, p := range r.Params {
		if p.Default == "" {
			out[p.Name] = nil
			continue
		}
		switch p.Type {
		case "int":
			n, err := strconv.ParseInt(p.Default, 10, 64)
			if err != nil {
				t.Fatalf("%s: default of %s: %v", r.File, p.Name, err)
			}
			out[p.Name] = n
		case "bool":
			out[p.Name] = p.Default == "true"
		default:
			out[p.Name] = p.Default
		}
	}
	return out
}

type row = map[string]any
type rowSet []row

// packDB is the seeded test database, shared by the subtests of TestReportPacks.
type packDB struct {
	db      *connect.DB
	reports map[string]packReport
	ran     map[string]int // report → parameter sets run
}

// run executes a report with its defaults overridden by params, in a read
// transaction, and checks it returns its declared columns (also when it
// returns no rows).
func (p *packDB) run(t *testing.T, name string, params map[string]any) rowSet {
	t.Helper()
	r, ok := p.reports[name]
	if !ok {
		t.Fatalf("no report %s", name)
	}
	args := r.defaults(t)
	for k, v := range params {
		if _, declared := args[k]; !declared {
			t.Fatalf("%s declares no parameter %s", name, k)
		}
		if n, isInt := v.(int); isInt {
			v = int64(n)
		}
		args[k] = v
	}
	p.ran[name]++
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sess := p.db.Driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: p.db.Target.Database, AccessMode: neo4j.AccessModeRead})
	defer sess.Close(ctx)
	out, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, r.Text, args)
		if err != nil {
			return nil, err
		}
		keys, err := res.Keys()
		if err != nil {
			return nil, err
		}
		if !slices.Equal(keys, r.Columns) {
			return nil, fmt.Errorf("returns columns %v, the header declares %v", keys, r.Columns)
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		rows := make(rowSet, len(recs))
		for i, rec := range recs {
			rows[i] = rec.AsMap()
		}
		return rows, nil
	})
	if err != nil {
		t.Fatalf("%s with %v: %v", name, params, err)
	}
	rows := out.(rowSet)
	checkEvidence(t, name, rows)
	return rows
}

// checkEvidence: every evidence column holds pieces with a source, a kind
// (document or outside) and the canonical keys.
func checkEvidence(t *testing.T, name string, rows rowSet) {
	t.Helper()
	for _, r := range rows {
		ev, ok := r["evidence"]
		if !ok {
			return
		}
		list, ok := ev.([]any)
		if !ok {
			t.Fatalf("%s: evidence is %T, not a list", name, ev)
		}
		for _, e := range list {
			m, ok := e.(map[string]any)
			if !ok || m["source"] == nil || (m["kind"] != "document" && m["kind"] != "outside") {
				t.Fatalf("%s: evidence piece %v", name, e)
			}
			for _, k := range []string{"locator", "quote"} {
				if _, ok := m[k]; !ok {
					t.Fatalf("%s: evidence piece %v has no %s", name, e, k)
				}
			}
		}
	}
}

func txt(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// strs reads a list column as strings.
func strs(v any) []string {
	l, _ := v.([]any)
	out := make([]string, len(l))
	for i, x := range l {
		out[i] = txt(x)
	}
	return out
}

// match reports whether a row has every given column value (compared as text).
func rowHas(r row, kv ...string) bool {
	for i := 0; i+1 < len(kv); i += 2 {
		if txt(r[kv[i]]) != kv[i+1] {
			return false
		}
	}
	return true
}

func (rs rowSet) find(kv ...string) rowSet {
	var out rowSet
	for _, r := range rs {
		if rowHas(r, kv...) {
			out = append(out, r)
		}
	}
	return out
}

// must fails unless some row has the given column values.
func (rs rowSet) must(t *testing.T, why string, kv ...string) row {
	t.Helper()
	got := rs.find(kv...)
	if len(got) == 0 {
		t.Errorf("missing row %v (%s); got %d rows: %s", kv, why, len(rs), brief(rs))
		return row{}
	}
	return got[0]
}

// mustNot fails if some row has the given column values.
func (rs rowSet) mustNot(t *testing.T, why string, kv ...string) {
	t.Helper()
	if got := rs.find(kv...); len(got) > 0 {
		t.Errorf("unwanted row %v (%s): %v", kv, why, brief(got))
	}
}

// set is the set of values of a column.
func (rs rowSet) set(col string) map[string]bool {
	out := map[string]bool{}
	for _, r := range rs {
		out[txt(r[col])] = true
	}
	return out
}

// every fails unless pred holds on every row.
func (rs rowSet) every(t *testing.T, why string, pred func(row) bool) {
	t.Helper()
	for _, r := range rs {
		if !pred(r) {
			t.Errorf("row breaks %s: %v", why, brief(rowSet{r}))
			return
		}
	}
}

// brief shows rows without their evidence, for failure messages.
func brief(rs rowSet) string {
	var b strings.Builder
	for i, r := range rs {
		if i == 8 {
			fmt.Fprintf(&b, " … %d more", len(rs)-i)
			break
		}
		keys := make([]string, 0, len(r))
		for k := range r {
			if k != "evidence" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		b.WriteString(" {")
		for _, k := range keys {
			fmt.Fprintf(&b, "%s=%v ", k, r[k])
		}
		b.WriteString("}")
	}
	return b.String()
}

// cites reports whether a row's evidence has a piece from source whose quote contains text.
func cites(r row, source, text string) bool {
	l, _ := r["evidence"].([]any)
	for _, e := range l {
		m, _ := e.(map[string]any)
		if txt(m["source"]) == source && strings.Contains(txt(m["quote"]), text) {
			return true
		}
	}
	return false
}

func mustCite(t *testing.T, r row, source, text string) {
	t.Helper()
	if !cites(r, source, text) {
		t.Errorf("row %s does not cite %s %q", brief(rowSet{r}), source, text)
	}
}

func wantSet(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	g := slices.Clone(got)
	w := slices.Clone(want)
	sort.Strings(g)
	sort.Strings(w)
	if !slices.Equal(g, w) {
		t.Errorf("%s = %v, want %v", what, g, w)
	}
}

func includes(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s = %v, lacks %s", what, got, w)
		}
	}
}

func excludes(t *testing.T, what string, got []string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if slices.Contains(got, b) {
			t.Errorf("%s = %v, must not hold %s", what, got, b)
		}
	}
}

const (
	doc000 = "000_fec1530038a11fab"
	doc001 = "001_b4ccb783079934e4"
	doc002 = "002_dcb7d5f4be305806"
	doc003 = "003_1322acf3015bdc34"
	doc004 = "004_43a20dcc90f3adbe"
)

// TestPackFiles checks the shipped files without a database: enough
// reports, every one with a name that is its file and a pack that is its
// folder, unique names, its visual's parameters among its own, and a bound
// for every pair or path report.
func TestPackFiles(t *testing.T) {
	all := packFiles(t)
	if len(all) < 24 {
		t.Errorf("%d reports, want at least 24", len(all))
	}
	names := map[string]string{}
	visuals := 0
	paramRef := regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)
	for _, r := range all {
		if base := strings.TrimSuffix(path.Base(r.File), ".cypher"); r.Name != base || r.Pack != path.Dir(r.File) {
			t.Errorf("%s: name %q, pack %q", r.File, r.Name, r.Pack)
		}
		if prev, dup := names[r.Name]; dup {
			t.Errorf("%s: name %s also used by %s", r.File, r.Name, prev)
		}
		names[r.Name] = r.File
		if len(r.Columns) == 0 {
			t.Errorf("%s: no columns", r.File)
		}
		declared := map[string]bool{}
		for _, p := range r.Params {
			declared[p.Name] = true
			if p.Name == "as_of" && (p.Type != "int" || p.Default != "") {
				t.Errorf("%s: as_of is always (int) with no default", r.File)
			}
		}
		if r.Visual != "" {
			visuals++
			if first, _, _ := strings.Cut(r.Visual, "\n"); first != "// visual: "+r.Name {
				t.Errorf("%s: the visual starts %q", r.File, first)
			}
			for _, m := range paramRef.FindAllStringSubmatch(r.Visual, -1) {
				if !declared[m[1]] {
					t.Errorf("%s: the visual uses $%s, which the report does not declare", r.File, m[1])
				}
			}
		}
		if strings.Contains(r.Text, "shortestPath") || strings.Contains(r.Name, "pairs") || strings.Contains(r.Name, "overlap") {
			if r.Bound == "" {
				t.Errorf("%s: a path or pair report needs a bound", r.File)
			}
		}
		if r.Pack == "" || !slices.Contains([]string{"cooperation", "blocs", "governance", "evidence", "timeline", "analytics"}, r.Pack) {
			t.Errorf("%s: pack %q", r.File, r.Pack)
		}
	}
	if visuals < 8 {
		t.Errorf("%d visuals, want at least 8", visuals)
	}
}

// TestCampRuleCopies: the camp rule is written once, in rules/camp.cypher;
// every report or visual that needs camps holds a verbatim copy of it.
func TestCampRuleCopies(t *testing.T) {
	b, err := os.ReadFile("rules/camp.cypher")
	if err != nil {
		t.Fatal(err)
	}
	rule := strings.TrimRight(string(b), "\n")
	const begin, end = "// camp rule: begin", "// camp rule: end"
	if !strings.HasPrefix(rule, begin) || !strings.HasSuffix(rule, end) {
		t.Fatalf("rules/camp.cypher must start with %q and end with %q", begin, end)
	}
	copies := 0
	files, _ := fs.Glob(os.DirFS("."), "*/*.cypher")
	for _, f := range files {
		if path.Dir(f) == "rules" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for {
			i := strings.Index(text, begin)
			if i < 0 {
				if strings.Contains(text, end) {
					t.Errorf("%s: %q without %q", f, end, begin)
				}
				break
			}
			j := strings.Index(text[i:], end)
			if j < 0 {
				t.Errorf("%s: %q without %q", f, begin, end)
				break
			}
			if got := text[i : i+j+len(end)]; got != rule {
				t.Errorf("%s: the camp rule copy differs from rules/camp.cypher", f)
			}
			copies++
			text = text[i+j+len(end):]
		}
		if strings.Contains(text, "'us-aligned'") && !strings.Contains(string(b), begin) {
			t.Errorf("%s names a camp but holds no copy of the camp rule", f)
		}
	}
	if copies < 7 {
		t.Errorf("%d copies of the camp rule, want one in each report that needs camps", copies)
	}
}

// TestReportPacks seeds the real dataset once and runs every report.
func TestReportPacks(t *testing.T) {
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	ds, err := seed.LoadDir("../seed/data", seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := store.New(db.Driver, db.Target.Database).Load(ctx, ds, store.Options{}); err != nil {
		t.Fatal(err)
	}
	p := &packDB{db: db, reports: map[string]packReport{}, ran: map[string]int{}}
	for _, r := range packFiles(t) {
		p.reports[r.Name] = r
	}

	tested := map[string]bool{} // the subtests a -run pattern let through
	for name, test := range packTests {
		t.Run(name, func(t *testing.T) { tested[name] = true; test(t, p) })
	}
	t.Run("plans", func(t *testing.T) { checkPlans(t, p) })
	t.Run("visuals", func(t *testing.T) { checkVisuals(t, p) })
	t.Run("foreign ties", func(t *testing.T) { checkForeignTies(t, p) })

	for name, r := range p.reports {
		if r.Pack == "analytics" {
			continue // the projections' rows are tested in graph/analytics/project
		}
		if _, ok := packTests[name]; !ok {
			t.Errorf("report %s has no test in packTests", name)
		} else if tested[name] && p.ran[name] < 2 {
			t.Errorf("report %s ran with %d parameter sets, want its defaults and at least one other", name, p.ran[name])
		}
	}
}

// checkForeignTies: a tie someone added by hand, with no evidence lists,
// does not make a report fail; every report still runs with its defaults.
func checkForeignTies(t *testing.T, p *packDB) {
	ctx := context.Background()
	exec := func(q string) {
		t.Helper()
		if _, err := neo4j.ExecuteQuery(ctx, p.db.Driver, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(p.db.Target.Database)); err != nil {
			t.Fatal(err)
		}
	}
	exec(`MATCH (a:Entity {id: 'SG'}), (b:Entity {id: 'LA'}) CREATE (a)-[:COOPERATES_WITH {note: 'added by hand'}]->(b)`)
	defer exec(`MATCH (:Entity {id: 'SG'})-[r:COOPERATES_WITH {note: 'added by hand'}]->(:Entity {id: 'LA'}) DELETE r`)
	for name, r := range p.reports {
		p.ran[name]-- // not one of the parameter sets the report's own test counts
		p.run(t, name, r.defaults(t))
	}
}

// checkPlans: no report plans an AllNodesScan or a CartesianProduct on the
// seeded graph unless its header says why, and the server knows every
// label, type and property it names.
func checkPlans(t *testing.T, p *packDB) {
	unknown := []string{
		"Neo.ClientNotification.Statement.UnknownLabelWarning",
		"Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning",
		"Neo.ClientNotification.Statement.UnknownPropertyKeyWarning",
	}
	for _, r := range p.reports {
		for _, q := range []struct{ file, text string }{{r.File, r.Text}, {r.File + " (visual)", r.Visual}} {
			if q.text == "" {
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			res, err := neo4j.ExecuteQuery(ctx, p.db.Driver, "EXPLAIN "+q.text, r.defaults(t), neo4j.EagerResultTransformer,
				neo4j.ExecuteQueryWithDatabase(p.db.Target.Database), neo4j.ExecuteQueryWithReadersRouting())
			cancel()
			if err != nil {
				t.Errorf("%s: EXPLAIN: %v", q.file, err)
				continue
			}
			for _, n := range res.Summary.Notifications() {
				if slices.Contains(unknown, n.Code()) {
					t.Errorf("%s: %s", q.file, n.Description())
				}
			}
			var ops []string
			var walk func(neo4j.Plan)
			walk = func(pl neo4j.Plan) {
				ops = append(ops, strings.SplitN(pl.Operator(), "@", 2)[0])
				for _, c := range pl.Children() {
					walk(c)
				}
			}
			walk(res.Summary.Plan())
			for _, bad := range []string{"AllNodesScan", "CartesianProduct"} {
				if slices.Contains(ops, bad) && r.Plan == "" {
					t.Errorf("%s: the plan has %s and no `plan:` line says why: %v", q.file, bad, ops)
				}
			}
		}
	}
}

// checkVisuals: every visual runs with its report's defaults, in a read
// transaction, and returns something to draw.
func checkVisuals(t *testing.T, p *packDB) {
	for _, r := range p.reports {
		if r.Visual == "" {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		sess := p.db.Driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: p.db.Target.Database, AccessMode: neo4j.AccessModeRead})
		n, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			res, err := tx.Run(ctx, r.Visual, r.defaults(t))
			if err != nil {
				return nil, err
			}
			recs, err := res.Collect(ctx)
			if err != nil {
				return nil, err
			}
			graphy := 0
			for _, rec := range recs {
				for _, v := range rec.Values {
					switch v.(type) {
					case neo4j.Path, neo4j.Node, neo4j.Relationship:
						graphy++
					}
				}
			}
			return graphy, nil
		})
		sess.Close(ctx)
		cancel()
		if err != nil {
			t.Errorf("%s (visual): %v", r.File, err)
		} else if n.(int) == 0 {
			t.Errorf("%s (visual) returns no path, node or relationship with the defaults", r.File)
		}
	}
}

// packTests holds one test per report. Comments cite the source line of
// each fact asserted (documents by id and line, outside sources by id).
var packTests = map[string]func(*testing.T, *packDB){
	// ---------------------------------------------------------------- cooperation
	"partners": func(t *testing.T, p *packDB) {
		rows := p.run(t, "partners", nil) // SG
		// doc 000 line 209: 两国签署了三份有关网络安全合作的“谅解备忘录” (2021, with the US).
		us := rows.must(t, "SG–US MoU", "partner", "US", "through", "direct", "tie", "MOU_WITH", "years", "2021")
		mustCite(t, us, doc000, "两国签署了三份有关网络安全合作")
		// doc 000 line 71: 与美、英、法等国签署双边网络安全合作备忘录.
		rows.must(t, "SG–FR MoU", "partner", "FR", "through", "direct", "tie", "MOU_WITH")
		// ASEAN founding members (asean-japan-centre-outline): SG and MY.
		rows.must(t, "MY through ASEAN", "partner", "MY", "through", "asean", "tie", "MEMBER_OF & MEMBER_OF")
		// doc 000 line 217: the Monetary Authority of Singapore's MoU with the US Treasury, shown as Singapore's.
		tr := rows.must(t, "MAS–Treasury MoU as Singapore's", "partner", "us-treasury", "agency", "mas-sg", "tie", "MOU_WITH", "partner_state", "US")
		mustCite(t, tr, doc000, "Monetary Authority of Singapore")
		// doc 001 line 1176 proposes closer China–Singapore cooperation: a proposal, not a partner tie.
		rows.mustNot(t, "a proposal counted", "partner", "CN", "through", "direct")
		// The US and China are ASEAN dialogue partners (asean-us-40th-joint-statement, asean-china-overview), not members.
		rows.mustNot(t, "a dialogue partner counted as a member", "partner", "US", "through", "asean")
		rows.mustNot(t, "a dialogue partner counted as a member", "partner", "CN", "through", "asean")
		rows.mustNot(t, "the state as its own partner", "partner", "SG")
		rows.mustNot(t, "an own agency as a partner", "partner", "csa-sg")
		// Timor-Leste joined ASEAN in 2025 (ians-timor-leste-asean-2025).
		rows.must(t, "TL through ASEAN", "partner", "TL", "through", "asean")

		old := p.run(t, "partners", map[string]any{"as_of": 2018})
		old.mustNot(t, "the 2021 MoU before 2021", "partner", "US", "through", "direct", "tie", "MOU_WITH")
		old.must(t, "an undated MoU is always in force", "partner", "FR", "through", "direct")
		old.mustNot(t, "TL before joining ASEAN", "partner", "TL", "through", "asean")

		late := p.run(t, "partners", map[string]any{"as_of": 2022})
		// doc 004 line 1298: Singapore in the GGE from 2019 to 2021 only.
		late.mustNot(t, "a tie that ended in 2021", "through", "un-gge")
		late.must(t, "the 2021 MoU", "partner", "US", "through", "direct", "tie", "MOU_WITH")

		vn := p.run(t, "partners", map[string]any{"state": "VN"})
		vn.must(t, "VN–SG through ASEAN", "partner", "SG", "through", "asean")
		vn.mustNot(t, "the state as its own partner", "partner", "VN")
		// The US is an ASEAN dialogue partner, not a member: no US row through ASEAN for Viet Nam either.
		vn.mustNot(t, "a dialogue partner counted as a member", "partner", "US", "through", "asean")
	},

	"shared-mechanisms": func(t *testing.T, p *packDB) {
		rows := p.run(t, "shared-mechanisms", nil) // SG, CN
		// RCEP: both parties (pna-rcep-eif-2022, portcalls-rcep-ph-2023).
		rows.must(t, "RCEP, both parties", "mechanism", "rcep", "a_tie", "PARTY_TO", "b_tie", "PARTY_TO", "member", "true")
		// China is an ASEAN dialogue partner (asean-china-overview): shared, but not as members.
		rows.must(t, "ASEAN with China as dialogue partner", "mechanism", "asean", "b_status", "dialogue_partner", "member", "false")
		rows.mustNot(t, "a dialogue partner counted as a member", "mechanism", "asean", "member", "true")
		// doc 001 line 555: China applied to join CPTPP: not a member.
		rows.must(t, "CPTPP with China as applicant", "mechanism", "cptpp", "b_status", "applicant", "member", "false")
		rows.mustNot(t, "an applicant counted as a member", "mechanism", "cptpp", "member", "true")
		// doc 002 line 7 and 11: Singapore took part in the first China–ASEAN Cyberspace Forum, which the CAC co-initiated.
		f := rows.must(t, "the forum through China's CAC", "mechanism", "china-asean-cyberspace-forum", "a_via", "SG", "b_via", "cac-cn", "b_tie", "INITIATED")
		mustCite(t, f, doc002, "首屆網路空間論壇")
		// doc 001 line 396: the Shenzhen–Singapore smart-city initiative, through both sides' agencies.
		rows.must(t, "agencies on both sides", "mechanism", "shenzhen-singapore-smart-city-initiative", "a_via", "mci-sg", "b_via", "shenzhen-government")

		old := p.run(t, "shared-mechanisms", map[string]any{"as_of": 2019})
		old.mustNot(t, "RCEP before its signature in 2020", "mechanism", "rcep")
		old.must(t, "APEC since 1989/1991", "mechanism", "apec", "a_tie", "MEMBER_OF", "b_tie", "MEMBER_OF", "member", "true")

		us := p.run(t, "shared-mechanisms", map[string]any{"b": "US"})
		// IPEF founding members (steptoe-ipef-launch-2022).
		us.must(t, "IPEF", "mechanism", "ipef", "member", "true")
		us.mustNot(t, "China's forum is not shared with the US", "mechanism", "china-asean-cyberspace-forum")
	},

	"co-membership-pairs": func(t *testing.T, p *packDB) {
		rows := p.run(t, "co-membership-pairs", nil)
		if len(rows) != 25 {
			t.Errorf("%d pairs with the default limit, want 25", len(rows))
		}
		// Five Eyes, AUKUS and the Quad all hold Australia and the US (five-eyes-wikipedia-mirror, aukus-indiatv-2021, doc 001 line 915).
		au := rows.must(t, "AU–US", "a", "AU", "b", "US")
		includes(t, "AU–US mechanisms", strs(au["mechanisms"]), "aukus", "five-eyes", "quad")
		if n, _ := au["shared"].(int64); int(n) != len(strs(au["mechanisms"])) {
			t.Errorf("AU–US shared = %v, but %d mechanisms", au["shared"], len(strs(au["mechanisms"])))
		}
		rows.every(t, "a < b, no self pair", func(r row) bool { return txt(r["a"]) < txt(r["b"]) })

		all := p.run(t, "co-membership-pairs", map[string]any{"limit": 500})
		if len(all) != 200 {
			t.Errorf("a limit of 500 gave %d rows, want the cap of 200", len(all))
		}
		// Both are ASEAN dialogue partners: that is no shared membership.
		if cu := all.find("a", "CN", "b", "US"); len(cu) > 0 {
			excludes(t, "CN–US mechanisms", strs(cu[0]["mechanisms"]), "asean")
		}
		// Malaysia and Thailand are BRICS partner countries, not members (brics-seasia-2025).
		if mt := all.find("a", "MY", "b", "TH"); len(mt) > 0 {
			excludes(t, "MY–TH mechanisms", strs(mt[0]["mechanisms"]), "brics")
		} else {
			t.Error("no MY–TH pair (both ASEAN, APEC, IPEF, RCEP members)")
		}

		memb := p.run(t, "co-membership-pairs", map[string]any{"participation": false, "limit": 200})
		// doc 004 line 111: Australia took part in the UN processes (GGE, OEWG): participation, not membership.
		if ag := memb.find("a", "AU", "b", "GB"); len(ag) > 0 {
			excludes(t, "AU–GB memberships", strs(ag[0]["mechanisms"]), "un-gge", "un-oewg")
		}
		if ag := all.find("a", "AU", "b", "GB"); len(ag) > 0 {
			includes(t, "AU–GB with participation", strs(ag[0]["mechanisms"]), "un-gge")
		}

		old := p.run(t, "co-membership-pairs", map[string]any{"as_of": 2000, "limit": 200})
		if au := old.find("a", "AU", "b", "US"); len(au) > 0 {
			// AUKUS 2021, the Quad 2007, IPEF 2022: none in force in 2000.
			excludes(t, "AU–US in 2000", strs(au[0]["mechanisms"]), "aukus", "quad", "ipef")
			includes(t, "AU–US in 2000", strs(au[0]["mechanisms"]), "five-eyes")
		} else {
			t.Error("no AU–US pair in 2000 (Five Eyes since 1956)")
		}
	},

	"shortest-chains": func(t *testing.T, p *packDB) {
		rows := p.run(t, "shortest-chains", nil) // SG, CN
		if len(rows) == 0 || len(rows) > 25 {
			t.Fatalf("%d chains, want 1..25", len(rows))
		}
		// The only direct SG–CN tie is a proposal (doc 001 line 1176): no one-step chain.
		rows.every(t, "two steps, never the proposed direct tie", func(r row) bool { return txt(r["hops"]) == "2" })
		// RCEP (pna-rcep-eif-2022): both parties.
		rows.must(t, "through RCEP", "chain", "SG -PARTY_TO-> rcep <-PARTY_TO- CN")
		// China only applied to CPTPP and DEPA (doc 001 line 555): applying is no link.
		rows.mustNot(t, "an application as a link", "chain", "SG -PARTY_TO-> cptpp <-PARTY_TO- CN")
		rows.every(t, "chains run from a to b", func(r row) bool {
			n := strs(r["nodes"])
			return len(n) == len(strs(r["ties"]))+1 && n[0] == "SG" && n[len(n)-1] == "CN"
		})

		old := p.run(t, "shortest-chains", map[string]any{"as_of": 2010})
		old.mustNot(t, "RCEP before 2020", "chain", "SG -PARTY_TO-> rcep <-PARTY_TO- CN")
		old.must(t, "APEC", "chain", "SG -MEMBER_OF-> apec <-MEMBER_OF- CN")

		tl := p.run(t, "shortest-chains", map[string]any{"a": "TL", "b": "US"})
		tl.must(t, "TL joined ASEAN in 2025; the US is a dialogue partner", "chain", "TL -MEMBER_OF-> asean <-MEMBER_OF- US")
		tl20 := p.run(t, "shortest-chains", map[string]any{"a": "TL", "b": "US", "as_of": 2020})
		tl20.every(t, "no ASEAN membership of TL before 2025", func(r row) bool {
			return !strings.HasPrefix(txt(r["chain"]), "TL -MEMBER_OF-> asean")
		})
	},

	"participants": func(t *testing.T, p *packDB) {
		rows := p.run(t, "participants", nil) // rcep
		// pna-rcep-eif-2022 and portcalls-rcep-ph-2023: the Philippines ratified in 2023.
		ph := rows.must(t, "PH party", "participant", "PH", "tie", "PARTY_TO", "status", "party", "member", "true", "signed", "2020", "since", "2023")
		mustCite(t, ph, "portcalls-rcep-ph-2023", "")
		// cnn-ph-myanmar-rcep-2022: Myanmar signed; its ratification was rejected.
		rows.must(t, "MM signatory", "participant", "MM", "status", "signatory")
		if len(rows.find("member", "true")) != 15 {
			t.Errorf("RCEP has %d members, want 15: %s", len(rows.find("member", "true")), brief(rows))
		}

		cp := p.run(t, "participants", map[string]any{"mechanism": "cptpp", "as_of": 2022})
		// doc 001 line 555: China applied (in 2021); the UK signed in 2023 (logisticsmanager-uk-cptpp-2024).
		cp.must(t, "CN applicant", "participant", "CN", "status", "applicant", "member", "false")
		p.run(t, "participants", map[string]any{"mechanism": "cptpp", "as_of": 2020}).mustNot(t, "China before applying", "participant", "CN")
		cp.mustNot(t, "the UK before signing in 2023", "participant", "GB")
		cp.must(t, "VN signed 2018", "participant", "VN", "member", "true")

		as := p.run(t, "participants", map[string]any{"mechanism": "asean"})
		as.must(t, "a founding member", "participant", "SG", "status", "founding", "member", "true")
		as.must(t, "a dialogue partner, kept but not a member", "participant", "US", "status", "dialogue_partner", "member", "false")
		as.mustNot(t, "a dialogue partner counted as a member", "participant", "US", "member", "true")
		as20 := p.run(t, "participants", map[string]any{"mechanism": "asean", "as_of": 2020})
		as20.mustNot(t, "Timor-Leste before 2025", "participant", "TL")
		as20.mustNot(t, "the UK before becoming a dialogue partner in 2021", "participant", "GB")
	},

	"mechanism-profile": func(t *testing.T, p *packDB) {
		rows := p.run(t, "mechanism-profile", nil) // china-asean-cyberspace-forum
		// doc 002 line 11: 在中國—東盟博覽會期間舉辦的首屆網路空間論壇 (CAC and Guangxi).
		rows.must(t, "initiated by the CAC", "relation", "initiated by", "actor", "cac-cn")
		rows.must(t, "initiated by Guangxi", "relation", "initiated by", "actor", "guangxi-government")
		// doc 002 line 7: the forum opened in Nanning.
		rows.must(t, "hosted by China", "relation", "hosted by", "actor", "CN")
		rows.must(t, "part of the Expo", "relation", "part of", "actor", "china-asean-expo")
		rows.must(t, "Singapore took part", "relation", "participant", "actor", "SG")
		rows.must(t, "aimed at ASEAN", "relation", "targets", "actor", "asean")
		rows.mustNot(t, "China itself did not initiate it", "relation", "initiated by", "actor", "CN")
		rows.mustNot(t, "a forum without members has no member rows", "relation", "member")

		dsr := p.run(t, "mechanism-profile", map[string]any{"mechanism": "digital-silk-road"})
		// doc 003 line 972: the Information Harbour under the Digital Silk Road; doc 001 line 860: rival alternatives.
		dsr.must(t, "its part", "relation", "has part", "actor", "china-asean-information-harbour")
		dsr.must(t, "a rival", "relation", "rivals", "actor", "dccp")
		dsr.must(t, "initiated by China", "relation", "initiated by", "actor", "CN")
		dsr.must(t, "part of the BRI", "relation", "part of", "actor", "bri")

		// doc 002 line 15: 傅聰提出四點建議: every tie of the four proposals is a proposal (see proposals).
		fp := p.run(t, "mechanism-profile", map[string]any{"mechanism": "china-asean-cyber-four-point-proposal-2014"})
		if len(fp) != 0 {
			t.Errorf("the profile of a proposal shows proposed ties: %s", brief(fp))
		}

		qd := p.run(t, "mechanism-profile", map[string]any{"mechanism": "quad", "as_of": 2006})
		qd.mustNot(t, "Quad members before 2007", "relation", "member")
	},

	"funding-and-capacity": func(t *testing.T, p *packDB) {
		rows := p.run(t, "funding-and-capacity", nil)
		// doc 000 line 71: 推出东盟网络能力计划，帮助成员国进行网络空间治理 (Singapore, 2016).
		sg := rows.must(t, "SG builds capacity for ASEAN", "giver", "SG", "tie", "BUILDS_CAPACITY", "recipient", "asean")
		mustCite(t, sg, doc000, "推出东盟网络能力计划")
		// doc 002 line 31: CNCERT trains ASEAN technicians; shown with its state.
		rows.must(t, "CNCERT, China's", "giver", "cncert", "giver_state", "CN", "recipient", "asean")
		// doc 004 line 1356: Singapore's USD 30 million for the ASEAN-Singapore centre.
		rows.must(t, "SG funds the centre", "giver", "SG", "tie", "FUNDS", "recipient", "asean-singapore-cybersecurity-coe", "years", "2019")
		// doc 000 line 237 and 235 propose Chinese capacity building for Indonesia and funding of APCERT.
		rows.mustNot(t, "a proposal", "giver", "CN", "recipient", "ID")
		rows.mustNot(t, "a proposal", "giver", "CN", "recipient", "apcert")
		rows.mustNot(t, "wrong direction", "giver", "asean", "recipient", "SG")

		cn := p.run(t, "funding-and-capacity", map[string]any{"actor": "CN"})
		cn.must(t, "the state's agency", "giver", "cncert")
		cn.mustNot(t, "another state's tie", "giver", "SG")
		cn.every(t, "CN on every row", func(r row) bool {
			return slices.Contains([]string{txt(r["giver"]), txt(r["recipient"]), txt(r["giver_state"]), txt(r["recipient_state"])}, "CN")
		})

		old := p.run(t, "funding-and-capacity", map[string]any{"as_of": 2010})
		old.mustNot(t, "SG's programme began in 2016", "giver", "SG", "recipient", "asean")
		old.must(t, "CNCERT since 2007", "giver", "cncert", "recipient", "asean")
	},

	"cooperation-by-year": func(t *testing.T, p *packDB) {
		rows := p.run(t, "cooperation-by-year", nil) // 2014–2025
		// doc 002 line 7: the first China–ASEAN Cyberspace Forum, 2014.
		rows.must(t, "2014 forum", "year", "2014", "from_id", "CN", "tie", "HOSTS", "to_id", "china-asean-cyberspace-forum")
		// doc 000 line 209: 2021 MoUs of Singapore and the US.
		rows.must(t, "2021 MoU", "year", "2021", "from_id", "SG", "tie", "MOU_WITH", "to_id", "US")
		// RCEP signed in 2020 (portcalls-rcep-ph-2023): placed at its signature.
		rows.must(t, "RCEP signed 2020", "year", "2020", "from_id", "SG", "tie", "PARTY_TO", "to_id", "rcep")
		rows.every(t, "years within 2014–2025", func(r row) bool { y, _ := r["year"].(int64); return y >= 2014 && y <= 2025 })
		rows.mustNot(t, "an undated MoU has no year", "from_id", "SG", "tie", "MOU_WITH", "to_id", "FR")
		// doc 004 line 1397: CSA's supply-chain programme of 2021 is announced, a proposal.
		rows.mustNot(t, "a proposal", "from_id", "csa-sg", "to_id", "sg-cii-supply-chain-programme")

		us := p.run(t, "cooperation-by-year", map[string]any{"from": 2006, "to": 2006, "actor": "US"})
		// bc-usembassy-2006: the US joined the Budapest Convention in 2006.
		us.must(t, "US Budapest 2006", "from_id", "US", "tie", "PARTY_TO", "to_id", "budapest-convention")
		us.every(t, "only 2006, only the US", func(r row) bool {
			return txt(r["year"]) == "2006" && (txt(r["from_id"]) == "US" || txt(r["to_id"]) == "US")
		})
	},

	"companies": func(t *testing.T, p *packDB) {
		rows := p.run(t, "companies", nil)
		// doc 001 line 294: 2022 年华为在印尼开设了华为云数据中心.
		rows.must(t, "Huawei's Indonesian data centre", "company", "huawei", "tie", "BUILT", "target", "huawei-cloud-indonesia-data-centre", "years", "2022")
		// doc 001 line 374: Tencent and the Jakarta government built the smart-city network.
		j := rows.must(t, "Tencent in Jakarta", "company", "tencent", "tie", "BUILT", "target", "jakarta-smart-city-network")
		wantSet(t, "with", strs(j["with"]), "jakarta-government")
		wantSet(t, "where", strs(j["where"]), "ID")
		// doc 000 line 159: the Malaysian 5G security lab is announced to be built: a proposal.
		rows.mustNot(t, "a proposed build", "company", "huawei", "target", "my-5g-cybersecurity-test-lab")
		// doc 001 line 284: Alibaba Cloud, part of Alibaba, set up in Singapore in 2015.
		rows.must(t, "parent named", "company", "alibaba-cloud", "parent", "alibaba", "tie", "OPERATES_IN", "target", "SG")

		sg := p.run(t, "companies", map[string]any{"state": "SG"})
		// doc 001 line 402: China Telecom's smart communities with Singapore's IMDA.
		ct := sg.must(t, "China Telecom's projects", "company", "china-telecom", "tie", "BUILT", "target", "china-telecom-sg-smart-communities")
		wantSet(t, "where", strs(ct["where"]), "SG")
		sg.mustNot(t, "another state's project", "target", "huawei-cloud-indonesia-data-centre")
		sg.every(t, "about SG", func(r row) bool { return slices.Contains(strs(r["where"]), "SG") })

		al := p.run(t, "companies", map[string]any{"company": "alibaba", "as_of": 2014})
		al.mustNot(t, "Alibaba Cloud in Singapore from 2015", "company", "alibaba-cloud", "target", "SG")
		al.every(t, "Alibaba and its parts", func(r row) bool { return txt(r["company"]) == "alibaba" || txt(r["parent"]) == "alibaba" })
	},

	// ---------------------------------------------------------------- blocs
	"bloc-members": func(t *testing.T, p *packDB) {
		rows := p.run(t, "bloc-members", nil) // us-aligned
		// doc 001 lines 915–917 and quad-wiki-mirror-clateway: the Quad of Australia, India, Japan and the US.
		for _, m := range []string{"US", "JP", "IN", "AU"} {
			rows.must(t, "Quad member", "mechanism", "quad", "member", m, "is_member", "true")
		}
		// aukus-indiatv-2021.
		rows.must(t, "AUKUS", "mechanism", "aukus", "member", "GB", "is_member", "true")
		rows.mustNot(t, "a China-led bloc", "mechanism", "brics")
		rows.mustNot(t, "an EU initiative no US tie stands behind", "mechanism", "global-gateway")
		rows.mustNot(t, "ASEAN is not US-aligned", "mechanism", "asean")

		cn := p.run(t, "bloc-members", map[string]any{"camp": "china-led"})
		// brics-sputnik-indonesia-2025: Indonesia a full member; brics-seasia-2025: Malaysia a partner country.
		cn.must(t, "ID full member", "mechanism", "brics", "member", "ID", "is_member", "true")
		cn.must(t, "MY partner country", "mechanism", "brics", "member", "MY", "is_member", "false")
		cn.mustNot(t, "a partner country counted as a member", "mechanism", "brics", "member", "MY", "is_member", "true")
		// sco-tass-laos-2025: Laos a partner (dialogue partner) of the SCO.
		cn.must(t, "LA SCO partner", "mechanism", "sco", "member", "LA", "is_member", "false")
		cn.mustNot(t, "a US-aligned bloc", "mechanism", "quad")

		old := p.run(t, "bloc-members", map[string]any{"as_of": 2000})
		old.mustNot(t, "AUKUS members before 2021", "mechanism", "aukus", "member", "US")
		old.must(t, "Five Eyes since 1946", "mechanism", "five-eyes", "member", "US")
	},

	"camp-memberships": func(t *testing.T, p *packDB) {
		rows := p.run(t, "camp-memberships", nil)
		us := rows.must(t, "the US", "state", "US")
		includes(t, "US-aligned mechanisms of the US", strs(us["us_mechanisms"]), "quad", "five-eyes", "aukus")
		cn := rows.must(t, "China", "state", "CN")
		includes(t, "China-led mechanisms of China", strs(cn["china_mechanisms"]), "brics", "sco")
		// China is only a dialogue partner of ASEAN (asean-china-overview).
		excludes(t, "ASEAN-centred mechanisms of China", strs(cn["asean_mechanisms"]), "asean")
		my := rows.must(t, "Malaysia", "state", "MY")
		// brics-seasia-2025: a BRICS partner country is not a member.
		excludes(t, "China-led mechanisms of Malaysia", strs(my["china_mechanisms"]), "brics")
		includes(t, "ASEAN-centred mechanisms of Malaysia", strs(my["asean_mechanisms"]), "asean")
		rows.every(t, "the alignment index is (US − CN)/(US + CN)", func(r row) bool {
			u, c := float64(len(strs(r["us_mechanisms"]))), float64(len(strs(r["china_mechanisms"])))
			if u+c == 0 {
				return r["alignment"] == nil
			}
			a, _ := r["alignment"].(float64)
			return math.Abs(a-(u-c)/(u+c)) < 1e-9 && txt(r["us_aligned"]) == strconv.Itoa(int(u))
		})

		id := p.run(t, "camp-memberships", map[string]any{"state": "ID", "as_of": 2024})
		if len(id) != 1 {
			t.Fatalf("state ID gave %d rows", len(id))
		}
		// Indonesia joined BRICS in 2025 (brics-dailysabah-2025).
		excludes(t, "China-led mechanisms of Indonesia in 2024", strs(id[0]["china_mechanisms"]), "brics")
		idNow := p.run(t, "camp-memberships", map[string]any{"state": "ID"})
		includes(t, "China-led mechanisms of Indonesia", strs(idNow[0]["china_mechanisms"]), "brics")
	},

	"hedgers": func(t *testing.T, p *packDB) {
		rows := p.run(t, "hedgers", nil)
		// India: the Quad (doc 001 line 915) and BRICS and the SCO (brics-business-standard-2025, sco-gyaankosh).
		in := rows.must(t, "India", "state", "IN")
		includes(t, "India's US-aligned", strs(in["us_aligned"]), "quad")
		includes(t, "India's China-led", strs(in["china_led"]), "brics", "sco")
		// Singapore: APEC and IPEF, and the China–ASEAN Cyberspace Forum the CAC initiated (doc 002 line 11).
		sg := rows.must(t, "Singapore", "state", "SG")
		wantSet(t, "Singapore's China-led", strs(sg["china_led"]), "china-asean-cyberspace-forum")
		rows.mustNot(t, "the US is in one camp only", "state", "US")
		rows.mustNot(t, "Australia is in one camp only", "state", "AU")
		if my := rows.find("state", "MY"); len(my) > 0 {
			excludes(t, "Malaysia's China-led", strs(my[0]["china_led"]), "brics") // a partner country only
		}
		ru := rows.must(t, "Russia (G8 1997–2014)", "state", "RU")
		includes(t, "Russia's US-aligned", strs(ru["us_aligned"]), "g7")

		now := p.run(t, "hedgers", map[string]any{"as_of": 2020})
		if ru := now.find("state", "RU"); len(ru) > 0 {
			excludes(t, "Russia's US-aligned in 2020", strs(ru[0]["us_aligned"]), "g7") // suspended 2014 (g7-chinmaya-ias)
		}
		if in := now.find("state", "IN"); len(in) > 0 {
			excludes(t, "India's US-aligned in 2020", strs(in[0]["us_aligned"]), "ipef") // IPEF 2022
		}
		if id := now.find("state", "ID"); len(id) > 0 {
			excludes(t, "Indonesia's China-led in 2020", strs(id[0]["china_led"]), "brics") // joined 2025 (brics-dailysabah-2025)
		}
	},

	"bloc-overlap": func(t *testing.T, p *packDB) {
		rows := p.run(t, "bloc-overlap", nil) // Bloc
		ak := rows.must(t, "AUKUS and Five Eyes", "a", "aukus", "b", "five-eyes", "shared", "3")
		wantSet(t, "AUKUS ∩ Five Eyes", strs(ak["members"]), "AU", "GB", "US")
		bq := rows.must(t, "BRICS and the Quad share India", "a", "brics", "b", "quad")
		wantSet(t, "BRICS ∩ Quad", strs(bq["members"]), "IN")
		wantSet(t, "BRICS camps", strs(bq["a_camps"]), "china-led")
		wantSet(t, "Quad camps", strs(bq["b_camps"]), "us-aligned")
		rows.must(t, "BRICS and G7 share Russia (G8 1997–2014)", "a", "brics", "b", "g7")
		rows.every(t, "blocs only, a < b", func(r row) bool { return txt(r["a"]) < txt(r["b"]) })

		now := p.run(t, "bloc-overlap", map[string]any{"as_of": 2020})
		now.mustNot(t, "Russia left the G8 in 2014", "a", "brics", "b", "g7")
		now.must(t, "BRICS and the Quad", "a", "brics", "b", "quad")
		early := p.run(t, "bloc-overlap", map[string]any{"as_of": 2015})
		early.mustNot(t, "AUKUS dates from 2021 (aukus-indiatv-2021)", "a", "aukus")
		early.must(t, "Five Eyes and the G7", "a", "five-eyes", "b", "g7")

		org := p.run(t, "bloc-overlap", map[string]any{"kind": "Organisation", "limit": 5})
		if len(org) > 5 {
			t.Errorf("limit 5 gave %d rows", len(org))
		}
		orgAll := p.run(t, "bloc-overlap", map[string]any{"kind": "Organisation", "limit": 200})
		// Cambodia, Laos and Myanmar are SCO dialogue partners (sco-gyaankosh): no shared members.
		orgAll.mustNot(t, "dialogue partners as members", "a", "asean", "b", "sco")
		orgAll.must(t, "NATO and its Tallinn centre", "a", "nato", "b", "nato-ccdcoe")
	},

	"china-asean-rivals": func(t *testing.T, p *packDB) {
		rows := p.run(t, "china-asean-rivals", nil)
		// doc 003 line 972: the Information Harbour under the Digital Silk Road; doc 001 line 860: 美国等西方国家推出数字“一带一路”替代方案.
		for _, rival := range []string{"dccp", "b3w", "pgii", "usascp", "global-gateway"} {
			r := rows.must(t, "a rival of the Digital Silk Road", "mechanism", "china-asean-information-harbour", "rival", rival,
				"rivalry_with", "digital-silk-road", "domain", "digital infrastructure")
			mustCite(t, r, doc001, "替代方案")
		}
		rows.must(t, "rival camps", "rival", "b3w", "rival_camps", "[us-aligned]")
		// doc 001: the US itself set against the Digital Silk Road is a state, not a rival initiative.
		rows.mustNot(t, "a state as rival initiative", "rival", "US")
		rows.mustNot(t, "the Digital Silk Road is not a China–ASEAN mechanism", "mechanism", "digital-silk-road")
		rows.every(t, "China-led", func(r row) bool { return slices.Contains(strs(r["camps"]), "china-led") })

		none := p.run(t, "china-asean-rivals", map[string]any{"domain": "semiconductor"})
		if len(none) != 0 {
			t.Errorf("no rivalry in semiconductors, got %s", brief(none))
		}
		infra := p.run(t, "china-asean-rivals", map[string]any{"domain": "INFRASTRUCTURE", "as_of": 2022})
		if len(infra) != len(rows) {
			t.Errorf("the domain filter is case-insensitive: %d rows, want %d", len(infra), len(rows))
		}
	},

	"rivalries": func(t *testing.T, p *packDB) {
		rows := p.run(t, "rivalries", nil)
		// doc 003 line 1078: 但中日之间的竞争客观存在 (CNCERT and JPCERT).
		c := rows.must(t, "CNCERT–JPCERT", "a", "cncert", "a_state", "CN", "b", "jpcert", "b_state", "JP")
		mustCite(t, c, doc003, "中日之间的竞争")
		// doc 000, 001, 003: the US–China rivalry.
		rows.must(t, "US–CN", "a", "US", "a_camps", "[us-aligned]", "b", "CN", "b_camps", "[china-led]")

		cn := p.run(t, "rivalries", map[string]any{"actor": "CN"})
		cn.must(t, "the agency's rivalry", "a", "cncert")
		cn.must(t, "Japan–China", "a", "JP", "b", "CN")
		// doc 004: Ukraine and Russia.
		cn.mustNot(t, "a rivalry without China", "a", "UA", "b", "RU")

		// doc 001 lines 917 and 921: the Quad's technology working group (2021) and IPEF (2022)
		// compete with China from their launch; the other rivalries are undated, always in force.
		old := p.run(t, "rivalries", map[string]any{"as_of": 1990})
		if len(old) != len(rows)-2 {
			t.Errorf("as of 1990: %d rows, want the %d undated of %d", len(old), len(rows)-2, len(rows))
		}
		for _, r := range old {
			if txt(r["a"]) == "ipef" || txt(r["b"]) == "ipef" || txt(r["a"]) == "quad-cet-working-group" || txt(r["b"]) == "quad-cet-working-group" {
				t.Errorf("a rivalry before its launch: %v", r)
			}
		}
		p.run(t, "rivalries", map[string]any{"as_of": 2023}).must(t, "IPEF as of 2023", "a", "ipef")
	},

	"camps": func(t *testing.T, p *packDB) {
		rows := p.run(t, "camps", nil)
		// gac-apec-history: the US a founding member of APEC.
		apec := rows.must(t, "APEC", "mechanism", "apec", "camps", "[us-aligned]")
		includes(t, "APEC backers", strs(apec["backers"]), "US founded apec")
		// doc 002 line 11: the CAC, an agency of China, initiated the forum.
		f := rows.must(t, "the forum", "mechanism", "china-asean-cyberspace-forum", "camps", "[china-led]")
		includes(t, "forum backers", strs(f["backers"]), "cac-cn initiated china-asean-cyberspace-forum")
		m := rows.must(t, "an ASEAN body", "mechanism", "asean-ministerial-conference-cybersecurity", "camps", "[asean-centred]")
		wantSet(t, "part of", strs(m["part_of"]), "asean")
		rows.must(t, "a UN process", "mechanism", "un-oewg", "camps", "[multilateral]")
		// doc 002: China's CERT cooperation through APCERT and FIRST is only proposed.
		rows.mustNot(t, "camps from proposals", "mechanism", "china-asean-cert-cooperation")
		rows.mustNot(t, "no anchor behind the EU's initiative", "mechanism", "global-gateway")

		ml := p.run(t, "camps", map[string]any{"camp": "multilateral"})
		ml.every(t, "multilateral", func(r row) bool { return slices.Contains(strs(r["camps"]), "multilateral") })
		ml.mustNot(t, "a US-aligned bloc", "mechanism", "quad")
	},

	// ---------------------------------------------------------------- governance
	"governance-tiers": func(t *testing.T, p *packDB) {
		rows := p.run(t, "governance-tiers", nil) // asean
		const wh, gci = "Wei & Hao 2023 governance tier", "ITU GCI 2024 tier"
		// doc 000 line 7: 新加坡、马来西亚为…“体系完善群体”; 印度尼西亚、泰国、越南、菲律宾和文莱为“体系欠缺群体”; 缅甸、老挝和柬埔寨为“体系落后群体”.
		want := map[string][]string{
			"tier-weihao2023-advanced":  {"SG", "MY"},
			"tier-weihao2023-deficient": {"ID", "TH", "VN", "PH", "BN"},
			"tier-weihao2023-lagging":   {"MM", "LA", "KH"},
			// gci2024-baolongan: Indonesia, Thailand, Malaysia, Singapore and Viet Nam in Tier 1; gci2024-pna-philippines: the Philippines in Tier 2.
			"tier-itu-gci2024-1": {"ID", "TH", "MY", "SG", "VN"},
			"tier-itu-gci2024-2": {"PH"},
		}
		for tier, states := range want {
			var got []string
			for _, r := range rows.find("tier", tier) {
				got = append(got, txt(r["state"]))
			}
			wantSet(t, tier, got, states...)
		}
		rows.every(t, "each scheme kept apart", func(r row) bool {
			tier := txt(r["tier"])
			return (strings.HasPrefix(tier, "tier-weihao2023") && txt(r["scheme"]) == wh && txt(r["scheme_year"]) == "2023" && slices.Equal(strs(r["scheme_sources"]), []string{doc000})) ||
				(strings.HasPrefix(tier, "tier-itu") && txt(r["scheme"]) == gci && txt(r["scheme_year"]) == "2024")
		})
		rows.mustNot(t, "a dialogue partner listed as ASEAN state", "state", "CN")
		rows.mustNot(t, "Timor-Leste is placed by neither scheme", "state", "TL")
		sg := rows.must(t, "Singapore's laws", "state", "SG", "scheme", wh)
		includes(t, "Singapore's laws", strs(sg["laws"]), "sg-cybersecurity-act (2018)")
		includes(t, "Singapore's agencies", strs(sg["agencies"]), "csa-sg")
		la := rows.must(t, "Laos", "state", "LA")
		// doc 000 line 139: Laos's cybersecurity law is still being drafted.
		for _, l := range strs(la["laws"]) {
			if strings.HasPrefix(l, "la-cybersecurity-law") {
				t.Errorf("a draft law listed as enacted: %v", la["laws"])
			}
		}

		itu := p.run(t, "governance-tiers", map[string]any{"scheme": "itu"})
		itu.every(t, "ITU only", func(r row) bool { return txt(r["scheme"]) == gci })
		if len(itu) != 6 {
			t.Errorf("%d ITU placements of ASEAN states, want 6", len(itu))
		}
		// Each scheme grades states as of its year: Wei & Hao's groups 2023 (doc 000 line 11), the index 2024.
		old := p.run(t, "governance-tiers", map[string]any{"as_of": 2023})
		old.mustNot(t, "the 2024 index before 2024", "scheme", gci)
		old.must(t, "Wei & Hao's 2023 groups", "state", "VN", "tier", "tier-weihao2023-deficient")
		if before := p.run(t, "governance-tiers", map[string]any{"as_of": 2020}); len(before.find("scheme", wh)) != 0 {
			t.Errorf("Wei & Hao's groups before 2023: %s", brief(before))
		}
	},

	"state-agencies": func(t *testing.T, p *packDB) {
		rows := p.run(t, "state-agencies", nil) // VN
		// doc 000 line 87: 信息和通信部负责国家网络安全，公安部负责打击网络犯罪，国防部负责网络防御.
		for agency, domain := range map[string]string{"mic-vn": "cybersecurity", "mps-vn": "cybercrime", "mnd-vn": "cyber defence"} {
			r := rows.must(t, "remit", "agency", agency, "domain", domain)
			mustCite(t, r, doc000, "信息和通信部负责国家网络安全")
		}
		// doc 000 line 87: VNCERT under the Ministry of Information and Communications.
		v := rows.must(t, "VNCERT", "agency", "vncert", "category", "CERT")
		wantSet(t, "VNCERT under", strs(v["under"]), "mic-vn")
		rows.mustNot(t, "another state's agency", "agency", "cncert")

		la := p.run(t, "state-agencies", map[string]any{"state": "LA", "as_of": 2019})
		// doc 000 line 129: the ministry was upgraded in 2021 to the Ministry of Technology and Communications.
		la.mustNot(t, "the ministry before 2021", "agency", "mtc-la")
		la.must(t, "the ministry of posts until 2021", "agency", "mpt-la")
		la.mustNot(t, "a proposed committee", "agency", "la-cybersecurity-steering-committee")
		la22 := p.run(t, "state-agencies", map[string]any{"state": "LA", "as_of": 2022})
		la22.must(t, "the upgraded ministry", "agency", "mtc-la")
		la22.mustNot(t, "the ministry of posts after 2021", "agency", "mpt-la")
	},

	"laws-and-strategies": func(t *testing.T, p *packDB) {
		rows := p.run(t, "laws-and-strategies", nil) // VN
		// doc 000 line 97: 《信息技术法》《网络信息安全法》《网络安全法》.
		set := rows.set("item")
		wantSet(t, "Viet Nam's laws and strategies", setKeys(set), "vn-cybersecurity-law", "vn-it-law", "vn-network-information-security-law")
		rows.must(t, "the 2018 law", "item", "vn-cybersecurity-law", "year", "2018", "tie", "ENACTED")

		la := p.run(t, "laws-and-strategies", map[string]any{"state": "LA"})
		// doc 000 line 139 and 129: the cybersecurity law and the national cybersecurity strategy are still being prepared.
		la.mustNot(t, "a draft law", "item", "la-cybersecurity-law")
		la.mustNot(t, "a proposed strategy", "item", "la-national-cybersecurity-strategy")
		la.must(t, "the 2015 cybercrime law", "item", "la-cybercrime-law", "year", "2015")
		la.must(t, "the ICT strategy through the ministry", "item", "la-national-ict-strategy-2016-2025", "by", "mpt-la")
		la14 := p.run(t, "laws-and-strategies", map[string]any{"state": "LA", "as_of": 2014})
		la14.mustNot(t, "the 2015 law in 2014", "item", "la-cybercrime-law")

		sg := p.run(t, "laws-and-strategies", map[string]any{"state": "SG"})
		// doc 000 line 159: 2020年新加坡网络安全局发布《新加坡更安全的网络空间总体规划（2020）》.
		sg.must(t, "the agency's masterplan", "item", "sg-safer-cyberspace-masterplan", "by", "csa-sg", "year", "2020")
	},

	"governance-gaps": func(t *testing.T, p *packDB) {
		rows := p.run(t, "governance-gaps", nil) // asean
		lacks := func(rs rowSet, st string) []string {
			r := rs.find("state", st)
			if len(r) != 1 {
				t.Fatalf("state %s: %d rows", st, len(r))
			}
			return strs(r[0]["lacks"])
		}
		// doc 000 line 97: 印尼…没有具体的《网络安全法》，《个人数据保护法》还在起草阶段.
		includes(t, "Indonesia lacks", lacks(rows, "ID"), "cybersecurity law", "personal-data law")
		// doc 000 line 123: 越南还未制定《网络安全战略》; it has its 2018 law and VNCERT (line 87).
		wantSet(t, "Viet Nam lacks", lacks(rows, "VN"), "personal-data law", "national strategy")
		// doc 000 line 139: Laos's cybersecurity law is being drafted; its data protection law exists.
		la := lacks(rows, "LA")
		includes(t, "Laos lacks", la, "cybersecurity law")
		excludes(t, "Laos lacks", la, "personal-data law")
		// doc 000 line 97: Thailand's 计算机相关犯罪法案, 网络安全法 and 个人数据保护法 in force.
		excludes(t, "Thailand lacks", lacks(rows, "TH"), "cybersecurity law", "personal-data law")
		rows.mustNot(t, "a dialogue partner checked as a member", "state", "CN")
		if len(rows) != 11 {
			t.Errorf("%d ASEAN member states, want 11 (with Timor-Leste)", len(rows))
		}

		old := p.run(t, "governance-gaps", map[string]any{"as_of": 2017})
		includes(t, "Viet Nam lacks in 2017", lacks(old, "VN"), "cybersecurity law") // enacted 2018
		old.mustNot(t, "Timor-Leste joined in 2025", "state", "TL")

		br := p.run(t, "governance-gaps", map[string]any{"group": "brics"})
		// China: the 2016 Cybersecurity Law (doc 000 line 177, 189), the PIPL, the national strategy and CNCERT (doc 002 line 31).
		wantSet(t, "China lacks", lacks(br, "CN"), []string{}...)
	},

	// ---------------------------------------------------------------- evidence
	"evidence-between": func(t *testing.T, p *packDB) {
		rows := p.run(t, "evidence-between", nil) // SG, US
		// doc 000 line 209.
		rows.must(t, "the MoU at line 209", "type", "MOU_WITH", "source", doc000, "source_kind", "document",
			"locator", "line 209, 三、（二）面临的挑战", "quote", "两国签署了三份有关网络安全合作的“谅解备忘录”")
		rows.every(t, "one row per piece of stated evidence", func(r row) bool { return txt(r["source"]) != "" && txt(r["proposal"]) == "false" })
		none := p.run(t, "evidence-between", map[string]any{"b": "ET"})
		if len(none) != 0 {
			t.Errorf("Singapore and Ethiopia share no tie, got %s", brief(none))
		}
		cn := p.run(t, "evidence-between", map[string]any{"b": "CN"})
		// doc 001 line 1176: the proposed cooperation, kept and marked.
		cn.must(t, "the proposal, marked", "from", "CN", "type", "COOPERATES_WITH", "to", "SG", "proposal", "true",
			"locator", "line 1176, 四、深化中国—东盟数字经济产业合作的路径 / （四）加大对东盟国家的治理援助力度")
	},

	"succession": func(t *testing.T, p *packDB) {
		rows := p.run(t, "succession", nil)
		// doc 003 lines 557, 561: the leading group became the Central Cyberspace Affairs Commission (2018).
		c := rows.must(t, "leading group to commission", "first", "central-leading-group-cyber-informatization", "latest", "central-cyberspace-affairs-commission", "in_force", "central-cyberspace-affairs-commission")
		mustCite(t, c, doc003, "到中央网络安全和信息化委员会")
		wantSet(t, "the commission's step", strs(c["steps"]), "2018: central-cyberspace-affairs-commission upgrades central-leading-group-cyber-informatization")
		// doc 000 line 129: Laos's ministry of posts was upgraded in 2021.
		la := rows.must(t, "Laos's ministry", "first", "mpt-la", "in_force", "mtc-la")
		mustCite(t, la, doc000, "2021 年升级为技术和通信部")
		// doc 004 lines 1664-1666: Türkiye's strategies, each replacing the one before.
		rows.must(t, "Türkiye's line", "first", "tr-ncss-2013-2014", "latest", "tr-ncss-2020-2023", "in_force", "tr-ncss-2020-2023")
		// doc 003 line 795 calls the OEWG a follow-up of the GGE, which ran beside it: no succession.
		rows.mustNot(t, "the OEWG does not succeed the GGE", "first", "un-gge")
		rows.mustNot(t, "a line starts at its first body", "first", "central-cyberspace-affairs-commission")

		old := p.run(t, "succession", map[string]any{"as_of": 2017})
		old.must(t, "the leading group before 2018", "first", "central-leading-group-cyber-informatization", "in_force", "central-leading-group-cyber-informatization")
		old.must(t, "Laos's ministry of posts before 2021", "first", "mpt-la", "in_force", "mpt-la")
		old.must(t, "Türkiye's 2016-2019 strategy in 2017", "first", "tr-ncss-2013-2014", "in_force", "tr-ncss-2016-2019")

		one := p.run(t, "succession", map[string]any{"body": "tr-ncss-2016-2019"})
		if len(one) != 1 || txt(one[0]["first"]) != "tr-ncss-2013-2014" {
			t.Errorf("the line through tr-ncss-2016-2019: %s", brief(one))
		}
	},

	"people": func(t *testing.T, p *packDB) {
		rows := p.run(t, "people", nil)
		// doc 002 line 13: Fu Cong, the foreign ministry's coordinator for cyber affairs, at the forum in 2014.
		fc := rows.must(t, "Fu Cong", "person", "fu-cong", "name_zh", "傅聰")
		includes(t, "Fu Cong's offices", strs(fc["offices"]), "外交部網路事務協調員 (foreign ministry coordinator for cyber affairs), mfa-cn (2014)")
		includes(t, "where Fu Cong spoke", strs(fc["spoke_at"]), "china-asean-cyberspace-forum (2014)")
		// doc 002 lines 17, 41: his proposals, made for China, are China's too.
		if !slices.ContainsFunc(strs(fc["statements"]), func(s string) bool {
			return strings.HasPrefix(s, "initiated china-asean-cyber-dialogue-mechanisms for CN") && strings.HasSuffix(s, "[proposal]")
		}) {
			t.Errorf("Fu Cong's proposal of dialogue mechanisms for China: %v", fc["statements"])
		}
		mustCite(t, fc, doc002, "傅聰")
		// doc 001 line 974: Trump announced Stargate at the White House in 2025.
		tr := rows.must(t, "Trump", "person", "donald-trump")
		includes(t, "Trump's statements", strs(tr["statements"]), "initiated stargate-project for US at white-house (2025)")
		// Xi Jinping is quoted in doc 002, but did not speak at the Nanning forum.
		xi := rows.must(t, "Xi Jinping", "person", "xi-jinping")
		excludes(t, "where Xi spoke", strs(xi["spoke_at"]), "china-asean-cyberspace-forum (2014)")

		// doc 002 line 17: what Fu Cong proposed on China's behalf is China's proposal in the graph, with his line.
		between := p.run(t, "evidence-between", map[string]any{"a": "CN", "b": "china-asean-cyber-dialogue-mechanisms"})
		between.must(t, "China's derived proposal", "from", "CN", "type", "INITIATED", "proposal", "true", "source", doc002, "quote", "中國願與東盟國家建立多雙邊網路對話機制")
		between.mustNot(t, "a proposal is not a done fact", "from", "CN", "type", "INITIATED", "proposal", "false")

		cn := p.run(t, "people", map[string]any{"actor": "CN"})
		cn.must(t, "Fu Cong speaks for China's foreign ministry", "person", "fu-cong")
		cn.must(t, "Zhuang Rongwen heads an agency of China", "person", "zhuang-rongwen")
		cn.mustNot(t, "Trump does not speak for China", "person", "donald-trump")
		cn.mustNot(t, "Payne speaks for Australia", "person", "marise-payne")
	},

	"positions": func(t *testing.T, p *packDB) {
		rows := p.run(t, "positions", nil)
		// doc 001 line 972: the US refused to sign the Paris AI statement (2025).
		us := rows.must(t, "US refuses the Paris statement", "framework", "paris-ai-statement-2025", "stance", "refuses_to_sign", "actor", "US", "year", "2025")
		mustCite(t, us, doc001, "拒绝在《巴黎人工智能宣言》")
		if txt(us["party"]) != "" || txt(us["endorses"]) != "false" {
			t.Errorf("a refusal is not a signature: party %v, endorses %v", us["party"], us["endorses"])
		}
		// doc 004 lines 1127-1129 and 2786-2788: Denmark and the EU oppose a new legal instrument.
		rows.must(t, "Denmark opposes a new instrument", "framework", "new-intl-legal-instrument-cyber", "stance", "opposes", "actor", "DK")
		rows.must(t, "the EU opposes a new instrument", "framework", "new-intl-legal-instrument-cyber", "stance", "opposes", "actor", "eu")
		// doc 003 line 107: China supports the multilateral model; people are not rows of their own.
		rows.must(t, "China and the multilateral model", "framework", "multilateral-governance-model", "stance", "supports", "actor", "CN")
		rows.mustNot(t, "a person's stance is the state's row", "actor", "xi-jinping")
		rows.mustNot(t, "Russia is not said to support the multistakeholder model", "framework", "multistakeholder-governance-model", "actor", "RU")

		opp := p.run(t, "positions", map[string]any{"stance": "opposes"})
		opp.every(t, "only oppositions", func(r row) bool { return txt(r["stance"]) == "opposes" })
		// doc 004 lines 1095-1099: Denmark supports the Programme of Action.
		opp.mustNot(t, "Denmark does not oppose the Programme of Action", "actor", "DK", "framework", "un-cyber-programme-of-action")
		paris := p.run(t, "positions", map[string]any{"framework": "paris-ai-statement-2025", "as_of": 2024})
		if len(paris) != 0 {
			t.Errorf("the 2025 refusal as of 2024: %s", brief(paris))
		}
	},

	"venues": func(t *testing.T, p *packDB) {
		rows := p.run(t, "venues", nil)
		// doc 002 line 7: the China-ASEAN Cyberspace Forum, held in Nanning, Guangxi, in 2014.
		nn := rows.must(t, "Nanning", "place", "nanning", "place_kind", "Place")
		wantSet(t, "Nanning lies in", strs(nn["in"]), "guangxi")
		includes(t, "held in Nanning", strs(nn["held"]), "china-asean-cyberspace-forum (2014)")
		mustCite(t, nn, doc002, "南寧")
		// doc 001 line 115: the SEA-H2X cable lands in Hainan.
		hn := rows.must(t, "Hainan", "place", "hainan")
		if !slices.ContainsFunc(strs(hn["connects"]), func(s string) bool { return strings.HasPrefix(s, "sea-h2x to ") }) {
			t.Errorf("SEA-H2X at Hainan: %v", hn["connects"])
		}
		// doc 003: the World Internet Conference is held in Wuzhen, not in Beijing (where its organisation sits).
		bj := rows.must(t, "Beijing", "place", "beijing")
		excludes(t, "held in Beijing", strs(bj["held"]), "wic")
		includes(t, "located in Beijing", strs(bj["located"]), "wic-organisation")

		cn := p.run(t, "venues", map[string]any{"state": "CN"})
		for _, place := range []string{"nanning", "guangxi", "wuzhen", "hainan", "CN"} {
			cn.must(t, "a place in China", "place", place)
		}
		cn.mustNot(t, "Geneva is in Switzerland", "place", "geneva")
		cn.mustNot(t, "another state", "place", "SG")
	},

	"law-alignment": func(t *testing.T, p *packDB) {
		rows := p.run(t, "law-alignment", nil)
		// doc 003 lines 767-769: Viet Nam's 2018 cybersecurity law takes up cyber sovereignty.
		vn := rows.must(t, "Viet Nam's law", "instrument", "vn-cybersecurity-law", "how", "aligns with", "target", "cyber-sovereignty", "year", "2018")
		wantSet(t, "who enacted it", strs(vn["by"]), "VN")
		// doc 003 lines 743-745: the code of conduct was submitted to the General Assembly in 2011.
		code := rows.must(t, "the code of conduct", "instrument", "intl-code-of-conduct-infosec-2011", "how", "submitted to", "target", "un-general-assembly", "year", "2011")
		mustCite(t, code, doc003, "联大")
		rows.mustNot(t, "the code was not submitted to the GGE", "instrument", "intl-code-of-conduct-infosec-2011", "target", "un-gge")
		// doc 004 lines 2005-2009: Ukraine's law on electronic trust services aligns with eIDAS.
		rows.must(t, "Ukraine and eIDAS", "instrument", "ua-law-2155-viii", "target", "eidas-regulation")

		vnOnly := p.run(t, "law-alignment", map[string]any{"state": "VN"})
		vnOnly.must(t, "Viet Nam's law", "instrument", "vn-cybersecurity-law")
		vnOnly.mustNot(t, "another state's law", "instrument", "cn-cybersecurity-law")
		early := p.run(t, "law-alignment", map[string]any{"as_of": 2015})
		early.mustNot(t, "the 2018 law before it was enacted", "instrument", "vn-cybersecurity-law")
		early.must(t, "the 2011 code", "instrument", "intl-code-of-conduct-infosec-2011", "target", "un-general-assembly")
	},

	"source-ties": func(t *testing.T, p *packDB) {
		rows := p.run(t, "source-ties", nil) // doc 000
		rows.every(t, "doc 000's pieces only, with document locators", func(r row) bool {
			return txt(r["source"]) == doc000 && txt(r["source_kind"]) == "document" && strings.HasPrefix(txt(r["locator"]), "line ")
		})
		// doc 000 line 71 and doc 004 line 1352 both state Singapore's ASEAN capacity programme: only line 71 here.
		rows.must(t, "line 71", "from", "SG", "type", "BUILDS_CAPACITY", "to", "asean", "quote", "推出东盟网络能力计划，帮助成员国进行网络空间治理")
		rows.must(t, "line 209", "from", "SG", "type", "MOU_WITH", "to", "US", "locator", "line 209, 三、（二）面临的挑战")
		// The Quad's outside pieces are not doc 000's: and doc 000 does not state Quad membership at all.
		rows.mustNot(t, "another source's tie", "type", "MEMBER_OF", "to", "quad")
		rows.must(t, "a proposal of the document, marked", "from", "CN", "type", "BUILDS_CAPACITY", "to", "ID", "proposal", "true")

		apec := p.run(t, "source-ties", map[string]any{"source": "gac-apec-history"})
		apec.must(t, "APEC founding", "from", "US", "type", "MEMBER_OF", "to", "apec", "source_kind", "outside")
		apec.every(t, "only APEC membership", func(r row) bool {
			return txt(r["to"]) == "apec" && txt(r["source"]) == "gac-apec-history" && txt(r["source_kind"]) == "outside"
		})
	},

	"sources": func(t *testing.T, p *packDB) {
		rows := p.run(t, "sources", nil)
		d := rows.must(t, "doc 000", "source", doc000, "kind", "document", "year", "2023")
		if n, _ := d["ties"].(int64); n < 100 {
			t.Errorf("doc 000 supports %d ties", n)
		}
		// gci2024-baolongan alone places five states in GCI Tier 1; the Philippines' placement rests on two sources.
		rows.must(t, "sole source", "source", "gci2024-baolongan", "ties", "5", "sole_source", "5", "by_type", "[RANKED_IN: 5]")
		rows.must(t, "one of two sources", "source", "gci2024-malaya", "ties", "1", "sole_source", "0")
		// An outside source that no tie cites is listed with 0.
		rows.must(t, "an uncited source", "source", "gci2024-computerweekly", "ties", "0")
		rows.every(t, "document or outside", func(r row) bool { return txt(r["kind"]) == "document" || txt(r["kind"]) == "outside" })
		if len(rows.find("kind", "document")) != 5 {
			t.Errorf("%d documents, want 5", len(rows.find("kind", "document")))
		}
		again := p.run(t, "sources", map[string]any{})
		if len(again) != len(rows) {
			t.Errorf("the report is stable: %d then %d rows", len(rows), len(again))
		}
	},

	"outside-only": func(t *testing.T, p *packDB) {
		rows := p.run(t, "outside-only", nil)
		// asean-japan-centre-outline: the founding members.
		rows.must(t, "ASEAN founding", "from", "SG", "tie", "MEMBER_OF", "to", "asean")
		rows.mustNot(t, "a documented tie", "from", "SG", "tie", "MOU_WITH", "to", "US")
		// The Quad's members are also in doc 001 line 915.
		rows.mustNot(t, "partly documented", "from", "US", "tie", "MEMBER_OF", "to", "quad")
		rows.every(t, "outside evidence only", func(r row) bool {
			for _, e := range r["evidence"].([]any) {
				if e.(map[string]any)["kind"] != "outside" {
					return false
				}
			}
			return true
		})
		pt := p.run(t, "outside-only", map[string]any{"type": "PARTY_TO", "as_of": 2019})
		pt.every(t, "PARTY_TO only", func(r row) bool { return txt(r["tie"]) == "PARTY_TO" })
		pt.mustNot(t, "RCEP signed in 2020", "to", "rcep")
		pt.must(t, "the US in the Budapest Convention since 2006", "from", "US", "to", "budapest-convention")
	},

	"proposals": func(t *testing.T, p *packDB) {
		rows := p.run(t, "proposals", nil)
		// doc 001 line 1176; doc 000 line 139.
		rows.must(t, "proposed cooperation", "from", "CN", "tie", "COOPERATES_WITH", "to", "SG")
		rows.must(t, "a draft law", "from", "LA", "tie", "ENACTED", "to", "la-cybersecurity-law")
		rows.mustNot(t, "a stated fact", "from", "SG", "tie", "MOU_WITH", "to", "US")

		sg := p.run(t, "proposals", map[string]any{"actor": "SG"})
		// doc 004 line 1397: CSA's planned supply-chain programme, as Singapore's.
		sg.must(t, "the agency's plan", "from", "csa-sg", "to", "sg-cii-supply-chain-programme")
		sg.mustNot(t, "not about Singapore", "to", "la-cybersecurity-law")
		d2 := p.run(t, "proposals", map[string]any{"source": doc002})
		// doc 002: the CERT cooperation through APCERT and FIRST was proposed.
		d2.must(t, "proposed CERT cooperation", "from", "china-asean-cert-cooperation", "tie", "PART_OF", "to", "apcert")
		d2.every(t, "doc 002's", func(r row) bool {
			for _, e := range r["evidence"].([]any) {
				if e.(map[string]any)["source"] == doc002 {
					return true
				}
			}
			return false
		})
	},

	// ---------------------------------------------------------------- timeline
	"state-timeline": func(t *testing.T, p *packDB) {
		rows := p.run(t, "state-timeline", nil) // SG, 1945–2025
		rows.must(t, "2021 MoU", "year", "2021", "event", "signed an MoU with", "other", "US")
		// doc 000 line 217: through the Monetary Authority.
		rows.must(t, "the agency's MoU", "year", "2021", "other", "us-treasury", "via", "mas-sg")
		// portcalls-rcep-ph-2023, pna-rcep-eif-2022: signed 2020, in force 2022.
		rows.must(t, "RCEP signed", "year", "2020", "event", "signed", "other", "rcep")
		rows.must(t, "RCEP in force", "year", "2022", "event", "became party to", "other", "rcep")
		rows.must(t, "ASEAN founded", "year", "1967", "event", "founding member of", "other", "asean")
		// doc 004 line 1298: 新加坡参加了 2019年至 2021 年期间… (the GGE).
		rows.must(t, "left the GGE", "year", "2021", "event", "stopped taking part in", "other", "un-gge")
		rows.mustNot(t, "undated", "other", "FR")
		rows.mustNot(t, "a proposal", "other", "sg-cii-supply-chain-programme")

		y := p.run(t, "state-timeline", map[string]any{"from": 2020, "to": 2020})
		y.every(t, "only 2020", func(r row) bool { return txt(r["year"]) == "2020" })
		y.must(t, "RCEP signed", "other", "rcep", "event", "signed")
		ru := p.run(t, "state-timeline", map[string]any{"state": "RU"})
		// g7-chinmaya-ias: Russia joined in 1997, suspended in 2014.
		ru.must(t, "joined the G8", "year", "1997", "event", "joined", "other", "g7")
		ru.must(t, "left the G8", "year", "2014", "event", "left", "other", "g7")
	},

	"network-as-of": func(t *testing.T, p *packDB) {
		rows := p.run(t, "network-as-of", nil) // every year, states
		rows.must(t, "SG–US MoU 2021", "a", "SG", "tie", "MOU_WITH", "b", "US")
		rows.must(t, "SG–FR MoU", "a", "SG", "tie", "MOU_WITH", "b", "FR")
		// doc 002 line 31: 並與馬來西亞和印度尼西亞等國…牽定網路安全合作備忘錄 (CNCERT), as China's.
		rows.must(t, "CNCERT's MoU as China's", "a", "CN", "a_via", "cncert", "tie", "MOU_WITH", "b", "MY")
		rows.mustNot(t, "a proposal", "a", "CN", "tie", "COOPERATES_WITH", "b", "SG")
		rows.every(t, "states only", func(r row) bool { return txt(r["a"]) != txt(r["b"]) && len(txt(r["a"])) == 2 && len(txt(r["b"])) == 2 })

		old := p.run(t, "network-as-of", map[string]any{"as_of": 2018})
		old.mustNot(t, "the 2021 MoU", "a", "SG", "tie", "MOU_WITH", "b", "US")
		old.must(t, "undated, always in force", "a", "SG", "tie", "MOU_WITH", "b", "FR")
		orgs := p.run(t, "network-as-of", map[string]any{"kind": "Organisation"})
		// doc 000 line 67: 新加坡国立大学…与以色列本古里安大学、印度班加罗尔大学.
		orgs.must(t, "NUS–Ben-Gurion", "a", "nus", "b", "ben-gurion-university")
		orgs.every(t, "organisations only", func(r row) bool { return len(txt(r["a"])) > 2 && len(txt(r["b"])) > 2 })
	},
}

func setKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
