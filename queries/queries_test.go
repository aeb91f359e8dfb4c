package queries

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/coopgraph/coopgraph/seed"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

const head = "// name: x\n// title: X\n// pack: evidence\n// description: d\n// columns: a\n"

func TestParseIsStrict(t *testing.T) {
	cases := map[string]string{
		head + "// colour: red\nRETURN 1 AS a":                                       `evidence/x.cypher:6: unknown header key "colour": use name, title, pack, description, param, columns, plan, bound`,
		head + "RETURN $who AS a":                                                    "evidence/x.cypher:6: the query uses $who, which the header does not declare",
		head + "// param: who (string, default SG): someone\nRETURN 1 AS a":          "evidence/x.cypher:6: param who is declared but the query never uses $who",
		head + "// param: who (string): a\n// param: who (int): b\nRETURN $who":      "evidence/x.cypher:7: param who is declared twice (first on line 6)",
		head + "// param: who string SG\nRETURN $who":                                "evidence/x.cypher:6: param reads `name (type[, default value]): meaning` with type string, int, bool, entity, state, kind\nevidence/x.cypher:7: the query uses $who, which the header does not declare",
		head + "// param: who (text): someone\nRETURN $who AS a":                     `evidence/x.cypher:6: param who has type "text": use string, int, bool, entity, state, kind` + "\nevidence/x.cypher:7: the query uses $who, which the header does not declare",
		head + "// param: as_of (int, default 2020): year\nRETURN $as_of AS a":       "evidence/x.cypher:6: param as_of is always `as_of (int): ...`, with no default\nevidence/x.cypher:7: the query uses $as_of, which the header does not declare",
		head + "// param: n (int, default ten): how many\nRETURN $n AS a":            `evidence/x.cypher:6: param n: the default: parameter n takes a whole number, not "ten"` + "\nevidence/x.cypher:7: the query uses $n, which the header does not declare",
		head + "// param: k (kind, default Planet): a kind\nRETURN $k AS a":          `evidence/x.cypher:6: param k: the default: parameter k takes a kind (Country, Organisation, Agency, Forum, Agreement, Law, Strategy, Initiative, Company, Bloc, Framework, Project, Tier, Person, Place), not "Planet"` + "\nevidence/x.cypher:7: the query uses $k, which the header does not declare",
		head + "// param: s (state, default Singapore): a state\nRETURN $s AS a":     `evidence/x.cypher:6: param s: the default "Singapore" is not an id (use an ISO 3166-1 alpha-2 code such as CN or SG)` + "\nevidence/x.cypher:7: the query uses $s, which the header does not declare",
		head + "// param: e (entity, default ASEAN): an actor\nRETURN $e AS a":       `evidence/x.cypher:6: param e: the default "ASEAN" is not an id (use a lowercase slug such as china-asean-cyberspace-forum)` + "\nevidence/x.cypher:7: the query uses $e, which the header does not declare",
		"// title: X\n// pack: evidence\n// description: d\n// columns: a\nRETURN 1": "evidence/x.cypher:1: the header has no name",
		strings.Replace(head, "pack: evidence", "pack: blocs", 1) + "RETURN 1":       `evidence/x.cypher:3: pack "blocs", but the file is in evidence/`,
		strings.Replace(head, "name: x", "name: y", 1) + "RETURN 1":                  `evidence/x.cypher:1: name "y", but the file is x.cypher`,
		strings.Replace(head, "name: x", "name: X_1", 1) + "RETURN 1":                `evidence/x.cypher:1: name "X_1": use a lowercase slug` + "\n" + `evidence/x.cypher:1: name "X_1", but the file is x.cypher`,
		head + "// title: Y\nRETURN 1":                                               "evidence/x.cypher:6: title is declared twice (first on line 2)",
		head + "// plan:\nRETURN 1":                                                  "evidence/x.cypher:6: plan is empty",
		head + "//no space\nRETURN 1":                                                "evidence/x.cypher:6: header lines read `// key: value` (a description continues on lines that start with `//   `)",
		strings.Replace(head, "columns: a", "columns: a, b c, a", 1) + "RETURN 1":    `evidence/x.cypher:5: column "b c": columns are lowercase names separated by commas` + "\nevidence/x.cypher:5: column a is listed twice",
		head + "// visual: x\nRETURN 1":                                              "evidence/x.cypher:6: a visual header belongs in a .visual.cypher file",
	}
	for text, want := range cases {
		if _, err := Parse("evidence/x.cypher", text); err == nil || err.Error() != want {
			t.Errorf("%s\ngot  %v\nwant %s", text, err, want)
		}
	}
}

