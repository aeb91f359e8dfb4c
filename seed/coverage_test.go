package seed

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/coopgraph/coopgraph/graph"
)

func TestMentions(t *testing.T) {
	m := NewMentions([]graph.Entity{
		{ID: "CN", Name: "China", NameZh: "中国"},
		{ID: "asean", Name: "Association of Southeast Asian Nations", NameZh: "东盟", Aliases: []string{"ASEAN"}},
		{ID: "forum", Name: "China-ASEAN Cyberspace Forum", NameZh: "中国—东盟网络空间论坛"},
		{ID: "csa-sg", Name: "Cyber Security Agency of Singapore", Aliases: []string{"CSA"}},
		{ID: "x", Name: "X", NameZh: "南"}, // too short to name anything
	})
	for _, c := range []struct {
		line string
		want []string
	}{
		{"中国—东盟网络空间论坛在南宁举行", []string{"forum"}},                         // the longer name wins over the names inside it
		{"中国与东盟签署协议，中国—东盟网络空间论坛随后举行", []string{"CN", "asean", "forum"}}, // in order of first mention
		{"CSA 与 ASEAN 合作", []string{"csa-sg", "asean"}},
		{"CSAT and ASEANs are other words", nil}, // Latin names match whole words only
		{"南方", nil},
		{"发展中国家与东盟", []string{"asean"}}, // a common word that contains a name does not name it
	} {
		if got := m.In(c.line); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.line, got, c.want)
		}
	}
}

// TestCoverage: the lines of a document that name actors are cited,
// listed with a reason, or open; the figures count them.
func TestCoverage(t *testing.T) {
	extra := map[string]string{"uncited.yaml": "uncited:\n  - source: doc1\n    lines: [3]\n    reason: restates\n"}
	ds := mustLoad(t, baseFS(t, nil))
	docs, err := Coverage(ds, testOpts.SourcesDir)
	if err != nil {
		t.Fatal(err)
	}
	// Only doc1 is a document; line 1 names nobody; lines 2 and 3 are cited.
	if len(docs) != 1 || docs[0].Source != "doc1" || len(docs[0].Lines) != 2 {
		t.Fatalf("coverage: %+v", docs)
	}
	if f := docs[0].Figures(); f != (CoverageFigures{Lines: 2, Cited: 2, Multi: 2}) {
		t.Fatalf("figures: %+v", f)
	}
	if l := docs[0].Lines[1]; l.Line != 3 || l.Section != "一、新加坡" || !slices.Equal(l.Actors, []string{"asean", "SG"}) {
		t.Fatalf("line 3: %+v", l)
	}

	// Without the evidence that cites line 3, the line is open until it is listed.
	base := baseFS(t, nil)
	ties := string(base["ties.yaml"].Data)
	cite := "      - source: doc1\n        line: 3\n        section: 一、新加坡\n        quote: 新加坡是创始成员国\n"
	if !strings.Contains(ties, cite) {
		t.Fatal("testdata/valid/ties.yaml no longer cites line 3 as this test expects")
	}
	base["ties.yaml"].Data = []byte(strings.Replace(ties, cite, "", 1))
	open := mustLoad(t, base)
	docs, _ = Coverage(open, testOpts.SourcesDir)
	if f := docs[0].Figures(); f.Open != 1 || f.MultiOpen != 1 {
		t.Fatalf("open figures: %+v", f)
	}
	var out bytes.Buffer
	WriteCoverage(&out, docs, 2, 100)
	if !strings.Contains(out.String(), "Open lines naming 2 or more actors: 1\ndoc1:3 [asean, SG] 东盟成立于1967年ꎬ新加坡是创始成员国。\n") {
		t.Fatalf("report:\n%s", out.String())
	}
	for k, v := range extra {
		base[k] = &fstest.MapFile{Data: []byte(v)}
	}
	docs, _ = Coverage(mustLoad(t, base), testOpts.SourcesDir)
	if f := docs[0].Figures(); f.Open != 0 || f.Listed != 1 || docs[0].Lines[1].Listed != "restates" {
		t.Fatalf("listed figures: %+v", f)
	}
}

// TestPadCells: labels fit their column in terminal cells (a Chinese
// character takes two) and keep their end, where sections differ.
func TestPadCells(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"摘要", 8, "摘要    "},
		{"abc", 5, "abc  "},
		{"二、（一）体系完善群体 · 脚注", 16, "二、（一）… 脚注"},
	} {
		if got := padCells(c.in, c.n); got != c.want {
			t.Errorf("padCells(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
