package seed

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/graph"
	prettytext "github.com/jedib0t/go-pretty/v6/text"
)

// Mentions finds the entities a line of text names, by any name or alias.
// A name found inside a longer name found on the same line is not counted
// (中国—东盟网络空间论坛 names the forum, not China and ASEAN as well).
type Mentions struct {
	names []mentionName // longest first
}

type mentionName struct {
	text  string
	id    string
	ascii bool // matched at word boundaries
}

// notNames are common words that contain a name without naming its
// entity: 发展中国家 (developing countries) names no China, 印度洋 (the
// Indian Ocean) no India, 西班牙文 (Spanish) no Spain.
var notNames = []string{"发展中国家", "發展中國家", "印度洋", "西班牙文", "西班牙语"}

// shortest names matched: one CJK character or one Latin letter names nothing.
const (
	minCJKRunes   = 2
	minASCIIBytes = 2
)

// NewMentions indexes every name and alias of the entities.
func NewMentions(entities []graph.Entity) *Mentions {
	m := &Mentions{}
	for _, e := range entities {
		for _, n := range e.Names() {
			n = strings.TrimSpace(n)
			ascii := isASCII(n)
			if (ascii && len(n) < minASCIIBytes) || (!ascii && utf8.RuneCountInString(n) < minCJKRunes) {
				continue
			}
			m.names = append(m.names, mentionName{text: n, id: e.ID, ascii: ascii})
		}
	}
	slices.SortStableFunc(m.names, func(a, b mentionName) int { return cmp.Compare(len(b.text), len(a.text)) })
	return m
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// In returns the ids of the entities line names, in order of first mention.
func (m *Mentions) In(line string) []string {
	type span struct {
		start, end int
		id         string
	}
	var kept []span
	for _, phrase := range notNames {
		for off := 0; ; {
			i := strings.Index(line[off:], phrase)
			if i < 0 {
				break
			}
			kept = append(kept, span{off + i, off + i + len(phrase), ""})
			off += i + len(phrase)
		}
	}
	covered := func(s, e int) bool {
		for _, k := range kept {
			if s < k.end && e > k.start {
				return true
			}
		}
		return false
	}
	for _, n := range m.names {
		for off := 0; ; {
			i := strings.Index(line[off:], n.text)
			if i < 0 {
				break
			}
			s, e := off+i, off+i+len(n.text)
			off = e
			if n.ascii && !(boundary(line, s-1, true) && boundary(line, e, false)) {
				continue
			}
			if !covered(s, e) {
				kept = append(kept, span{s, e, n.id})
			}
		}
	}
	slices.SortFunc(kept, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	var ids []string
	for _, k := range kept {
		if k.id != "" && !slices.Contains(ids, k.id) {
			ids = append(ids, k.id)
		}
	}
	return ids
}

// boundary reports whether the byte at i (before a match when before is
// set, after it otherwise) ends a Latin word: "CSA" is not named in "CSAT".
func boundary(s string, i int, before bool) bool {
	if i < 0 || i >= len(s) {
		return true
	}
	var r rune
	if before {
		r, _ = utf8.DecodeLastRuneInString(s[:i+1])
	} else {
		r, _ = utf8.DecodeRuneInString(s[i:])
	}
	return !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)))
}

// LineCoverage is what the dataset makes of one document line that names
// known actors.
type LineCoverage struct {
	Line    int
	Section string   // the section of the nearest cited line at or before it
	Actors  []string // entity ids the line names
	Cited   bool     // some evidence cites the line
	Listed  string   // the reason it is listed as uncited, if it is
	Text    string
}

// Open reports whether the line is neither cited nor listed.
func (l LineCoverage) Open() bool { return !l.Cited && l.Listed == "" }

// DocumentCoverage is the coverage of one source document.
type DocumentCoverage struct {
	Source string
	Lines  []LineCoverage // lines that name at least one actor
}

