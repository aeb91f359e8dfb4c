package analytics

import (
	"strings"
	"testing"
)

// Both projections parse with the report parser and carry what analytics needs.
func TestProjections(t *testing.T) {
	for _, name := range Names {
		p, err := Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != name || p.Report == "" || strings.HasPrefix(strings.TrimSpace(p.Body), "//") || !strings.Contains(p.Body, "$as_of") ||
			strings.Join(p.Columns[:3], ",") != "source,target,weight" || !strings.HasPrefix(p.Nodes, "MATCH "+p.NodeMatch) {
			t.Errorf("%s: %+v", name, p)
		}
	}
	if _, err := Get("everything"); err == nil || !strings.Contains(err.Error(), "use states or all") {
		t.Errorf("unknown graph: %v", err)
	}
	if _, err := parse("x.cypher", "// name: x\n// title: t\n// pack: cooperation\n// description: d\n// param: as_of (int): y\n// columns: source, target, weight\nRETURN $as_of AS source, 1 AS target, 1 AS weight"); err == nil {
		t.Error("a projection outside the analytics pack was accepted")
	}
}