// TestUndeclaredParamsInOrder: several problems come out in line order, the
// same on every run (they used to follow map order).
func TestUndeclaredParamsInOrder(t *testing.T) {
	text := head + "WITH $zeta AS z\nRETURN $alpha AS a, $beta AS b, $zeta AS c"
	want := "evidence/x.cypher:6: the query uses $zeta, which the header does not declare\n" +
		"evidence/x.cypher:7: the query uses $alpha, which the header does not declare\n" +
		"evidence/x.cypher:7: the query uses $beta, which the header does not declare"
	for range 20 {
		if _, err := Parse("evidence/x.cypher", text); err == nil || err.Error() != want {
			t.Fatalf("got  %v\nwant %s", err, want)
		}
	}
}

func TestHeaderFields(t *testing.T) {
	text := "// name: x\n// title: X\n// pack: evidence\n// description: First line,\n//   second line\n//     and a third.\n" +
		"// param: who (entity, default SG): someone,\n//   by name\n// param: as_of (int): a year\n// param: k (kind): a kind\n" +
		"// columns: a, b\n// plan: the index cannot help here\n// bound: depth 3\n" +
		"MATCH (n:Entity {id: $who}) WHERE $as_of IS NULL OR $k IS NULL RETURN n.id AS a, n.name AS b"
	r, err := Parse("evidence/x.cypher", text)
	if err != nil {
		t.Fatal(err)
	}
	if r.Description != "First line, second line and a third." || r.Plan != "the index cannot help here" || r.Bound != "depth 3" {
		t.Errorf("%+v", r)
	}
	if !slices.Equal(r.Columns, []string{"a", "b"}) || len(r.Params) != 3 || r.Params[0].Meaning != "someone, by name" || r.Params[0].Line != 7 {
		t.Errorf("%+v", r)
	}
	if got := strings.Join(r.ParamLines(), "\n"); got != ":param who => 'SG'\n:param as_of => null\n:param k => null" {
		t.Errorf("param lines:\n%s", got)
	}
	if q := r.Query(); !strings.HasPrefix(q, "MATCH (n:Entity") {
		t.Errorf("query %q", q)
	}
	d, err := r.Defaults()
	if err != nil || d["who"] != "SG" || d["as_of"] != nil || len(d) != 3 {
		t.Errorf("defaults %v %v", d, err)
	}
}

