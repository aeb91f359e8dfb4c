package queries

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/coopgraph/coopgraph/seed"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func TestParseIsStrict(t *testing.T) {
	head := "// name: x\n// title: X\n// pack: evidence\n// description: d\n// columns: a\n"
	cases := map[string]string{
		head + "// colour: red\nRETURN 1 AS a":                                       `evidence/x.cypher:6: unknown header key "colour": use name, title, pack, description, param, columns`,
		head + "RETURN $who AS a":                                                    "evidence/x.cypher:1: the query uses $who, which the header does not declare",
		head + "// param: who (string, default SG): someone\nRETURN 1 AS a":          "evidence/x.cypher:1: param who is declared but the query never uses $who",
		head + "// param: who (string): a\n// param: who (int): b\nRETURN $who":      "evidence/x.cypher:7: param who is declared twice",
		head + "// param: who string SG\nRETURN $who":                                "evidence/x.cypher:6: param reads `name (type[, default value]): meaning` with type string, int or bool",
		"// title: X\n// pack: evidence\n// description: d\n// columns: a\nRETURN 1": "evidence/x.cypher:1: the header has no name",
		strings.Replace(head, "pack: evidence", "pack: blocs", 1) + "RETURN 1":       `evidence/x.cypher:1: pack "blocs", but the file is in evidence/`,
		head + "// title: Y\nRETURN 1":                                               "evidence/x.cypher:6: title is declared twice",
	}
	for text, want := range cases {
		if _, err := Parse("evidence/x.cypher", text); err == nil || err.Error() != want {
			t.Errorf("got %v\nwant %s", err, want)
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
	}
}

func TestConvert(t *testing.T) {
	p := Param{Name: "from", Type: "int"}
	if v, err := p.Convert("2018"); err != nil || v != int64(2018) {
		t.Fatalf("%v %v", v, err)
	}
	if _, err := p.Convert("2018abc"); err == nil || err.Error() != `parameter from takes a whole number, not "2018abc"` {
		t.Fatalf("%v", err)
	}
}

// run executes a report in a read transaction and returns its rows as strings.
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

func TestReportsCannotWrite(t *testing.T) {
	db := testneo4j.Open(t)
	ctx := context.Background()
	sess := db.Driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: db.Target.Database, AccessMode: neo4j.AccessModeRead})
	defer sess.Close(ctx)
	_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, "CREATE (:ShouldNotExist)", nil)
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	})
	if err == nil || !strings.Contains(err.Error(), "Writing in read access mode not allowed") {
		t.Fatalf("a write in a read transaction gave %v", err)
	}
}
