package seed

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/seed/synth"
)

// validDir copies testdata/valid into a temporary folder.
func validDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range baseFS(t, nil) {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func problemsIn(t *testing.T, dir string, opt Options) []string {
	t.Helper()
	opt.SourcesDir, opt.ThisYear = testOpts.SourcesDir, testOpts.ThisYear
	_, err := LoadDir(dir, opt)
	ps, ok := err.(Problems)
	if !ok {
		t.Fatalf("want problems, got %v", err)
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func wantProblems(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestFilesThatAreNotFiles: a data file that is a named pipe with no
// writer, or a link to /dev/zero, or a folder, is refused before it is
// opened (a read would block forever or never end), with the database
// untouched; a link to a regular file is read.
func TestFilesThatAreNotFiles(t *testing.T) {
	dir := validDir(t)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	extra := filepath.Join(t.TempDir(), "extra.yaml")
	os.WriteFile(extra, []byte("entities:\n  - id: MY\n    kind: Country\n    name: Malaysia\n    name_zh: 新加坡\n"), 0o644)
	if err := os.Symlink(extra, filepath.Join(dir, "linked.yaml")); err != nil {
		t.Fatal(err)
	}
	wantProblems(t, problemsIn(t, dir, Options{}),
		"folder.yaml: not a regular file: it is (or links to) a folder; dataset files must be plain files",
		"pipe.yaml: not a regular file: it is (or links to) a named pipe (FIFO); dataset files must be plain files",
		"zero.yaml: not a regular file: it is (or links to) a character device; dataset files must be plain files",
		// the linked file was read: its name clashes with Singapore's
		`linked.yaml:2: name or alias "新加坡" of "MY" already names "SG" (entities.yaml:2): one name must point at one entity; if they are the same actor, merge them`,
	)
}

// TestFileSizeLimit: a file over the limit is refused before it is read.
func TestFileSizeLimit(t *testing.T) {
	dir := validDir(t)
	wantProblems(t, problemsIn(t, dir, Options{MaxFileSize: 600}),
		"ties.yaml: file is 695B, over the limit of 600B: split it into several files (all files of the folder are one dataset), or raise the limit (--max-file-size)")
	for s, want := range map[string]int64{"64MiB": 64 << 20, "512k": 512 << 10, "1000000": 1000000, "2g": 2 << 30} {
		if n, err := ParseSize(s); err != nil || n != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", s, n, err, want)
		}
	}
	for _, s := range []string{"lots", "-5", "0", ""} {
		if _, err := ParseSize(s); err == nil || err.Error() != "not a size: write it like 64MiB, 512k or 1000000 (bytes)" {
			t.Errorf("ParseSize(%q): %v", s, err)
		}
	}
}

func TestZeroByteFile(t *testing.T) {
	wantProblems(t, problemsOf(t, baseFS(t, map[string]string{"blank.yaml": ""})),
		"blank.yaml: empty file: it holds no sources, entities, ties or uncited lines; restore its content, or delete the file")
}

// TestMegabyteQuoteIsCut: a message quotes at most 80 characters of input.
func TestMegabyteQuoteIsCut(t *testing.T) {
	q := strings.Repeat("新加坡", 350_000) // a million characters, 3 MB
	got := problemsOf(t, baseFS(t, map[string]string{"broken.yaml": "ties:\n  - type: COOPERATES_WITH\n    from: SG\n    to: AU\n    evidence:\n      - source: doc1\n        line: 2\n        section: 一、新加坡\n        quote: " + q + "\n"}))
	wantProblems(t, got,
		"broken.yaml:6: quote is 1050000 characters long: keep a citation short (at most 90), one clause",
		`broken.yaml:6: quote "`+strings.Repeat("新加坡", 26)+`新加…" is not on line 2 of "doc1": copy the quote character for character`)
}

// TestEmptyDatasetWarns: a dataset with no entities is valid (emptying a
// graph on purpose is a load like any other), and says what seeding it does.
func TestEmptyDatasetWarns(t *testing.T) {
	ds, err := Load(fstest.MapFS{"a.yaml": {Data: []byte("entities: []\nties: []\n")}}, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"the dataset is empty (no entities, no ties): seeding it would remove every node and tie the graph holds"}
	if got := Warnings(ds); !reflect.DeepEqual(got, want) {
		t.Fatalf("warnings: %q", got)
	}
	if got := Warnings(mustLoad(t, baseFS(t, nil))); got != nil {
		t.Fatalf("warnings for the valid dataset: %q", got)
	}
}

func mustLoad(t *testing.T, fsys fstest.MapFS) *graph.Dataset {
	t.Helper()
	ds, err := Load(fsys, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestConsequencesAreCounted: past ten, what follows from a file that
// could not be read is counted in one line, after the cause.
func TestConsequencesAreCounted(t *testing.T) {
	var b strings.Builder
	b.WriteString("ties:\n")
	for i := range 15 {
		b.WriteString("  - type: COOPERATES_WITH\n    from: SG\n    to: MY\n    role: r" + string(rune('a'+i)) + "\n    evidence:\n      - source: web1\n")
	}
	got := problemsOf(t, baseFS(t, map[string]string{
		"a.yaml":   "entities:\n  - id: MY\n    kind: Country\n\tname: Malaysia\n",
		"b.yaml":   b.String(),
		"zzz.yaml": "entities:\n  - id: mcmc-my\n    kind: Agencies\n    name: MCMC\n",
	}))
	if len(got) != 13 {
		t.Fatalf("got %d problems:\n%s", len(got), strings.Join(got, "\n"))
	}
	wantProblems(t, []string{got[0], got[1], got[2], got[11], got[12]},
		"a.yaml:4: not valid YAML: found a tab character that violates indentation: indent with spaces, not tabs",
		`zzz.yaml:2: entity "mcmc-my" has kind "Agencies" (did you mean "Agency"?); kinds are Country, Organisation, Agency, Forum, Agreement, Law, Strategy, Initiative, Company, Bloc, Framework, Project, Tier, Person, Place`,
		`b.yaml:2: tie COOPERATES_WITH: to "MY" is not a defined entity (probably because a.yaml could not be read; fix that first)`,
		`b.yaml:56: tie COOPERATES_WITH: to "MY" is not a defined entity (probably because a.yaml could not be read; fix that first)`,
		"... and 5 more references to ids that a.yaml may define: fix it first, then validate again")
}

// synthDir writes a synthetic dataset, perFile items a file.
func synthDir(t *testing.T, c synth.Config, perFile int) (string, *graph.Dataset) {
	t.Helper()
	dir := t.TempDir()
	ds := synth.Generate(c)
	if err := synth.WriteFiles(dir, ds, perFile); err != nil {
		t.Fatal(err)
	}
	return dir, ds
}

// TestSyntheticRoundTrip: a synthetic dataset written to files (several
// files, each read in several parts, in parallel) reads back as generated.
func TestSyntheticRoundTrip(t *testing.T) {
	dir, want := synthDir(t, synth.Config{Seed: 5, Nodes: 3000, Ties: 30000}, 7000)
	got, err := LoadDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entities) != len(want.Entities) || len(got.Ties) != len(want.Ties) {
		t.Fatalf("read %d entities and %d ties, wrote %d and %d", len(got.Entities), len(got.Ties), len(want.Entities), len(want.Ties))
	}
	for i := range got.Entities {
		e := got.Entities[i]
		e.Origin = graph.Origin{}
		if !reflect.DeepEqual(e, want.Entities[i]) {
			t.Fatalf("entity %d: read %+v, wrote %+v", i, e, want.Entities[i])
		}
	}
	for i := range got.Ties {
		x := got.Ties[i]
		x.Origin = graph.Origin{}
		x.Evidence = append([]graph.Evidence(nil), x.Evidence...)
		for j := range x.Evidence {
			x.Evidence[j].Origin = graph.Origin{}
		}
		if !reflect.DeepEqual(x, want.Ties[i]) {
			t.Fatalf("tie %d: read %+v, wrote %+v", i, x, want.Ties[i])
		}
	}
}

// TestPartsAgreeWithWhole: reading a file in parts gives what reading it
// whole does, problems included, and so does yaml.v3 without the fast path.
func TestPartsAgreeWithWhole(t *testing.T) {
	dir, _ := synthDir(t, synth.Config{Seed: 6, Nodes: 500, Ties: 4000}, 4000)
	b, err := os.ReadFile(filepath.Join(dir, "ties-0000.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Faults in a late part: a zero year, an unknown field, a key given twice.
	s := strings.Replace(string(b), "    since: 2004\n", "    since: 0\n", 1)
	s = strings.Replace(s, "        locator: \"row 3999\"\n", "        locator: \"row 3999\"\n        page: 4\n", 1)
	s = strings.Replace(s, "    to: \"forum-3\"\n", "    to: \"forum-3\"\n    to: \"forum-4\"\n", 1)
	b = []byte(s)
	secs, _, ok := split(b)
	if !ok || len(secs) != 1 || len(secs[0].parts) < 5 {
		t.Fatalf("split: ok %v, %d sections", ok, len(secs))
	}
	read := func(how string) *fileResult {
		w := &worker{intern: map[string]string{}, fast: newFastParser()}
		res := &fileResult{}
		d := &decoder{file: "t.yaml", probs: &res.probs, intern: w.intern}
		switch how {
		case "parts":
			if !w.parseParts(d, b, secs, res) {
				t.Fatal("parts refused")
			}
		case "parts without the fast path":
			w.fast = nil
			if !w.parseParts(d, b, secs, res) {
				t.Fatal("parts refused")
			}
		default:
			parseWhole(d, b, res, nil)
		}
		return res
	}
	whole := read("whole")
	if len(whole.probs) != 3 {
		t.Fatalf("whole: %v", whole.probs)
	}
	for _, how := range []string{"parts", "parts without the fast path"} {
		got := read(how)
		if !reflect.DeepEqual(got, whole) {
			t.Errorf("%s differs from whole: problems %v, %d ties; whole: %v, %d ties", how, got.probs, len(got.ties), whole.probs, len(whole.ties))
		}
	}
}

// TestSyntaxErrorInALatePart: the line of a fault deep in a large file is
// its own, and the file's statements are all set aside.
func TestSyntaxErrorInALatePart(t *testing.T) {
	dir, _ := synthDir(t, synth.Config{Seed: 7, Nodes: 500, Ties: 4000}, 4000)
	f := filepath.Join(dir, "ties-0000.yaml")
	b, _ := os.ReadFile(f)
	lines := strings.Split(string(b), "\n")
	at := 0
	for i := len(lines) - 200; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "    to: ") {
			at = i
			break
		}
	}
	lines[at] = "   " + lines[at] // one space short of the mapping's indentation
	os.WriteFile(f, []byte(strings.Join(lines, "\n")), 0o644)
	got := problemsIn(t, dir, Options{})
	want := fmt.Sprintf("ties-0000.yaml:%d: not valid YAML: did not find expected key: check this line's indentation and brackets against the lines above it", at+1)
	if len(got) == 0 || got[0] != want {
		t.Fatalf("first problem:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestWholeFileReadings: what reading in parts cannot take is read whole,
// and means what it means: a quoted text that runs over a line that looks
// like the start of an item, an alias to an anchor many items back, a flow
// list at the top level.
func TestWholeFileReadings(t *testing.T) {
	var items strings.Builder
	for i := range 3000 { // far more than one part
		fmt.Fprintf(&items, "  - type: COOPERATES_WITH\n    from: SG\n    to: AU\n    role: r%d\n    evidence:\n      - *ev\n", i)
	}
	ds := mustLoad(t, baseFS(t, map[string]string{
		"a.yaml": "entities:\n  - id: MY\n    kind: Country\n    name: \"Malaysia,\n  - still the name\"\n    untied: a test\n",
		"b.yaml": "ties:\n  - type: COOPERATES_WITH\n    from: AU\n    to: SG\n    evidence:\n      - &ev\n        source: web1\n        locator: a page\n" + items.String(),
		"c.yaml": "entities: [{id: BN, kind: Country, name: Brunei, untied: a test}]\n",
	}))
	names := map[string]string{}
	for _, e := range ds.Entities {
		names[e.ID] = e.Name
	}
	if names["MY"] != "Malaysia, - still the name" || names["BN"] != "Brunei" {
		t.Fatalf("names: %v", names)
	}
	for _, x := range ds.Ties {
		if x.Type == graph.CooperatesWith {
			if len(x.Evidence) != 1 || x.Evidence[0].Locator != "a page" || !strings.HasSuffix(x.Role, "; r2999") {
				t.Fatalf("merged tie: %d evidence, role %.40s...", len(x.Evidence), x.Role)
			}
			return
		}
	}
	t.Fatal("no COOPERATES_WITH tie")
}

// TestByteOrderMark: a file saved with a byte order mark is read in parts
// like any other.
func TestByteOrderMark(t *testing.T) {
	b := []byte("\xef\xbb\xbfentities:\n  - id: MY\n    kind: Country\n    name: Malaysia\n    untied: a test\n")
	if secs, _, ok := split(b); !ok || len(secs) != 1 || secs[0].key != "entities" || secs[0].items != 1 {
		t.Fatalf("split: %+v, %v", secs, ok)
	}
	ds := mustLoad(t, baseFS(t, map[string]string{"bom.yaml": string(b)}))
	if len(ds.Entities) != 6 {
		t.Fatalf("%d entities", len(ds.Entities))
	}
}