// TestStaticChecks: labels, types and properties are checked against package
// graph, in patterns, predicates, subqueries and map projections; text in
// strings and comments, map keys and function namespaces are not.
func TestStaticChecks(t *testing.T) {
	bad := map[string]string{
		"MATCH (n:Contry) RETURN n.id AS a":                                                                       "evidence/x.cypher:6: label :Contry is not a kind declared in package graph, nor Entity or Source (did you mean Country?)",
		"MATCH (:Country)-[:MEMBER]->(m) RETURN m.id AS a":                                                        "evidence/x.cypher:6: relationship type MEMBER is not declared in package graph (did you mean MEMBER_OF?)",
		"MATCH (a)-[r:MEMBER_OF|MOU]-(b) RETURN a.id AS a":                                                        "evidence/x.cypher:6: relationship type MOU is not declared in package graph (did you mean MOU_WITH?)",
		"MATCH (n:Entity) RETURN n.nmae AS a":                                                                     "evidence/x.cypher:6: property n.nmae is not declared in package graph (did you mean name?)",
		"MATCH ()-[r:MEMBER_OF]->() RETURN r.sinse AS a":                                                          "evidence/x.cypher:6: property r.sinse is not declared in package graph (did you mean since?)",
		"MATCH (n) WHERE n:Agncy RETURN n.id AS a":                                                                "evidence/x.cypher:6: label or type Agncy is not declared in package graph (did you mean Agency?)",
		"MATCH (s:Country)\nCALL {\n  WITH s\n  MATCH (s)<-[:AGENCY]-(x:Agency)\n  RETURN x\n}\nRETURN x.id AS a": "evidence/x.cypher:9: relationship type AGENCY is not declared in package graph (did you mean AGENCY_OF?)",
		"MATCH (n:Entity) RETURN n {.id, .colour} AS a":                                                           "evidence/x.cypher:6: property n.colour is not declared in package graph",
		"MATCH (n:Country|Regoin) RETURN n.id AS a":                                                               "evidence/x.cypher:6: label :Regoin is not a kind declared in package graph, nor Entity or Source",
		"MATCH p = (a:Country)-[:MEMBER_OF*1..3]-(b) RETURN a.id AS a":                                            "evidence/x.cypher:6: the query follows paths of variable length: declare its depth or row limit in a `bound:` line",
		"MATCH p = shortestPath((a:Country)-[:MEMBER_OF]-(b)) RETURN a.id AS a":                                   "evidence/x.cypher:6: the query follows paths of variable length: declare its depth or row limit in a `bound:` line",
	}
	for q, want := range bad {
		if _, err := Parse("evidence/x.cypher", head+q); err == nil || err.Error() != want {
			t.Errorf("%s\ngot  %v\nwant %s", q, err, want)
		}
	}
	good := []string{
		// strings, comments, map keys and function namespaces are not labels or properties
		"MATCH (n:Entity {id: 'x:Nope'}) // (m:Nope) $nope\nRETURN n.id AS a, apoc.text.join(['a'], ':') AS b, {colour: n.name}.colour AS c",
		"/* MATCH (n:Nope) */ MATCH (n:Entity) WHERE n:Country OR n:Agency RETURN n.name_zh AS a",
		"MATCH (n:Entity)-[r]-(m:Source) RETURN r.ev_quote[0] AS a, r.score_pagerank AS b, n.community_louvain AS c, m.title AS d",
		"UNWIND [{source: 'x', quote: 'y'}] AS e RETURN e.quote AS a", // e is a map, not a node or tie
		"MATCH (s:Country)\nCALL (s) {\n  MATCH (s)-[:MEMBER_OF]->(m:Bloc)\n  RETURN count(m) AS n\n}\nRETURN s.id AS a, n",
		"MATCH (n:`Country`) RETURN n.`name` AS a",
		"MATCH (s:Country) WHERE EXISTS { (s)-[:MEMBER_OF]->(:Bloc) } RETURN s.id AS a, COUNT { (s)--() } AS n",
		"MATCH (s:Country) RETURN s.id AS a, [(s)-[r:PARTY_TO]->(x:Agreement) WHERE r.status = 'party' | x.id] AS b",
		"MATCH (s:Country) WITH s, {a: s.name, b: [1, 2]} AS m RETURN m.a AS a, s.iso3 AS b",
	}
	for _, q := range good {
		if _, err := Parse("evidence/x.cypher", head+q); err != nil {
			t.Errorf("%s\n%v", q, err)
		}
	}
	if _, err := Parse("evidence/x.cypher", strings.Replace(head, "columns: a", "bound: depth 3\n// columns: a", 1)+"MATCH p = (a:Country)-[:MEMBER_OF*1..3]-(b) RETURN a.id AS a"); err != nil {
		t.Errorf("a bounded path report: %v", err)
	}
}

func report(name, pack, params, query string) string {
	return fmt.Sprintf("// name: %s\n// title: T\n// pack: %s\n// description: d\n%s// columns: a\n%s", name, pack, params, query)
}

