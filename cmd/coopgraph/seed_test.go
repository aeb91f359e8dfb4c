package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/coopgraph/coopgraph/seed"
)

// TestSeedRefusesToWipeTheGraph: seeding a dataset that would remove more
// than half of the graph (here the five-entity test fixture over the
// curated graph) exits 1 with the counts and the flag, and changes nothing;
// with --allow-removals it proceeds.
func TestSeedRefusesToWipeTheGraph(t *testing.T) {
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	st := store.New(db.Driver, db.Target.Database)
	pointAt(t, db)

	if code, _, errOut := cli(t, "seed", "--data", "../../seed/data", "--allow-removals"); code != 0 {
		t.Fatalf("seeding the real dataset: exit %d\n%s", code, errOut)
	}
	curated, err := seed.Load(seed.DataFS(), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	before, err := st.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := cli(t, "seed", "--data", "../../seed/testdata/valid")
	held := fmt.Sprintf(" of %s nodes and ", withCommas(len(curated.Entities)+len(curated.Sources)))
	tail := fmt.Sprintf(" of %s ties the graph holds, more than half of its nodes or of its ties; nothing was written: check that --data names the right dataset, or pass --allow-removals to load it anyway\n", withCommas(len(curated.Ties)))
	if code != 1 || !strings.HasPrefix(errOut, "coopgraph: seeding Neo4j at "+db.Target.URI+": this load would remove ") || !strings.Contains(errOut, held) || !strings.HasSuffix(errOut, tail) {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if after, _ := st.Digest(context.Background()); after != before {
		t.Fatal("a refused seed changed the database")
	}
	code, out, errOut := cli(t, "seed", "--data", "../../seed/testdata/valid", "--allow-removals")
	if code != 0 || !strings.Contains(out, "dataset "+mustVersion(t, "../../seed/testdata/valid")+" loaded into "+db.Target.URI) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
}

func withCommas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func mustVersion(t *testing.T, dir string) string {
	t.Helper()
	ds, err := seed.LoadDir(dir, seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds.Version
}
