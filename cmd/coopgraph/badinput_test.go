package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
)

// TestSeedRefusesBadFiles: each fault below, in a copy of the real dataset,
// is refused by validate and by seed with the file, the line and what to
// fix first, exit 1, and the database as it was (checked by its digest).
func TestSeedRefusesBadFiles(t *testing.T) {
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	st := store.New(db.Driver, db.Target.Database)
	pointAt(t, db)
	if code, out, errOut := cli(t, "seed", "--data", "../../seed/data"); code != 0 {
		t.Fatalf("seeding the real dataset: exit %d\n%s\n%s", code, out, errOut)
	}
	before, err := st.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const extra = "zz-fault.yaml"
	tie := "ties:\n  - type: COOPERATES_WITH\n    from: SG\n    to: MY\n    evidence:\n      - source: ians-timor-leste-asean-2025\n"
	cases := []struct {
		name  string
		fault func(t *testing.T, dir string)
		first string // the first line of the output
	}{
		{"every file empty", func(t *testing.T, dir string) {
			files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
			for _, f := range files {
				os.WriteFile(f, nil, 0o644)
			}
		}, "core.yaml: empty file: it holds no sources, entities, ties or uncited lines; restore its content, or delete the file"},
		{"one file empty", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "outside-security.yaml"), nil, 0o644)
		}, "outside-security.yaml: empty file: it holds no sources, entities, ties or uncited lines; restore its content, or delete the file"},
		{"a link to /dev/zero", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "core.yaml"))
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "core.yaml")); err != nil {
				t.Fatal(err)
			}
		}, "core.yaml: not a regular file: it is (or links to) a character device; dataset files must be plain files"},
		{"a named pipe without a writer", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "core.yaml"))
			if err := syscall.Mkfifo(filepath.Join(dir, "core.yaml"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "core.yaml: not a regular file: it is (or links to) a named pipe (FIFO); dataset files must be plain files"},
		{"a tab in the indentation of a core file", func(t *testing.T, dir string) {
			f := filepath.Join(dir, "core.yaml")
			b, _ := os.ReadFile(f)
			os.WriteFile(f, []byte(strings.Replace(string(b), "\n    name: \"Malaysia\"", "\n\tname: \"Malaysia\"", 1)), 0o644)
		}, "core.yaml:30: not valid YAML: found a tab character that violates indentation: indent with spaces, not tabs"},
		{"year 0", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, extra), []byte(strings.Replace(tie, "    evidence:", "    year: 0\n    evidence:", 1)), 0o644)
		}, extra + `:5: field "year" is 0, which is not a year: write the four-digit year, or leave the field out when the year is not known`},
		{"ties given twice", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, extra), []byte(tie+strings.Replace(tie, "COOPERATES_WITH", "DIALOGUE_WITH", 1)), 0o644)
		}, extra + `:7: top-level key "ties" is given twice (lines 1 and 7): put all its items under one`},
		{"an escaped NUL in a name", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, extra), []byte("entities:\n  - id: mcmc-my\n    kind: Agency\n    name: \"MCMC\\0\"\n"), 0o644)
		}, extra + `:4: field "name" holds a control character, U+0000 NUL, at character 5: remove it`},
		{"a 10,000-character id", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, extra), []byte("entities:\n  - id: "+strings.Repeat("x", 10000)+"\n    kind: Agency\n    name: A long id\n"), 0o644)
		}, extra + `:2: field "id" is 10000 bytes long: ids are at most 100 bytes`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files, _ := filepath.Glob("../../seed/data/*.yaml")
			for _, f := range files {
				b, _ := os.ReadFile(f)
				os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
			}
			tc.fault(t, dir)
			code, out, errOut := cli(t, "validate", "--data", dir)
			if first, _, _ := strings.Cut(out, "\n"); code != 1 || first != tc.first {
				t.Fatalf("validate: exit %d, first line:\n%s\nwant:\n%s\n(stderr %s)", code, first, tc.first, errOut)
			}
			code, _, errOut = cli(t, "seed", "--data", dir)
			if first, _, _ := strings.Cut(errOut, "\n"); code != 1 || first != tc.first || !strings.Contains(errOut, "the database was not touched") {
				t.Fatalf("seed: exit %d:\n%s", code, errOut)
			}
			if after, _ := st.Digest(context.Background()); after != before {
				t.Fatal("a refused seed changed the database")
			}
		})
	}
}
