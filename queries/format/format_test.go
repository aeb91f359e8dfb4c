package format

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jedib0t/go-pretty/v6/text"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestMain(m *testing.M) {
	// East Asian ambiguous-width characters count as one column whatever
	// the locale, so that the golden files are the same everywhere.
	text.OverrideRuneWidthEastAsianWidth(false)
	os.Exit(m.Run())
}

const longQuote = "新加坡与美国签署了网络安全合作谅解备忘录，双方将在信息共享、能力建设和联合演习等方面开展合作，并定期举行双边网络对话以交流政策与实践经验"

func sample() *Table {
	ev := func(src, loc string, quote any) map[string]any {
		kind := "document"
		if quote == nil {
			kind = "outside"
		}
		return map[string]any{"source": src, "kind": kind, "locator": loc, "quote": quote}
	}
	return &Table{
		Name:    "sample",
		Title:   "Every kind of value, with a pipe | and a <tag>",
		Params:  map[string]any{"state": "SG", "as_of": nil, "limit": int64(5)},
		Columns: []string{"id", "name", "years", "share", "member", "evidence", "extra"},
		Rows: [][]any{
			{"US", "United States", int64(2018), 0.25, true, []any{
				ev("000_fec1530038a11fab", "line 12, 二、合作", longQuote),
				ev("outside-usg", "https://www.state.gov/a/very/long/path/to/the/page/about/the-mou", nil),
			}, map[string]any{"role": "chair", "since": int64(2019)}},
			{"MY", "Malaysia | 马来西亚", nil, float64(1), false, []any{}, []any{"a", []any{"b", "c"}}},
			{"asean-regional-forum", "ASEAN Regional Forum, a rather long name that has to wrap across several lines of its column", int64(1994), nil, nil,
				[]any{ev("d1", "line 1, x", "one"), ev("d1", "line 2, x", "two"), ev("d1", "line 3, x", "three"), ev("d1", "line 4, x", "four"), ev("d1", "line 5, x", "five"), ev("d1", "line 6, x", "six"), ev("d1", "line 7, x", "seven")}, nil},
		},
	}
}

func render(t *testing.T, f Format, tb *Table) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, f, tb, 100); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGolden compares every format with its golden file (go test -update rewrites them).
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		tb   *Table
	}{
		{"sample", sample()},
		{"empty", &Table{Name: "empty", Title: "Nothing", Columns: []string{"a", "b"}}},
	} {
		for _, f := range Formats {
			got := render(t, f, tc.tb)
			file := filepath.Join("testdata", tc.name+f.Ext())
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("%s differs from its golden file; got:\n%s", file, got)
			}
		}
	}
}

// TestTextFitsTheTerminal: no line of the table is wider than the terminal,
// CJK counting two columns a character, and long text is cut with ….
func TestTextFitsTheTerminal(t *testing.T) {
	for _, width := range []int{100, 80, 60} {
		var b bytes.Buffer
		if err := WriteText(&b, sample(), width); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			if w := text.StringWidthWithoutEscSequences(l); w > width {
				t.Errorf("width %d: a line of %d columns: %s", width, w, l)
			}
		}
		out := b.String()
		if strings.Contains(out, longQuote) || !strings.Contains(out, "…") || (width >= 80 && !strings.Contains(out, "… and 2")) {
			t.Errorf("width %d: long text was not cut:\n%s", width, out)
		}
	}
}

// TestFullTextElsewhere: CSV, JSON and Markdown carry every value whole.
func TestFullTextElsewhere(t *testing.T) {
	tb := sample()
	recs, err := csv.NewReader(strings.NewReader(render(t, CSV, tb))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || !reflect.DeepEqual(recs[0], tb.Columns) {
		t.Fatalf("%v", recs)
	}
	wantEv := `000_fec1530038a11fab line 12, 二、合作: "` + longQuote + `"; outside-usg https://www.state.gov/a/very/long/path/to/the/page/about/the-mou`
	if recs[1][5] != wantEv || recs[1][6] != "role: chair, since: 2019" || recs[2][1] != "Malaysia | 马来西亚" || recs[2][6] != "a; [b, c]" || recs[2][2] != "" {
		t.Errorf("csv row: %q", recs[1:3])
	}

	var doc struct {
		Report  string
		Params  map[string]any
		Columns []string
		Rows    []map[string]any
	}
	if err := json.Unmarshal([]byte(render(t, JSON, tb)), &doc); err != nil {
		t.Fatal(err)
	}
	ev := doc.Rows[0]["evidence"].([]any)[0].(map[string]any)
	if doc.Report != "sample" || ev["quote"] != longQuote || doc.Rows[0]["years"] != float64(2018) || doc.Rows[1]["years"] != nil || len(doc.Rows[2]["evidence"].([]any)) != 7 {
		t.Errorf("json: %+v", doc)
	}
	if _, ok := doc.Params["as_of"]; !ok || doc.Params["state"] != "SG" {
		t.Errorf("json params: %v", doc.Params)
	}

	md := render(t, Markdown, tb)
	if !strings.Contains(md, longQuote) || !strings.Contains(md, `Malaysia \| 马来西亚`) || !strings.Contains(md, "pipe \\| and a &lt;tag&gt;") || !strings.Contains(md, "seven") {
		t.Errorf("markdown:\n%s", md)
	}
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| ") && strings.Count(strings.ReplaceAll(l, `\|`, ""), "|") != len(tb.Columns)+1 {
			t.Errorf("a markdown row with the wrong number of cells: %s", l)
		}
	}
}

func TestParse(t *testing.T) {
	if f, err := Parse("MD"); err != nil || f != Markdown {
		t.Errorf("%v %v", f, err)
	}
	if _, err := Parse("xml"); err == nil || err.Error() != `format "xml": use table, csv, json or md` {
		t.Errorf("%v", err)
	}
	if f, ok := FromExt("out/brief.CSV"); !ok || f != CSV {
		t.Errorf("%v", f)
	}
	if _, ok := FromExt("out/brief"); ok {
		t.Error("no extension, no format")
	}
}

// TestWideTablesAsRecords: when the column names alone do not fit, each row
// is written as a record of "column  value" lines, every value readable and
// no line wider than the terminal.
func TestWideTablesAsRecords(t *testing.T) {
	tb := &Table{Name: "wide", Title: "Ten columns", Columns: []string{"partner", "partner_name", "partner_kind", "partner_state",
		"through", "through_name", "agency", "tie", "years", "evidence"},
		Rows: [][]any{{"AU", "Australia", "Country", nil, "apec", "Asia-Pacific Economic Cooperation", nil, "MEMBER_OF", "1989–",
			[]any{map[string]any{"source": "gac-apec-history", "kind": "outside", "locator": "", "quote": "APEC began in 1989"}}}}}
	var b bytes.Buffer
	if err := WriteText(&b, tb, 80); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"── 1 of 1 ─", "\nthrough_name   Asia-Pacific Economic Cooperation\n", "\npartner_state  \n", `gac-apec-history: "APEC began in 1989"`, "\n1 row\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if w := text.StringWidthWithoutEscSequences(l); w > 80 {
			t.Errorf("a line of %d columns: %s", w, l)
		}
	}
	var narrow bytes.Buffer
	if err := WriteText(&narrow, sample(), 100); err != nil || strings.Contains(narrow.String(), "── 1 of") {
		t.Errorf("a table whose columns fit stays a table: %v\n%s", err, narrow.String())
	}
}
