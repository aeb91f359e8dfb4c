package run

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/coopgraph/coopgraph/queries"
	"github.com/coopgraph/coopgraph/queries/format"
	"github.com/coopgraph/coopgraph/seed"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// fixtures are the test reports under testdata/fixtures.
func fixtures(t testing.TB) []queries.Report {
	t.Helper()
	rs, err := queries.ParseFS(os.DirFS("testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func fixture(t testing.TB, name string) queries.Report {
	t.Helper()
	r, err := Find(fixtures(t), name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func shipped(t testing.TB, name string) queries.Report {
	t.Helper()
	all, err := queries.All()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Find(all, name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func realDataset(t testing.TB) *graph.Dataset {
	t.Helper()
	ds, err := seed.Load(seed.DataFS(), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// seeded holds the test database for this test (other packages' tests
// write to it too) and loads the real dataset into it.
func seeded(t testing.TB) (*connect.DB, *Runner) {
	t.Helper()
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	if _, err := store.New(db.Driver, db.Target.Database).Load(context.Background(), realDataset(t), store.Options{}); err != nil {
		t.Fatal(err)
	}
	return db, New(db.Driver, db.Target.Database)
}

func ctxFor(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func intp(n int) *int { return &n }

func TestParseParams(t *testing.T) {
	echo := fixture(t, "echo")
	ok := []struct {
		pairs []string
		asOf  *int
		want  map[string]any
	}{
		{nil, nil, map[string]any{}},
		{[]string{"s=a=b", "n= 42 ", "b=yes", "k=agency"}, nil, map[string]any{"s": "a=b", "n": int64(42), "b": true, "k": "Agency"}},
		{[]string{"s=", "e=新加坡", "st=United States"}, intp(2018), map[string]any{"s": "", "e": "新加坡", "st": "United States", "as_of": int64(2018)}},
		{[]string{" as_of =1999"}, nil, map[string]any{"as_of": int64(1999)}},
	}
	for _, c := range ok {
		got, err := ParseParams(echo, c.pairs, c.asOf)
		if err != nil || !mapsEqual(got, c.want) {
			t.Errorf("%q: got %v %v, want %v", c.pairs, got, err, c.want)
		}
	}
	partners := shipped(t, "partners")
	bad := []struct {
		r     queries.Report
		pairs []string
		asOf  *int
		err   string
	}{
		{echo, []string{"s"}, nil, `--param "s": write name=value`},
		{echo, []string{"=x"}, nil, `--param "=x": write name=value`},
		{echo, []string{"colour=red"}, nil, `report echo has no parameter "colour" (its parameters: s, n, b, e, st, k, as_of)`},
		{echo, []string{"n=1", "n=2"}, nil, "--param n is given twice"},
		{echo, []string{"n=1; DROP"}, nil, `parameter n takes a whole number, not "1; DROP"`},
		{echo, []string{"b=maybe"}, nil, `parameter b takes true or false, not "maybe"`},
		{echo, []string{"k=Planet"}, nil, `parameter k takes a kind (Country, Organisation, Agency, Forum, Agreement, Law, Strategy, Initiative, Company, Bloc, Framework, Project, Tier, Person, Place), not "Planet"`},
		{echo, []string{"as_of=2018"}, intp(2019), "give the year once: --as-of or --param as_of"},
		{fixture(t, "merge-attempt"), nil, intp(2019), "report merge-attempt does not take --as-of: it has no as_of parameter (its parameters: id)"},
		{partners, []string{"stat=SG"}, nil, `report partners has no parameter "stat" (its parameters: ` + paramNames(partners) + ")"},
	}
	for _, c := range bad {
		_, err := ParseParams(c.r, c.pairs, c.asOf)
		if err == nil || err.Error() != c.err || !IsUsage(err) {
			t.Errorf("%q: got %v (usage %v)\nwant %s", c.pairs, err, IsUsage(err), c.err)
		}
	}
}

func paramNames(r queries.Report) string {
	var out []string
	for _, p := range r.Params {
		out = append(out, p.Name)
	}
	return strings.Join(out, ", ")
}

func mapsEqual(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// FuzzParseParams: whatever the text, parsing never panics; a value it
// accepts is exactly what was typed after the first '=' (text types) or
// that text's value (numbers, flags, kinds); anything else is a usage
// error. (go test -fuzz FuzzParseParams ./queries/run/ explores further.)
func FuzzParseParams(f *testing.F) {
	for _, s := range []string{"s=SG", "n=2018", "b=yes", "k=organisation", "e=新加坡", "st=United States",
		"s=}) DETACH DELETE n //", "s=' OR 1=1 //", "s=a=b=c", "=x", "x", "n=-9223372036854775808", "n=99999999999999999999",
		"b=", "s=\x00", "as_of=2018", "s=$s", "unknown=1", "n= 7 ", "k=", "s=" + strings.Repeat("长", 300)} {
		f.Add(s)
	}
	echo := fixture(f, "echo")
	f.Fuzz(func(t *testing.T, pair string) {
		got, err := ParseParams(echo, []string{pair}, nil)
		if err != nil {
			if !IsUsage(err) {
				t.Fatalf("%q: not a usage error: %v", pair, err)
			}
			return
		}
		name, val, _ := strings.Cut(pair, "=")
		name = strings.TrimSpace(name)
		p, ok := echo.Param(name)
		if !ok || len(got) != 1 {
			t.Fatalf("%q accepted as %v", pair, got)
		}
		switch v := got[name].(type) {
		case string:
			switch p.Type {
			case queries.TypeKind:
				if !graph.IsKind(v) || !strings.EqualFold(v, strings.TrimSpace(val)) {
					t.Fatalf("%q: kind %q", pair, v)
				}
			default:
				if v != val {
					t.Fatalf("%q: the value %q is not what was typed", pair, v)
				}
			}
		case int64:
			if n, err := strconv.ParseInt(strings.TrimSpace(val), 10, 64); err != nil || n != v || p.Type != queries.TypeInt {
				t.Fatalf("%q: %d", pair, v)
			}
		case bool:
			if p.Type != queries.TypeBool {
				t.Fatalf("%q: %v", pair, v)
			}
		default:
			t.Fatalf("%q: a %T", pair, v)
		}
	})
}

func TestFind(t *testing.T) {
	all, _ := queries.All()
	_, err := Find(all, "partner")
	if err == nil || !IsUsage(err) || !strings.HasPrefix(err.Error(), `no report is called "partner"; closest: partners`) {
		t.Fatalf("%v", err)
	}
}

// TestNamesResolveToIds: entity and state parameters take an id, an English
// or Chinese name or an alias, in any case; unknown, ambiguous and
// wrong-kind names are usage errors that list the candidates.
func TestNamesResolveToIds(t *testing.T) {
	db, x := seeded(t)
	ctx := ctxFor(t)
	echo := fixture(t, "echo")
	resolved := func(given map[string]any) (map[string]any, error) { return x.Params(ctx, echo, given) }

	p, err := resolved(map[string]any{"e": "东盟", "st": "singapore"})
	if err != nil || p["e"] != "asean" || p["st"] != "SG" || p["s"] != "plain" || p["n"] != int64(7) || p["k"] != nil {
		t.Fatalf("%v %v", p, err)
	}
	p, err = resolved(map[string]any{"e": "MY", "st": "美国"})
	if err != nil || p["e"] != "MY" || p["st"] != "US" {
		t.Fatalf("%v %v", p, err)
	}
	p, err = resolved(nil) // defaults are ids and resolve to themselves
	if err != nil || p["e"] != "asean" || p["st"] != "SG" {
		t.Fatalf("%v %v", p, err)
	}

	usage := func(given map[string]any, prefix string, contains ...string) {
		t.Helper()
		_, err := resolved(given)
		if err == nil || !IsUsage(err) || !strings.HasPrefix(err.Error(), prefix) {
			t.Errorf("%v: got %v\nwant it to start %s", given, err, prefix)
			return
		}
		for _, c := range contains {
			if !strings.Contains(err.Error(), c) {
				t.Errorf("%v: %v\nwant it to name %s", given, err, c)
			}
		}
	}
	usage(map[string]any{"st": "Singapur"}, `parameter st: no state is called "Singapur"; closest: `, "SG (Country, Singapore, 新加坡)")
	usage(map[string]any{"e": "Singapur"}, `parameter e: no entity is called "Singapur"; closest: `, "SG (Country, Singapore, 新加坡)")
	usage(map[string]any{"st": "ASEAN"}, `parameter st: "ASEAN" is asean (Organisation, `, "not a state")
	usage(map[string]any{"e": "   "}, "parameter e needs an entity: an id, English or Chinese name, or alias")
	usage(map[string]any{"e": "qqqqxyzzy"}, `parameter e: no entity is called "qqqqxyzzy"; give an id, English or Chinese name, or alias`)

	// Ambiguity: two entities share a name. The dataset has none (the
	// validator forbids it), so the test adds two and removes them after.
	ddl := func(q string) {
		t.Helper()
		if _, err := neo4j.ExecuteQuery(ctx, db.Driver, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db.Target.Database)); err != nil {
			t.Fatal(err)
		}
	}
	ddl(`CREATE (:Entity:Organisation {id: 'runner-twin-org', kind: 'Organisation', name: 'Runner Twin'}),
	            (:Entity:Country {id: 'QZ', kind: 'Country', name: 'Runner Twin'}),
	            (:Entity:Forum {id: 'runner-twin-forum', kind: 'Forum', name: 'Runner Twin', aliases: ['QZ']})`)
	t.Cleanup(func() { ddl(`MATCH (n:Entity) WHERE n.id IN ['runner-twin-org', 'QZ', 'runner-twin-forum'] DELETE n`) })
	usage(map[string]any{"e": "runner twin"}, `parameter e: "runner twin" names 3 entities: `, "QZ (Country, Runner Twin)", "runner-twin-forum (Forum, Runner Twin)", "runner-twin-org (Organisation, Runner Twin)", "give the id")
	p, err = resolved(map[string]any{"st": "Runner Twin", "e": "QZ"})
	if err != nil || p["st"] != "QZ" || p["e"] != "QZ" {
		t.Errorf("the one country among namesakes, and an id over an alias: %v %v", p, err)
	}
}

// TestRunReports: reports run in read transactions with names resolved, and
// give plain values under their declared columns.
func TestRunReports(t *testing.T) {
	_, x := seeded(t)
	ctx := ctxFor(t)
	tb, err := x.Report(ctx, shipped(t, "evidence-between"), []string{"a=新加坡", "b=united states"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Params["a"] != "SG" || tb.Params["b"] != "US" || !slices.Equal(tb.Columns, shipped(t, "evidence-between").Columns) {
		t.Fatalf("%+v", tb)
	}
	col := func(row []any, name string) any { return row[slices.Index(tb.Columns, name)] }
	found := false
	for _, row := range tb.Rows {
		if col(row, "type") == "MOU_WITH" && col(row, "source") == "000_fec1530038a11fab" && strings.Contains(fmt.Sprint(col(row, "quote")), "谅解备忘录") {
			found = true
		}
	}
	if !found {
		t.Errorf("no document evidence for the Singapore–US MoU: %v", tb.Rows)
	}

	tb, err = x.Report(ctx, fixture(t, "echo"), []string{"k=law", "e=ASEAN"}, intp(2018))
	if err != nil {
		t.Fatal(err)
	}
	want := []any{"plain", int64(5), int64(7), false, "asean", "SG", "Law", int64(2018)}
	if len(tb.Rows) != 1 || !slices.Equal(tb.Rows[0], want) {
		t.Errorf("got %v, want %v", tb.Rows, want)
	}
	if _, err := x.Report(ctx, shipped(t, "partners"), []string{"state=Atlantis"}, nil); err == nil || !IsUsage(err) {
		t.Errorf("an unknown state: %v", err)
	}
}

func digest(t testing.TB, db *connect.DB) string {
	t.Helper()
	d, err := store.New(db.Driver, db.Target.Database).Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestWritesAreRefused: a report file that tries to write is refused by the
// server when the runner runs it, and the graph is unchanged.
func TestWritesAreRefused(t *testing.T) {
	db, x := seeded(t)
	ctx := ctxFor(t)
	before := digest(t, db)
	for _, name := range []string{"merge-attempt", "create-attempt"} {
		_, err := x.Report(ctx, fixture(t, name), nil, nil)
		if err == nil || !strings.Contains(err.Error(), "Writing in read access mode not allowed") {
			t.Errorf("%s: got %v, want the server's refusal to write", name, err)
		}
	}
	res, err := neo4j.ExecuteQuery(ctx, db.Driver, "MATCH (n {id: 'runner-write-attempt'}) RETURN count(n)", nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db.Target.Database))
	if err != nil || res.Records[0].Values[0] != int64(0) {
		t.Errorf("the node was written: %v %v", res, err)
	}
	if after := digest(t, db); after != before {
		t.Error("the graph changed")
	}
}

// TestHostileValues: values that would break a query spliced together as
// text reach the server as parameters and come back unchanged, and the
// graph is untouched.
func TestHostileValues(t *testing.T) {
	db, x := seeded(t)
	ctx := ctxFor(t)
	before := digest(t, db)
	echo := fixture(t, "echo")
	hostile := []string{
		`'`, `"`, `\`, `\'`, "`", `}) DETACH DELETE n //`, `' OR 1=1 //`, `"}) MATCH (n) DETACH DELETE n RETURN 1 AS s //`,
		"a\x00b", "\x00", "line\nbreak\r\n", `$s`, `{id: 'SG'}`, "MATCH (n) DETACH DELETE n",
		"东盟 ASEAN 東盟", "新加坡'); DROP DATABASE neo4j; //", strings.Repeat("长", 100_000), strings.Repeat("x'", 50_000),
	}
	for _, v := range hostile {
		tb, err := x.Report(ctx, echo, []string{"s=" + v}, nil)
		if err != nil {
			t.Fatalf("%.40q: %v", v, err)
		}
		if got := tb.Rows[0][0]; got != v {
			t.Errorf("%.40q came back as %.40q", v, got)
		}
		if got := tb.Rows[0][1]; got != int64(utf8.RuneCountInString(v)) {
			t.Errorf("%.40q: the server saw %v characters, not %d", v, got, utf8.RuneCountInString(v))
		}
		// As a name, the same text finds no entity: a usage error, no query spliced.
		if _, err := x.Report(ctx, echo, []string{"e=" + v}, nil); err == nil || !IsUsage(err) {
			t.Errorf("%.40q as an entity: %v", v, err)
		}
		if _, err := x.Report(ctx, echo, []string{"n=" + v}, nil); err == nil || !IsUsage(err) {
			t.Errorf("%.40q as a number: %v", v, err)
		}
	}
	if after := digest(t, db); after != before {
		t.Error("the graph changed")
	}
}

// TestBrief: every report with its defaults into one Markdown brief with
// an index, and each report in every format beside it.
func TestBrief(t *testing.T) {
	_, x := seeded(t)
	ctx := ctxFor(t)
	all, _ := queries.All()
	dir := filepath.Join(t.TempDir(), "brief")
	sum, err := x.Brief(ctx, all, dir)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Reports != len(all) || sum.Files != len(all)*len(format.Formats)+1 || len(sum.Failed) != 0 {
		t.Fatalf("%+v", sum)
	}
	b, err := os.ReadFile(filepath.Join(dir, "brief.md"))
	if err != nil {
		t.Fatal(err)
	}
	brief := string(b)
	for _, r := range all {
		for _, want := range []string{"(#" + r.Name + ")", `<a id="` + r.Name + `"></a>`, "](" + r.Name + ".csv)"} {
			if !strings.Contains(brief, want) {
				t.Errorf("the brief lacks %s", want)
			}
		}
		var doc struct{ Rows []map[string]any }
		j, err := os.ReadFile(filepath.Join(dir, r.Name+".json"))
		if err != nil || json.Unmarshal(j, &doc) != nil {
			t.Errorf("%s.json: %v", r.Name, err)
		}
		if r.Name == "partners" && len(doc.Rows) == 0 {
			t.Error("partners has no rows in the brief")
		}
	}
	if !strings.Contains(brief, "## Index") || !strings.Contains(brief, "Dataset `") || !strings.Contains(brief, "- **cooperation**") {
		t.Errorf("brief:\n%.2000s", brief)
	}

	// A report that cannot run is named, and the rest still run.
	broken := append(slices.Clone(all), fixture(t, "merge-attempt"))
	sum, err = x.Brief(ctx, broken, t.TempDir())
	if err == nil || sum.Reports != len(all) || len(sum.Failed) != 1 || !strings.HasPrefix(sum.Failed[0], "merge-attempt: ") {
		t.Errorf("%+v %v", sum, err)
	}
}

func TestListAndShow(t *testing.T) {
	rs := fixtures(t)
	var b strings.Builder
	if err := List(&b, rs); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"fixtures\n", "  echo ", "Every parameter type", "s=plain (string), n=7 (int), b=false (bool), e=asean (entity), st=SG (state), k (kind, optional), as_of (int, optional)", "3 reports."} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("list lacks %q:\n%s", want, b.String())
		}
	}
	echo := fixture(t, "echo")
	b.Reset()
	Show(&b, echo, Browser{URL: "http://127.0.0.1:7474/browser/?connectURL=neo4j%2Fbolt%3A%2F%2F127.0.0.1%3A7687"})
	out := b.String()
	for _, want := range []string{":param s => 'plain'\n:param n => 7\n:param b => false\n:param e => 'asean'\n:param st => 'SG'\n:param k => null\n:param as_of => null",
		"RETURN $s AS s, size($s)", "st (state, default SG): a state", "k (kind, optional, null unless given): a kind",
		"http://127.0.0.1:7474/browser/?connectURL=neo4j%2Fbolt%3A%2F%2F127.0.0.1%3A7687&cmd=edit&arg=%2F%2F%20name%3A%20echo%0A"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	b.Reset()
	Show(&b, echo, Browser{BoltURI: "neo4j+s://abc.databases.neo4j.io", Database: "neo4j"})
	if !strings.Contains(b.String(), "https://browser.neo4j.io/?dbms=neo4j%2Bs%3A%2F%2Fabc.databases.neo4j.io&db=neo4j&cmd=edit&arg=%2F%2F%20name") ||
		!strings.Contains(b.String(), "is not the managed local one") {
		t.Errorf("remote show:\n%s", b.String())
	}
}

func TestPlain(t *testing.T) {
	d := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	got := Plain([]any{map[string]any{"t": d, "n": nil}, int64(1)})
	b, _ := json.Marshal(got)
	if string(b) != `[{"n":null,"t":"2024-05-06T07:08:09Z"},1]` {
		t.Errorf("%s", b)
	}
}
