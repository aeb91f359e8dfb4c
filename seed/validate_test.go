package seed

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// baseFS is the small valid dataset of testdata/valid plus extra files.
func baseFS(t *testing.T, extra map[string]string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	files, err := filepath.Glob("testdata/valid/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/valid files: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m[filepath.Base(f)] = &fstest.MapFile{Data: b}
	}
	for name, body := range extra {
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

var testOpts = Options{SourcesDir: "testdata/docs", ThisYear: 2026}

func problemsOf(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	_, err := Load(fsys, testOpts)
	if err == nil {
		return nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("not a Problems error: %v", err)
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func TestValidDataset(t *testing.T) {
	ds, err := Load(baseFS(t, nil), testOpts)
	if err != nil {
		t.Fatal(err)
	}
	st := StatsOf(ds)
	if st.Entities != 5 || st.Ties != 4 || st.OutsideOnly != 2 || st.DocumentTies != 2 || st.ByType["MEMBER_OF"] != 1 {
		t.Fatalf("stats: %+v", st)
	}
}

// caseFiles cuts a broken case into files: what comes before the first
// "# file: NAME" line is broken.yaml, what follows such a line is NAME
// (an empty NAME is an empty file).
func caseFiles(b []byte) map[string]string {
	files := map[string]string{}
	name, body := "broken.yaml", ""
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if n, ok := strings.CutPrefix(strings.TrimSuffix(l, "\n"), "# file: "); ok {
			files[name], name, body = body, n, ""
			continue
		}
		body += l
	}
	files[name] = body
	return files
}

// TestBrokenDatasets adds each testdata/broken file to the valid dataset as
// broken.yaml (and any other files it holds, see caseFiles) and expects
// exactly the problems its "# want:" lines list, in that order.
func TestBrokenDatasets(t *testing.T) {
	files, _ := filepath.Glob("testdata/broken/*.yaml")
	if len(files) < 20 {
		t.Fatalf("only %d broken cases", len(files))
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".yaml"), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, l := range strings.Split(string(b), "\n") {
				if w, ok := strings.CutPrefix(l, "# want: "); ok {
					want = append(want, w)
				}
			}
			got := problemsOf(t, baseFS(t, caseFiles(b)))
			if len(want) == 0 {
				t.Fatalf("no # want: lines; the validator says:\n# want: %s", strings.Join(got, "\n# want: "))
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestAllProblemsInOneRun: faults in several files are all reported, in file and line order.
func TestAllProblemsInOneRun(t *testing.T) {
	got := problemsOf(t, baseFS(t, map[string]string{
		"a.yaml": "entities:\n  - id: MYS\n    kind: Country\n    name: Malaysia\n",
		"b.yaml": "ties:\n  - type: COOPERATES_WITH\n    from: SG\n    to: XX\n    evidence:\n      - source: web1\n",
	}))
	want := []string{
		`a.yaml:2: entity id "MYS" is not well formed for kind Country: use an ISO 3166-1 alpha-2 code such as CN or SG`,
		`b.yaml:2: tie COOPERATES_WITH: to "XX" is not a defined entity: define it or fix the id`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRestatedTiesMerge(t *testing.T) {
	ds, err := Load(baseFS(t, map[string]string{"more.yaml": `ties:
  - type: MOU_WITH
    from: AU
    to: SG
    evidence:
      - source: web1
        locator: MoUs
`}), testOpts)
	if err != nil {
		t.Fatal(err)
	}
	for _, tie := range ds.Ties {
		if tie.Type == "MOU_WITH" {
			if len(tie.Evidence) != 2 || tie.Year != 2017 {
				t.Fatalf("merged MOU_WITH: %+v", tie)
			}
			return
		}
	}
	t.Fatal("no MOU_WITH tie")
}

// TestShippedDataset checks the real dataset, with quotes when the documents are at hand.
func TestShippedDataset(t *testing.T) {
	opt := Options{}
	if _, err := os.Stat("../../shared/seeds"); err == nil {
		opt.SourcesDir = "../../shared/seeds"
	} else if os.Getenv("CI") == "true" {
		t.Fatal("CI runs with ../shared beside the repository; the source documents are missing")
	}
	ds, err := Load(DataFS(), opt)
	if err != nil {
		t.Fatal(err)
	}
	st := StatsOf(ds)
	if st.Entities < 300 || st.Ties < 1000 {
		t.Fatalf("the dataset is a toy: %d entities, %d ties", st.Entities, st.Ties)
	}
}

// TestShippedCoverage: every line of the documents that names two or more
// known actors is cited by evidence or listed as uncited with a reason,
// and the dating targets hold: nine in ten memberships and parties dated,
// three in five of all ties.
func TestShippedCoverage(t *testing.T) {
	if _, err := os.Stat("../../shared/seeds"); err != nil {
		t.Skip("the source documents are not beside the repository")
	}
	ds, err := Load(DataFS(), Options{SourcesDir: "../../shared/seeds"})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := Coverage(ds, "../../shared/seeds")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		for _, l := range d.Lines {
			if l.Open() && len(l.Actors) >= 2 {
				t.Errorf("%s:%d names %v and is neither cited nor listed as uncited", d.Source, l.Line, l.Actors)
			}
		}
	}
	st := StatsOf(ds)
	if st.MembersDated*10 < st.Memberships*9 {
		t.Errorf("memberships and parties dated: %d of %d, below 90%%", st.MembersDated, st.Memberships)
	}
	if st.Dated*5 < st.Ties*3 {
		t.Errorf("ties dated: %d of %d, below 60%%", st.Dated, st.Ties)
	}
	if len(st.Untied) > 0 {
		t.Logf("entities with no tie, each with its reason: %v", st.Untied)
	}
}
