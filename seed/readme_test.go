package seed

import (
	"flag"
	"fmt"
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

// The limits README.md states are the ones the validator applies.
func TestREADMELimits(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, want := range []string{
		fmt.Sprintf("a file over %d MiB", DefaultMaxFileSize>>20),
		fmt.Sprintf("external ids) | %d bytes |", MaxIDBytes),
		fmt.Sprintf("other one-line text | %d characters |", MaxTextRunes),
		fmt.Sprintf("a `url` | %d characters |", MaxURLRunes),
		fmt.Sprintf("a `note` | %d characters |", MaxNoteRunes),
		fmt.Sprintf("a `quote` | %d characters |", MaxQuoteRunes),
		fmt.Sprintf("`external_ids` | %d |", MaxListItems),
		fmt.Sprintf("one tie statement | %d |", MaxEvidence),
		fmt.Sprintf("numbers from %d to the current year", MinYear),
		fmt.Sprintf("cut to %d characters", clipRunes),
		fmt.Sprintf("Past %s of those", map[int]string{10: "ten"}[maxConsequences]),
		"up to 1,000,000\n  values repeated",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("README.md does not say %q", want)
		}
	}
	if maxAliased != 1_000_000 {
		t.Error("README.md states the alias limit as 1,000,000")
	}
}