func TestParseFS(t *testing.T) {
	fsys := fstest.MapFS{
		"cooperation/one.cypher":        {Data: []byte(report("one", "cooperation", "// param: state (state, default SG): s\n", "MATCH (n:Country {id: $state}) RETURN n.id AS a"))},
		"cooperation/one.visual.cypher": {Data: []byte("// visual: one\nMATCH p = (n:Country {id: $state})-[:MEMBER_OF]->() RETURN p")},
		"blocs/two.cypher":              {Data: []byte(report("two", "blocs", "", "RETURN 1 AS a"))},
		"testdata/broken.cypher":        {Data: []byte("not a report")},
		"rules/camp.cypher":             {Data: []byte("CALL { WITH m RETURN 'x' AS camp }")},
	}
	all, err := ParseFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Name != "two" || all[1].Name != "one" {
		t.Fatalf("%+v", all)
	}
	if !strings.Contains(all[1].Visual, "RETURN p") || all[1].VisualFile != "cooperation/one.visual.cypher" || all[0].Visual != "" {
		t.Errorf("visual not attached: %+v", all[1])
	}

	bad := map[string]fstest.MapFS{
		"cooperation/one.visual.cypher:2: the visual uses $other, which report one does not declare": {
			"cooperation/one.visual.cypher": {Data: []byte("// visual: one\nMATCH p = (n:Country {id: $other}) RETURN p")},
		},
		"cooperation/lone.visual.cypher:1: visual lone has no report lone.cypher beside it": {
			"cooperation/lone.visual.cypher": {Data: []byte("// visual: lone\nRETURN 1")},
		},
		`cooperation/one.visual.cypher:1: visual "two", but the file is one.visual.cypher`: {
			"cooperation/one.visual.cypher": {Data: []byte("// visual: two\nRETURN 1")},
		},
		"cooperation/one.visual.cypher:2: a visual's header is only `// visual: <name>`; its parameters are the report's": {
			"cooperation/one.visual.cypher": {Data: []byte("// visual: one\n// param: x (int): x\nRETURN 1")},
		},
		"cooperation/one.visual.cypher:2: label :Contry is not a kind declared in package graph, nor Entity or Source (did you mean Country?)": {
			"cooperation/one.visual.cypher": {Data: []byte("// visual: one\nMATCH p = (:Contry)--() RETURN p")},
		},
		`evidence/one.cypher:1: report name "one" is also used by cooperation/one.cypher`: {
			"evidence/one.cypher": {Data: []byte(report("one", "evidence", "", "RETURN 1 AS a"))},
		},
	}
	for want, extra := range bad {
		f := fstest.MapFS{"cooperation/one.cypher": fsys["cooperation/one.cypher"]}
		for k, v := range extra {
			f[k] = v
		}
		if _, err := ParseFS(f); err == nil || err.Error() != want {
			t.Errorf("got  %v\nwant %s", err, want)
		}
	}
}

func TestShippedReportsParse(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 2 {
		t.Fatalf("%d reports", len(all))
	}
	for _, r := range all {
		if _, err := r.Defaults(); err != nil {
			t.Errorf("%s: %v", r.Name, err)
		}
		if r.File != r.Pack+"/"+r.Name+".cypher" {
			t.Errorf("%s is at %s", r.Name, r.File)
		}
	}
}

func TestConvert(t *testing.T) {
	cases := []struct {
		p    Param
		in   string
		want any
		err  string
	}{
		{Param{Name: "from", Type: TypeInt}, "2018", int64(2018), ""},
		{Param{Name: "from", Type: TypeInt}, "2018abc", nil, `parameter from takes a whole number, not "2018abc"`},
		{Param{Name: "all", Type: TypeBool}, "Yes", true, ""},
		{Param{Name: "all", Type: TypeBool}, "", nil, `parameter all takes true or false, not ""`},
		{Param{Name: "k", Type: TypeKind}, "organisation", "Organisation", ""},
		{Param{Name: "k", Type: TypeKind}, "Org", nil, `parameter k takes a kind (Country, Organisation, Agency, Forum, Agreement, Law, Strategy, Initiative, Company, Bloc, Framework, Project, Tier, Person, Place), not "Org"`},
		{Param{Name: "s", Type: TypeState}, "新加坡", "新加坡", ""},
		{Param{Name: "q", Type: TypeString}, " a'b ", " a'b ", ""},
	}
	for _, c := range cases {
		v, err := c.p.Convert(c.in)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%s %q: got %v, want %s", c.p.Type, c.in, err, c.err)
			}
			continue
		}
		if err != nil || v != c.want {
			t.Errorf("%s %q: got %v %v, want %v", c.p.Type, c.in, v, err, c.want)
		}
	}
}

