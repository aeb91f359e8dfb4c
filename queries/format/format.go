// Package format writes a report's result table as text for terminals,
// CSV, JSON or Markdown. Values are the plain ones the runner produces:
// nil, bool, int64, float64, string, []any and map[string]any.
//
// Lists and maps in CSV and Markdown cells are written readably: list
// items are separated by "; " (a line break in Markdown and on terminals),
// a piece of evidence ({source, kind, locator, quote}) reads
// `source locator: "quote"`, and any other map reads `key: value, ...`
// with its keys sorted. JSON keeps every value as it is. Only the terminal
// table shortens long text (with …); CSV, JSON and Markdown carry it whole.
package format

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"
)

// Table is one report's result.
type Table struct {
	Name    string         // the report
	Title   string         // its title
	Params  map[string]any // the parameters it ran with (entities and states as ids)
	Columns []string
	Rows    [][]any
}

// Format is an output format.
type Format string

// The formats.
const (
	Text     Format = "table"
	CSV      Format = "csv"
	JSON     Format = "json"
	Markdown Format = "md"
)

// Formats lists every format.
var Formats = []Format{Text, CSV, JSON, Markdown}

// Parse reads a format name.
func Parse(s string) (Format, error) {
	if f := Format(strings.ToLower(s)); slices.Contains(Formats, f) {
		return f, nil
	}
	return "", fmt.Errorf("format %q: use table, csv, json or md", s)
}

// FromExt is the format a file name's extension asks for, if any.
func FromExt(name string) (Format, bool) {
	for _, f := range Formats {
		if strings.HasSuffix(strings.ToLower(name), f.Ext()) {
			return f, true
		}
	}
	return "", false
}

// Ext is the file extension of the format.
func (f Format) Ext() string {
	if f == Text {
		return ".txt"
	}
	return "." + string(f)
}

// DefaultWidth is the terminal width tables are fitted to when none is known.
const DefaultWidth = 100

// Write writes t in format f; width is the terminal width for Text (0: DefaultWidth).
func Write(w io.Writer, f Format, t *Table, width int) error {
	switch f {
	case Text:
		return WriteText(w, t, width)
	case CSV:
		return WriteCSV(w, t)
	case JSON:
		return WriteJSON(w, t)
	case Markdown:
		return WriteMarkdown(w, t)
	}
	return fmt.Errorf("format %q: use table, csv, json or md", f)
}

// ParamText is the parameters as `k=v, ...` in name order ("" if none).
func (t *Table) ParamText() string {
	keys := make([]string, 0, len(t.Params))
	for k := range t.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		v := Cell(t.Params[k], ", ")
		if t.Params[k] == nil {
			v = "null"
		}
		parts[i] = k + "=" + v
	}
	return strings.Join(parts, ", ")
}

// Cell is a value as text; list items are joined by sep.
func Cell(v any, sep string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatFloat(x, 'f', 1, 64)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if l, nested := e.([]any); nested {
				parts[i] = "[" + Cell(l, ", ") + "]"
			} else {
				parts[i] = Cell(e, sep)
			}
		}
		return strings.Join(parts, sep)
	case map[string]any:
		if s, ok := evidence(x); ok {
			return s
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + Cell(x[k], ", ")
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v)
}

// evidence writes a piece of evidence as `source locator: "quote"`.
func evidence(m map[string]any) (string, bool) {
	src, ok := m["source"].(string)
	if !ok {
		return "", false
	}
	for k := range m {
		if !slices.Contains([]string{"source", "kind", "locator", "quote"}, k) {
			return "", false
		}
	}
	s := src
	if loc, _ := m["locator"].(string); loc != "" {
		s += " " + loc
	}
	if q, _ := m["quote"].(string); q != "" {
		s += `: "` + q + `"`
	}
	return s, true
}