// Coverage shows, for every source document at hand in opt.SourcesDir,
// which lines that name a known actor are cited by evidence, which are
// listed as deliberately uncited, and which are neither.
func Coverage(ds *graph.Dataset, sourcesDir string) ([]DocumentCoverage, error) {
	m := NewMentions(ds.Entities)
	cited := citations(ds.Ties)
	listed := map[lineRef]string{} // the reason a line is listed
	for _, u := range ds.Uncited {
		for _, l := range u.Lines {
			listed[lineRef{u.Source, l}] = u.Reason
		}
	}
	var out []DocumentCoverage
	for _, s := range ds.Sources {
		if s.Kind != graph.DocumentSource {
			continue
		}
		lines, err := readDocLines(sourcesDir, s.ID)
		if err != nil {
			return nil, err
		}
		dc := DocumentCoverage{Source: s.ID}
		section := "(before the first cited line)"
		for i, text := range lines {
			at := lineRef{s.ID, i + 1}
			ev, isCited := cited[at]
			if isCited && ev.Section != "" {
				section = ev.Section
			}
			actors := m.In(text)
			if len(actors) == 0 {
				continue
			}
			dc.Lines = append(dc.Lines, LineCoverage{Line: at.line, Section: section, Actors: actors, Cited: isCited, Listed: listed[at], Text: strings.TrimSpace(text)})
		}
		out = append(out, dc)
	}
	return out, nil
}

// lineRef is one line of one source document.
type lineRef struct {
	source string
	line   int
}

// citations indexes the document lines the ties' evidence cites, each with
// the first evidence that cites it.
func citations(ties []graph.Tie) map[lineRef]graph.Evidence {
	out := map[lineRef]graph.Evidence{}
	for _, t := range ties {
		for _, e := range t.Evidence {
			at := lineRef{e.Source, e.Line}
			if _, seen := out[at]; !seen && e.SourceKind == graph.DocumentSource && e.Line > 0 {
				out[at] = e
			}
		}
	}
	return out
}

// checkUncited checks the lines listed as deliberately uncited: each names
// a document, exists there, names a known actor, is listed once, and is
// not cited after all.
func (v *validator) checkUncited(list []graph.Uncited, entities []graph.Entity, ties []graph.Tie) {
	if len(list) == 0 {
		return // the usual large dataset: no index of its evidence for nothing
	}
	reasons := make([]string, len(graph.UncitedReasons))
	for i, r := range graph.UncitedReasons {
		reasons[i] = r.Reason
	}
	cited := citations(ties)
	var m *Mentions
	seen := map[lineRef]graph.Origin{}
	for _, u := range list {
		src, ok := v.srcByID[u.Source]
		switch {
		case u.Source == "":
			v.probs.add(u.Origin, "uncited lines without a source: add source (a document id)")
			continue
		case !ok:
			v.probs.add(u.Origin, "uncited lines cite source %s, which is not defined%s: add it to sources or fix the id", quote(u.Source), suggest(u.Source, v.sourceIDs()))
			continue
		case src.Kind != graph.DocumentSource:
			v.probs.add(u.Origin, "uncited lines of %q: it is an outside source; only document lines are listed", u.Source)
			continue
		}
		if len(u.Lines) == 0 {
			v.probs.add(u.Origin, "uncited lines of %q: give lines (the line numbers left uncited)", u.Source)
		}
		if !slices.Contains(reasons, u.Reason) {
			v.probs.add(u.Origin, "uncited lines of %q have reason %s; use one of %s", u.Source, quote(u.Reason), strings.Join(reasons, ", "))
		}
		lines := v.docLines[u.Source]
		for _, l := range u.Lines {
			key := lineRef{u.Source, l}
			if first, dup := seen[key]; dup {
				v.probs.add(u.Origin, "line %d of %q is listed as uncited twice (first at %s): keep one", l, u.Source, first)
				continue
			}
			seen[key] = u.Origin
			if ev, ok := cited[key]; ok {
				v.probs.add(u.Origin, "line %d of %q is listed as uncited, but evidence at %s cites it: remove it from the list", l, u.Source, ev.Origin)
				continue
			}
			if lines == nil {
				continue // the document is not at hand: lines cannot be checked
			}
			if l > len(lines) {
				v.probs.add(u.Origin, "line %d is past the end of document %q (%d lines)", l, u.Source, len(lines))
				continue
			}
			if m == nil {
				m = NewMentions(entities)
			}
			if len(m.In(lines[l-1])) == 0 {
				v.probs.add(u.Origin, "line %d of %q names no known actor: only lines that name one are listed; remove it", l, u.Source)
			}
		}
	}
}