func TestCypherLiteral(t *testing.T) {
	for in, want := range map[any]string{"it's": `'it\'s'`, `a\b`: `'a\\b'`, int64(3): "3", true: "true", nil: "null", "东盟": "'东盟'"} {
		if got := CypherLiteral(in); got != want {
			t.Errorf("%v: %s, want %s", in, got, want)
		}
	}
}

func TestClosest(t *testing.T) {
	rs := []Report{{Name: "partners"}, {Name: "evidence-between"}, {Name: "shared-mechanisms"}, {Name: "partners-by-year"}}
	if got := Closest(rs, "partner", 2); !slices.Equal(got, []string{"partners", "partners-by-year"}) {
		t.Errorf("%v", got)
	}
	if got := Closest(rs, "evidence", 1); !slices.Equal(got, []string{"evidence-between"}) {
		t.Errorf("%v", got)
	}
}

// resolve turns the names given for entity and state parameters into ids,
// as the runner does (queries/run is tested on its own; this package's
// tests cannot import it).
func resolve(t *testing.T, db *store.Store, r Report, p map[string]any) {
	t.Helper()
	for _, d := range r.Params {
		name, ok := p[d.Name].(string)
		if !ok || (d.Type != TypeEntity && d.Type != TypeState) {
			continue
		}
		m, exact, err := db.Resolve(context.Background(), name, 5)
		if err != nil || !exact || len(m) != 1 {
			t.Fatalf("%s: %q resolves to %v (exact %v, %v)", d.Name, name, m, exact, err)
		}
		p[d.Name] = m[0].ID
	}
}

// run executes a report in a read transaction and returns its rows.
func run(t *testing.T, name string, params map[string]any) []map[string]any {
	t.Helper()
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		if r.Name != name {
			continue
		}
		p, _ := r.Defaults()
		for k, v := range params {
			p[k] = v
		}
		db := testneo4j.Open(t)
		resolve(t, store.New(db.Driver, db.Target.Database), r, p)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		sess := db.Driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.Target.Database, AccessMode: neo4j.AccessModeRead})
		defer sess.Close(ctx)
		out, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			res, err := tx.Run(ctx, r.Cypher, p)
			if err != nil {
				return nil, err
			}
			recs, err := res.Collect(ctx)
			if err != nil {
				return nil, err
			}
			rows := make([]map[string]any, len(recs))
			for i, rec := range recs {
				rows[i] = rec.AsMap()
				if got := strings.Join(rec.Keys, ", "); got != strings.Join(r.Columns, ", ") {
					return nil, fmt.Errorf("%s returns columns %s, its header declares %s", r.Name, got, strings.Join(r.Columns, ", "))
				}
			}
			return rows, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out.([]map[string]any)
	}
	t.Fatalf("no report %s", name)
	return nil
}