// WriteCSV writes a header row of the columns, then one row per result row.
func WriteCSV(w io.Writer, t *Table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = Cell(v, "; ")
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes {report, title, params, columns, rows}, each row an
// object whose keys follow the column order, with every value whole.
func WriteJSON(w io.Writer, t *Table) error {
	var b bytes.Buffer
	enc := func(v any) []byte {
		var buf bytes.Buffer
		e := json.NewEncoder(&buf)
		e.SetEscapeHTML(false)
		if err := e.Encode(v); err != nil {
			panic(err) // plain values always encode
		}
		return bytes.TrimRight(buf.Bytes(), "\n")
	}
	params := t.Params
	if params == nil {
		params = map[string]any{}
	}
	fmt.Fprintf(&b, "{\n  \"report\": %s,\n  \"title\": %s,\n  \"params\": %s,\n  \"columns\": %s,\n  \"rows\": [",
		enc(t.Name), enc(t.Title), enc(params), enc(t.Columns))
	for i, row := range t.Rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    {")
		for j, c := range t.Columns {
			if j > 0 {
				b.WriteString(", ")
			}
			var v any
			if j < len(row) {
				v = row[j]
			}
			fmt.Fprintf(&b, "%s: %s", enc(c), enc(v))
		}
		b.WriteByte('}')
	}
	if len(t.Rows) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// WriteMarkdown writes a heading, the parameters and the table.
func WriteMarkdown(w io.Writer, t *Table) error {
	fmt.Fprintf(w, "# %s\n\n", mdEscape(t.Title))
	fmt.Fprintf(w, "Report `%s`", t.Name)
	if p := t.ParamText(); p != "" {
		fmt.Fprintf(w, " with %s", mdEscape(p))
	}
	fmt.Fprintf(w, ": %s.\n\n", rowCount(len(t.Rows)))
	return MarkdownTable(w, t)
}

// MarkdownTable writes the rows as a Markdown table, text whole, pipes
// escaped, list items on lines of their own.
func MarkdownTable(w io.Writer, t *Table) error {
	if len(t.Rows) == 0 {
		_, err := fmt.Fprintln(w, "_No rows._")
		return err
	}
	var b strings.Builder
	b.WriteString("|")
	for _, c := range t.Columns {
		b.WriteString(" " + mdEscape(c) + " |")
	}
	b.WriteString("\n|")
	for range t.Columns {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, row := range t.Rows {
		b.WriteString("|")
		for _, v := range row {
			b.WriteString(" " + strings.ReplaceAll(mdEscape(Cell(v, "\n")), "\n", "<br>") + " |")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var mdReplacer = strings.NewReplacer(`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "\r", "")

func mdEscape(s string) string { return mdReplacer.Replace(s) }

func rowCount(n int) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

// Limits of the terminal table: a cell shows at most maxItems list items,
// and each item at most maxLines lines of its column.
const (
	maxItems = 6
	maxLines = 3
	maxWord  = 16 // a column is widened to spare words up to this width a break (ids, type names)
)

// WriteText writes the title, the parameters and a table that fits in
// width columns: columns share the width by need, long text wraps, and a
// cell longer than a few lines is cut with …. CSV, JSON and Markdown keep
// the full text.
func WriteText(w io.Writer, t *Table, width int) error {
	if width <= 0 {
		width = DefaultWidth
	}
	head := t.Name + ": " + t.Title
	if p := t.ParamText(); p != "" {
		head += " (" + p + ")"
	}
	fmt.Fprintln(w, wrap(head, width))
	if len(t.Rows) == 0 {
		_, err := fmt.Fprintln(w, "no rows")
		return err
	}
	n := len(t.Columns)
	cells := make([][][]string, len(t.Rows)) // row, column, list items
	natural := make([]int, n)
	minimum := make([]int, n)
	word := make([]int, n) // the longest word, up to maxWord: the width that spares it a break
	for i, c := range t.Columns {
		natural[i] = text.StringWidthWithoutEscSequences(c)
		minimum[i] = max(natural[i], 5)
	}
	for r, row := range t.Rows {
		cells[r] = make([][]string, n)
		for i := range t.Columns {
			var v any
			if i < len(row) {
				v = row[i]
			}
			items := []string{Cell(v, ", ")}
			if l, ok := v.([]any); ok {
				items = items[:0]
				for _, e := range l {
					items = append(items, Cell(e, ", "))
				}
			}
			if len(items) > maxItems {
				items = append(items[:maxItems-1], fmt.Sprintf("… and %d more", len(items)-maxItems+1))
			}
			if len(items) > 1 {
				for j := range items {
					items[j] = "• " + items[j]
				}
			}
			cells[r][i] = items
			for _, it := range items {
				for _, line := range strings.Split(it, "\n") {
					natural[i] = max(natural[i], text.StringWidthWithoutEscSequences(line))
					for _, wd := range strings.Fields(line) {
						word[i] = max(word[i], min(text.StringWidthWithoutEscSequences(wd), maxWord))
					}
				}
			}
		}
	}
	if sum(minimum)+3*n+1 > width {
		return writeRecords(w, t.Columns, cells, width)
	}
	widths := fit(natural, minimum, word, width-(3*n+1))

	tw := table.NewWriter()
	style := table.StyleLight
	style.Format.Header = text.FormatDefault
	tw.SetStyle(style)
	hdr := make(table.Row, n)
	cfg := make([]table.ColumnConfig, n)
	for i, c := range t.Columns {
		// Cells are wrapped here, once; go-pretty only lays them out.
		cfg[i] = table.ColumnConfig{Number: i + 1, WidthMax: widths[i], WidthMaxEnforcer: func(s string, _ int) string { return s }}
		hdr[i] = wrap(c, widths[i])
	}
	tw.AppendHeader(hdr)
	tw.SetColumnConfigs(cfg)
	for _, row := range cells {
		out := make(table.Row, n)
		for i, items := range row {
			for j, it := range items {
				items[j] = cut(it, widths[i]*maxLines)
			}
			out[i] = wrap(strings.Join(items, "\n"), widths[i])
		}
		tw.AppendRow(out)
	}
	_, err := fmt.Fprintf(w, "%s\n%s\n", tw.Render(), rowCount(len(t.Rows)))
	return err
}

// writeRecords writes rows as records, one "column  value" line a field,
// when the columns' names alone are wider than the terminal: squeezed into
// columns of three or four characters no value could be read (as psql's
// expanded display does for wide results).
func writeRecords(w io.Writer, columns []string, cells [][][]string, width int) error {
	label := 0
	for _, c := range columns {
		label = max(label, text.StringWidthWithoutEscSequences(c))
	}
	room := max(width-label-2, 20)
	pad := strings.Repeat(" ", label+2)
	var b strings.Builder
	for r, row := range cells {
		head := fmt.Sprintf("── %d of %d ", r+1, len(cells))
		fmt.Fprintf(&b, "%s%s\n", head, strings.Repeat("─", max(width-text.StringWidthWithoutEscSequences(head), 0)))
		for i, items := range row {
			for j, it := range items {
				items[j] = cut(it, room*maxLines)
			}
			lines := strings.Split(wrap(strings.Join(items, "\n"), room), "\n")
			for k, l := range lines {
				head := pad
				if k == 0 {
					head = columns[i] + strings.Repeat(" ", label+2-text.StringWidthWithoutEscSequences(columns[i]))
				}
				fmt.Fprintf(&b, "%s%s\n", head, l)
			}
		}
	}
	_, err := fmt.Fprintf(w, "%s%s\n", b.String(), rowCount(len(cells)))
	return err
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// wrap breaks text at spaces where it can and inside words (or CJK runs,
// which have no spaces) where it must, so that no line exceeds n columns.
func wrap(s string, n int) string {
	var out, line strings.Builder
	lw := 0
	flush := func() {
		if out.Len() > 0 {
			out.WriteByte('\n')
		}
		out.WriteString(strings.TrimRight(line.String(), " "))
		line.Reset()
		lw = 0
	}
	for _, para := range strings.Split(s, "\n") {
		for _, wd := range strings.Split(para, " ") {
			ww := text.StringWidthWithoutEscSequences(wd)
			if lw > 0 && lw+1+ww > n && ww <= n {
				flush()
			}
			if lw > 0 {
				line.WriteByte(' ')
				lw++
			}
			if lw+ww <= n {
				line.WriteString(wd)
				lw += ww
				continue
			}
			for _, r := range wd { // a word longer than the line breaks where the line ends
				rw := text.RuneWidth(r)
				if lw+rw > n && lw > 0 {
					flush()
				}
				line.WriteRune(r)
				lw += rw
			}
		}
		flush()
	}
	return out.String()
}

// cut shortens s to at most n display columns, ending in … when cut.
func cut(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if text.StringWidthWithoutEscSequences(s) <= n {
		return s
	}
	w := 0
	for i, r := range s {
		rw := text.RuneWidth(r)
		if w+rw > n-1 {
			return strings.TrimRight(s[:i], " ") + "…"
		}
		w += rw
	}
	return s
}

// fit shares avail columns out: every column gets what it needs if all
// fit; otherwise each gets at least its minimum (its header, and at least
// 5), and a column never gets more than it needs.
func fit(natural, minimum, word []int, avail int) []int {
	n := len(natural)
	w := make([]int, n)
	sum := 0
	for i := range natural {
		sum += natural[i]
	}
	if sum <= avail {
		return slices.Clone(natural)
	}
	used := 0
	for i := range w {
		w[i] = min(natural[i], minimum[i])
		used += w[i]
	}
	if used > avail { // too narrow for every header: start from 3 columns each
		used = 0
		for i := range w {
			w[i] = min(natural[i], 3)
			used += w[i]
		}
	}
	left := avail - used
	// Then short-text columns (ids, type names) whose longest word does not
	// fit are widened to it, cheapest first, so that they break only when
	// they must; long text (quotes) wraps well anyway.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return word[order[a]]-w[order[a]] < word[order[b]]-w[order[b]] })
	for _, i := range order {
		if need := min(word[i], natural[i]) - w[i]; need > 0 && need <= left && natural[i] <= 2*maxWord {
			w[i] += need
			left -= need
		}
	}
	// The rest goes to the columns that need more, in shares that grow
	// with the square root of their width: wide text gets more room, and
	// still leaves some for names.
	for left > 0 {
		var hungry []int
		total := 0.0
		for i := range w {
			if w[i] < natural[i] {
				hungry = append(hungry, i)
				total += math.Sqrt(float64(natural[i]))
			}
		}
		if len(hungry) == 0 {
			break
		}
		gave := 0
		pool := left
		for _, i := range hungry {
			give := min(int(float64(pool)*math.Sqrt(float64(natural[i]))/total), natural[i]-w[i], left)
			w[i] += give
			left -= give
			gave += give
		}
		if gave == 0 { // shares rounded to nothing: one column each, widest first
			sort.Slice(hungry, func(a, b int) bool { return natural[hungry[a]] > natural[hungry[b]] })
			for _, i := range hungry[:min(left, len(hungry))] {
				w[i]++
				left--
			}
		}
	}
	return w
}