// CoverageFigures counts the lines of a document or section.
type CoverageFigures struct {
	Lines, Cited, Listed, Open int
	Multi, MultiOpen           int // lines naming two or more actors, and of those the open ones
}

func (f *CoverageFigures) add(l LineCoverage) {
	f.Lines++
	switch {
	case l.Cited:
		f.Cited++
	case l.Listed != "":
		f.Listed++
	default:
		f.Open++
	}
	if len(l.Actors) >= 2 {
		f.Multi++
		if l.Open() {
			f.MultiOpen++
		}
	}
}

// Figures counts the whole document.
func (d DocumentCoverage) Figures() CoverageFigures {
	var f CoverageFigures
	for _, l := range d.Lines {
		f.add(l)
	}
	return f
}

// Sections counts each section, in document order.
func (d DocumentCoverage) Sections() ([]string, map[string]CoverageFigures) {
	var order []string
	by := map[string]CoverageFigures{}
	for _, l := range d.Lines {
		f, ok := by[l.Section]
		if !ok {
			order = append(order, l.Section)
		}
		f.add(l)
		by[l.Section] = f
	}
	return order, by
}

// WriteCoverage prints the figures of each document and section, then the
// open lines that name at least minActors actors, with the actors they
// name, each line fitted to width terminal cells.
func WriteCoverage(w io.Writer, docs []DocumentCoverage, minActors, width int) {
	// The figures take 47 cells; the label column takes the rest, in
	// terminal cells (a Chinese character takes two).
	labelWidth := max(width-2-figureCells, 24)
	row := func(label string, f CoverageFigures) {
		fmt.Fprintf(w, "  %s %5d %5d %6d %5d %6.1f%% %6.1f%% %5d\n", padCells(label, labelWidth), f.Lines, f.Cited, f.Listed, f.Open,
			percent(f.Cited, f.Lines), percent(f.Cited+f.Listed, f.Lines), f.MultiOpen)
	}
	fmt.Fprintln(w, "Lines that name a known actor: cited by evidence, listed as uncited with a reason, or open.")
	fmt.Fprintf(w, "  %s %5s %5s %6s %5s %7s %7s %5s\n", padCells("document / section", labelWidth), "lines", "cited", "listed", "open", "cited", "done", "open2")
	var total CoverageFigures
	for _, d := range docs {
		f := d.Figures()
		row(d.Source, f)
		order, by := d.Sections()
		for _, s := range order {
			row("  "+s, by[s])
		}
		for _, l := range d.Lines {
			total.add(l)
		}
	}
	row("all documents", total)
	fmt.Fprintln(w, "  (done: cited or listed; open2: open lines naming two or more actors)")
	var open []string
	for _, d := range docs {
		for _, l := range d.Lines {
			if l.Open() && len(l.Actors) >= minActors {
				open = append(open, fitCells(fmt.Sprintf("%s:%d [%s] %s", d.Source, l.Line, strings.Join(l.Actors, ", "), l.Text), width))
			}
		}
	}
	fmt.Fprintf(w, "\nOpen lines naming %d or more actors: %d\n", minActors, len(open))
	for _, o := range open {
		fmt.Fprintln(w, o)
	}
}

// figureCells is the width of a coverage row's figures.
const figureCells = 47

// fitCells cuts s to n terminal cells, marking the cut with "…".
func fitCells(s string, n int) string {
	width := prettytext.StringWidthWithoutEscSequences
	if width(s) <= n {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && width(string(r))+1 > n {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// padCells fits s to n terminal cells, padding it; a longer s keeps its
// head and its last cells around a "…", since sections often differ only at
// their end ("… · 脚注").
func padCells(s string, n int) string {
	width := prettytext.StringWidthWithoutEscSequences
	if width(s) > n {
		r := []rune(s)
		tail := len(r)
		for tail > 0 && width(string(r[tail-1:])) <= n/3 {
			tail--
		}
		head := 0
		for head < tail && width(string(r[:head+1]))+1+width(string(r[tail:])) <= n {
			head++
		}
		s = string(r[:head]) + "…" + string(r[tail:])
	}
	return s + strings.Repeat(" ", max(n-width(s), 0))
}