func seedReal(t *testing.T) {
	t.Helper()
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	ds, err := seed.Load(seed.DataFS(), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// AllowRemovals: whatever an earlier test left in the database is replaced.
	if _, err := store.New(db.Driver, db.Target.Database).Load(context.Background(), ds, store.Options{AllowRemovals: true}); err != nil {
		t.Fatal(err)
	}
}

func TestReportsOnTheSeededGraph(t *testing.T) {
	seedReal(t)
	all, _ := All()
	for _, r := range all {
		run(t, r.Name, nil) // every report runs with its defaults and returns its declared columns
	}

	// The first document states MoUs of Singapore with the US and of Malaysia with Australia.
	for _, pair := range [][2]string{{"新加坡", "United States"}, {"马来西亚", "AU"}} {
		rows := run(t, "evidence-between", map[string]any{"a": pair[0], "b": pair[1]})
		found := false
		for _, r := range rows {
			if r["type"] == "MOU_WITH" && r["source"] == "000_fec1530038a11fab" && r["source_kind"] == "document" && strings.Contains(fmt.Sprint(r["quote"]), "谅解备忘录") {
				found = true
			}
		}
		if !found {
			t.Errorf("no document evidence for the %s–%s MoU: %v", pair[0], pair[1], rows)
		}
	}
	if rows := run(t, "evidence-between", map[string]any{"a": "SG", "b": "ET"}); len(rows) != 0 {
		t.Errorf("Singapore and Ethiopia share no stated tie, got %v", rows)
	}

	partners := map[string][]string{}
	for _, r := range run(t, "partners", map[string]any{"state": "SG"}) {
		partners[r["partner"].(string)] = append(partners[r["partner"].(string)], fmt.Sprint(r["through"]))
	}
	if !strings.Contains(fmt.Sprint(partners["US"]), "direct") {
		t.Errorf("the US is not a direct partner of Singapore: %v", partners["US"])
	}
	if !strings.Contains(fmt.Sprint(partners["MY"]), "asean") {
		t.Errorf("Malaysia is not linked to Singapore through ASEAN: %v", partners["MY"])
	}
	if _, self := partners["SG"]; self {
		t.Error("Singapore is listed as its own partner")
	}
}

// unknownNotes are the EXPLAIN notifications that mean a label, type or
// property the graph does not hold.
var unknownNotes = []string{
	"Neo.ClientNotification.Statement.UnknownLabelWarning",
	"Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning",
	"Neo.ClientNotification.Statement.UnknownPropertyKeyWarning",
}

// explain plans q on the server: its notifications about unknown names,
// its result columns and its operators.
func explain(t *testing.T, db *neo4j.DriverWithContext, database, q string, params map[string]any) (notes, keys, ops []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := neo4j.ExecuteQuery(ctx, *db, "EXPLAIN "+q, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		t.Fatalf("EXPLAIN: %v", err)
	}
	for _, n := range res.Summary.Notifications() {
		if slices.Contains(unknownNotes, n.Code()) {
			notes = append(notes, fmt.Sprintf("%s: %s", n.Code(), n.Description()))
		}
	}
	var walk func(p neo4j.Plan)
	walk = func(p neo4j.Plan) {
		ops = append(ops, strings.SplitN(p.Operator(), "@", 2)[0])
		for _, c := range p.Children() {
			walk(c)
		}
	}
	if p := res.Summary.Plan(); p != nil {
		walk(p)
	}
	return notes, res.Keys, ops
}

// TestExplainEveryReport plans every report and visual on the seeded graph:
// the server knows every label, type and property it names (a misspelt
// type cannot pass by returning fewer rows), it returns the columns its
// header declares, and its plan has no AllNodesScan or CartesianProduct
// unless the header says why.
func TestExplainEveryReport(t *testing.T) {
	seedReal(t)
	db := testneo4j.Open(t)
	// The check itself can fail: an unknown label, type and property each give a notification.
	if notes, _, _ := explain(t, &db.Driver, db.Target.Database, "MATCH (n:NoSuchKind)-[:NO_SUCH_TYPE]->(m) RETURN n.no_such_prop", nil); len(notes) != 3 {
		t.Fatalf("EXPLAIN of unknown names gave %v, want three notifications", notes)
	}
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		p, _ := r.Defaults()
		notes, keys, ops := explain(t, &db.Driver, db.Target.Database, r.Cypher, p)
		if len(notes) > 0 {
			t.Errorf("%s: %s", r.File, strings.Join(notes, "; "))
		}
		if !slices.Equal(keys, r.Columns) {
			t.Errorf("%s returns columns %s; its header declares %s", r.File, strings.Join(keys, ", "), strings.Join(r.Columns, ", "))
		}
		for _, bad := range []string{"AllNodesScan", "CartesianProduct"} {
			if slices.Contains(ops, bad) && r.Plan == "" {
				t.Errorf("%s: the plan has %s and the header has no `plan:` line saying why (operators: %v)", r.File, bad, ops)
			}
		}
		if r.Visual != "" {
			if notes, _, _ := explain(t, &db.Driver, db.Target.Database, r.Visual, p); len(notes) > 0 {
				t.Errorf("%s: %s", r.VisualFile, strings.Join(notes, "; "))
			}
		}
	}
}
