package seed

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/seed/synth"
	"go.yaml.in/yaml/v3"
)

// differ says how two nodes differ in what the decoder reads of them
// (kind, resolved tag, value, line, content), or "".
func differ(a, b *yaml.Node, path string) string {
	switch {
	case a.Kind != b.Kind:
		return fmt.Sprintf("%s: kind %v, yaml.v3 %v", path, a.Kind, b.Kind)
	case a.ShortTag() != b.ShortTag():
		return fmt.Sprintf("%s: tag %s, yaml.v3 %s", path, a.ShortTag(), b.ShortTag())
	case a.Kind == yaml.ScalarNode && a.Value != b.Value:
		return fmt.Sprintf("%s: value %q, yaml.v3 %q", path, a.Value, b.Value)
	case a.Line != b.Line:
		return fmt.Sprintf("%s (%q): line %d, yaml.v3 %d", path, a.Value, a.Line, b.Line)
	case len(a.Content) != len(b.Content):
		return fmt.Sprintf("%s: %d children, yaml.v3 %d", path, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if d := differ(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// agree parses b with the fast path and, if it accepts it, with yaml.v3,
// and reports any difference. It returns whether the fast path accepted b.
func agree(t *testing.T, p *fastParser, b []byte) bool {
	t.Helper()
	got, ok := p.parse(b)
	if !ok {
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("the fast path accepts what yaml.v3 refuses (%v):\n%s", err, b)
	}
	if len(doc.Content) != 1 {
		t.Fatalf("the fast path accepts what yaml.v3 reads as %d nodes:\n%s", len(doc.Content), b)
	}
	if d := differ(got, doc.Content[0], ""); d != "" {
		t.Fatalf("the fast path and yaml.v3 differ: %s, in:\n%s", d, b)
	}
	return true
}

// partsOf cuts the files of dir as parseFile does.
func partsOf(t *testing.T, files ...string) [][]byte {
	t.Helper()
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		secs, _, ok := split(b)
		if !ok {
			t.Fatalf("%s is not cut into parts", f)
		}
		for _, s := range secs {
			for _, p := range s.parts {
				out = append(out, b[p.start:p.end])
			}
		}
	}
	return out
}

// TestFastParserAgrees: on every part of the shipped dataset and of a
// synthetic one, the fast path either declines or builds what yaml.v3 does;
// and it takes most of them (else it is no faster).
func TestFastParserAgrees(t *testing.T) {
	shipped, _ := filepath.Glob("data/*.yaml")
	dir := t.TempDir()
	if err := synth.WriteFiles(dir, synth.Generate(synth.Config{Seed: 3, Nodes: 2000, Ties: 20000}), 5000); err != nil {
		t.Fatal(err)
	}
	synthetic, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	p := newFastParser()
	for _, set := range []struct {
		name  string
		files []string
		least float64 // share of parts the fast path must take
	}{{"shipped", shipped, 0.5}, {"synthetic", synthetic, 1}} {
		parts := partsOf(t, set.files...)
		taken := 0
		for _, b := range parts {
			if agree(t, p, b) {
				taken++
			}
		}
		if float64(taken) < set.least*float64(len(parts)) {
			t.Errorf("%s: the fast path took %d of %d parts", set.name, taken, len(parts))
		}
	}
}

// fastCases are small parts: what the fast path must take and what it must leave.
var fastCases = []struct {
	yaml string
	fast bool
}{
	{"- id: SG\n  kind: Country\n  name: Singapore # a comment\n  aliases: [新加坡, 'Lion City', \"SG\"]\n", true},
	{"- type: MOU_WITH\n  year: 2017\n  proposal: true\n  evidence:\n  - source: web1\n    line: 3\n  - {source: doc1, line: 2, quote: 新加坡}\n", true},
	{"  - id: x\n    note:\n    external_ids:\n      wikidata: Q1\n\n    # trailing\n", true},
	{"- id: x\n  name: 'It''s'\n  category: a#b\n  url: https://example.org/a?b=c#d\n", true},
	{"- id: x\n  name: ~\n  note: null\n  year: 0x7E1\n  line: 1_000\n  title: 2025-06-01\n", true},
	{"- id: x\n  name: a\n    b\n", false},                     // a text over two lines
	{"- id: x\n  name: \"a\\tb\"\n", false},                    // an escape
	{"- id: x\n  note: |\n    text\n", false},                  // a block scalar
	{"- &a\n  id: x\n- *a\n", false},                           // an anchor and an alias
	{"- id: x\n  name: a: b\n", false},                         // a colon yaml.v3 refuses
	{"- id: x\n  aliases: [a, [b]]\n", false},                  // a nested flow list
	{"- id: x\n  aliases: [a,\n    b]\n", false},               // a flow list over two lines
	{"- id: x\n   kind: Country\n", false},                     // odd indentation
	{"- id: x\n  \"name\": a\n", false},                        // a quoted key
	{"- id: x\n  name: [a, b?]\n", false},                      // '?' in a flow text
	{"- id: x\n  aliases: [a, ]\n", false},                     // a trailing comma
	{"-\n  id: x\n", false},                                    // an item on the next line
	{"- id: x\n  " + strings.Repeat("k", 70) + ": 1\n", false}, // a long key
}

func TestFastParserCases(t *testing.T) {
	p := newFastParser()
	for _, c := range fastCases {
		if got := agree(t, p, []byte(c.yaml)); got != c.fast {
			t.Errorf("fast path took it: %v, want %v:\n%s", got, c.fast, c.yaml)
		}
	}
}

// FuzzFastParser: whatever the fast path accepts, yaml.v3 reads the same.
// go test ./seed -run '^$' -fuzz FuzzFastParser -fuzztime 60s
func FuzzFastParser(f *testing.F) {
	for _, c := range fastCases {
		f.Add([]byte(c.yaml))
	}
	for _, file := range []string{"testdata/valid/entities.yaml", "testdata/valid/ties.yaml", "testdata/valid/sources.yaml"} {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[strings.IndexByte(string(b), '\n')+1:])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		b = bytes.Clone(b) // scanBytes overwrites; the fuzzer's input is its own
		if len(scanBytes(b)) == maxByteProblems {
			return // parseFile gives up on such a file before parsing it
		}
		agree(t, newFastParser(), b)
	})
}
