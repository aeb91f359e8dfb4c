package seed

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/graph"
)

var update = flag.Bool("update", false, "rewrite the generated tables in README.md")

const (
	tablesBegin = "<!-- tables: begin -->\n"
	tablesEnd   = "<!-- tables: end -->\n"
)

// The README's kind, type and property tables are generated from the
// declarations in package graph; they fail here when they drift.
func TestREADMETables(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, tablesBegin), strings.Index(doc, tablesEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q ... %q section", tablesBegin, tablesEnd)
	}
	want := doc[:i+len(tablesBegin)] + graph.DocTables() + doc[j:]
	if *update {
		if err := os.WriteFile("README.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != doc {
		t.Fatal("seed/README.md's tables differ from the declarations in package graph: run `go test ./seed -run TestREADMETables -update`")
	}
}
