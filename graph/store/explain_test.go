package store

import (
	"context"
	"testing"

	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestLoadStatementsStream: no generated write statement needs an Eager
// barrier (which would hold a whole batch in memory before writing), and
// every lookup goes through the id constraint's index. (The removal
// statements do take one, to keep deletions apart from later reads; they
// only ever see what the dataset dropped.)
func TestLoadStatementsStream(t *testing.T) {
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	// The loader asserts the schema before any statement runs; so does this test.
	if _, err := New(db.Driver, db.Target.Database).AssertSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	stmts := []string{sourceStatement()}
	for _, k := range []string{"Country", "Agency"} {
		stmts = append(stmts, nodeStatement(k))
	}
	for _, r := range []string{"MEMBER_OF", "MOU_WITH"} {
		stmts = append(stmts, tieStatement(r), newTieStatement(r))
	}
	for _, q := range stmts {
		res, err := neo4j.ExecuteQuery(context.Background(), db.Driver, "EXPLAIN "+q, map[string]any{"rows": []any{}},
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db.Target.Database))
		if err != nil {
			t.Fatal(err)
		}
		ops := map[string]bool{}
		var walk func(p neo4j.Plan)
		walk = func(p neo4j.Plan) {
			ops[p.Operator()] = true
			for _, c := range p.Children() {
				walk(c)
			}
		}
		walk(res.Summary.Plan())
		for op := range ops {
			switch {
			case op == "Eager@neo4j", op == "AllNodesScan@neo4j", op == "NodeByLabelScan@neo4j":
				t.Errorf("plan of\n%s\nhas %s", q, op)
			}
		}
	}
}
