package seed

import (
	"strconv"
	"strings"

	"github.com/coopgraph/coopgraph/graph"
	"go.yaml.in/yaml/v3"
)

// The dataset file format: what a YAML item may say, field by field, and
// how each field is read from its YAML node into package graph's values.
// Fields are decoded by hand rather than by reflection: it is several times
// faster, and each value can be checked where it stands (its line, whether
// it was given at all, a key given twice, a control character, a length).

// A field of an item of type T: its name in the file and how its value node
// is read into the item.
type field[T any] struct {
	name   string
	decode func(d *decoder, f string, v *yaml.Node, out *T) bool
}

// maxFields bounds the fields of one item format.
const maxFields = 16

// itemFormat is the fields an item of one list may have.
type itemFormat[T any] struct {
	fields []field[T]
	names  []string // field names, in order, for messages
	known  string   // names joined, for messages
}

func newFormat[T any](fields ...field[T]) *itemFormat[T] {
	if len(fields) > maxFields {
		panic("seed: an item format has more fields than decodeItem tracks")
	}
	f := &itemFormat[T]{fields: fields}
	for _, x := range fields {
		f.names = append(f.names, x.name)
	}
	f.known = strings.Join(f.names, ", ")
	return f
}

// Value rules: what a text field may hold.
type textRule uint8

const (
	oneLine   textRule = iota // up to MaxTextRunes characters, no line breaks
	idText                    // an id or a reference to one: up to MaxIDBytes bytes
	urlText                   // up to MaxURLRunes characters
	noteText                  // up to MaxNoteRunes characters, line breaks allowed
	quoteText                 // one line; its length and line breaks are the validator's to report
)

func (r textRule) check(s string) string {
	switch r {
	case idText:
		return textProblem(s, false, MaxIDBytes, true)
	case urlText:
		return textProblem(s, false, MaxURLRunes, false)
	case noteText:
		return textProblem(s, true, MaxNoteRunes, false)
	case quoteText:
		return textProblem(s, true, 1<<30, false)
	}
	return textProblem(s, false, MaxTextRunes, false)
}

func text[T any](name string, rule textRule, set func(*T, string)) field[T] {
	return field[T]{name, func(d *decoder, f string, v *yaml.Node, out *T) bool {
		s, ok := d.text(f, v, rule)
		if ok {
			set(out, s)
		}
		return ok
	}}
}

func texts[T any](name string, set func(*T, []string)) field[T] {
	return field[T]{name, func(d *decoder, f string, v *yaml.Node, out *T) bool {
		l, ok := d.texts(f, v)
		if ok {
			set(out, l)
		}
		return ok
	}}
}

func year[T any](name string, set func(*T, int)) field[T] {
	return field[T]{name, func(d *decoder, f string, v *yaml.Node, out *T) bool {
		n, given, ok := d.int(f, v, "where a whole number (e.g. a year) is expected")
		if ok && given && n == 0 {
			d.add(v, "field %q is 0, which is not a year: write the four-digit year, or leave the field out when the year is not known", f)
			return false
		}
		if ok {
			set(out, n)
		}
		return ok
	}}
}

var sourceFormat = newFormat(
	text("id", idText, func(s *graph.Source, v string) { s.ID = v }),
	text("kind", oneLine, func(s *graph.Source, v string) { s.Kind = v }),
	text("title", oneLine, func(s *graph.Source, v string) { s.Title = v }),
	text("title_en", oneLine, func(s *graph.Source, v string) { s.TitleEn = v }),
	texts("authors", func(s *graph.Source, v []string) { s.Authors = v }),
	text("language", oneLine, func(s *graph.Source, v string) { s.Language = v }),
	year("year", func(s *graph.Source, v int) { s.Year = v }),
	text("publisher", oneLine, func(s *graph.Source, v string) { s.Publisher = v }),
	text("url", urlText, func(s *graph.Source, v string) { s.URL = v }),
	text("as_of", oneLine, func(s *graph.Source, v string) { s.AsOf = v }),
	text("note", noteText, func(s *graph.Source, v string) { s.Note = v }),
)

var entityFormat = newFormat(
	text("id", idText, func(e *graph.Entity, v string) { e.ID = v }),
	text("kind", oneLine, func(e *graph.Entity, v string) { e.Kind = graph.Kind(v) }),
	text("name", oneLine, func(e *graph.Entity, v string) { e.Name = v }),
	text("name_zh", oneLine, func(e *graph.Entity, v string) { e.NameZh = v }),
	texts("aliases", func(e *graph.Entity, v []string) { e.Aliases = v }),
	text("category", oneLine, func(e *graph.Entity, v string) { e.Category = v }),
	field[graph.Entity]{"external_ids", func(d *decoder, f string, v *yaml.Node, e *graph.Entity) bool {
		m, ok := d.idMap(f, v)
		if ok {
			e.ExternalIDs = m
		}
		return ok
	}},
	text("note", noteText, func(e *graph.Entity, v string) { e.Note = v }),
	text("untied", oneLine, func(e *graph.Entity, v string) { e.Untied = v }),
)

var evidenceFormat = newFormat(
	text("source", idText, func(e *graph.Evidence, v string) { e.Source = v }),
	field[graph.Evidence]{"line", func(d *decoder, f string, v *yaml.Node, e *graph.Evidence) bool {
		n, given, ok := d.int(f, v, "where a whole number (e.g. a year) is expected")
		if ok && given && n == 0 {
			d.add(v, "field %q is 0: lines count from 1", f)
			return false
		}
		e.Line = n
		return ok
	}},
	text("section", oneLine, func(e *graph.Evidence, v string) { e.Section = v }),
	text("quote", quoteText, func(e *graph.Evidence, v string) { e.Quote = v }),
	text("locator", oneLine, func(e *graph.Evidence, v string) { e.Locator = v }),
)

var uncitedFormat = newFormat(
	text("source", idText, func(u *graph.Uncited, v string) { u.Source = v }),
	field[graph.Uncited]{"lines", func(d *decoder, f string, v *yaml.Node, u *graph.Uncited) bool {
		lines, ok := d.lines(f, v)
		u.Lines = lines
		return ok
	}},
	text("reason", oneLine, func(u *graph.Uncited, v string) { u.Reason = v }),
	text("note", noteText, func(u *graph.Uncited, v string) { u.Note = v }),
)

// lines reads a list of line numbers (whole numbers from 1).
func (d *decoder) lines(f string, v *yaml.Node) ([]int, bool) {
	if v.Kind != yaml.SequenceNode {
		d.wrongType(f, v, "where a list of line numbers is expected")
		return nil, false
	}
	out := make([]int, 0, len(v.Content))
	ok := true
	for _, x := range v.Content {
		x, okx := d.deref(x)
		if !okx {
			ok = false
			continue
		}
		n, given, okn := d.int(f, x, "where a line number is expected")
		switch {
		case !okn:
			ok = false
		case given && n <= 0:
			d.add(x, "field %q has line %d: lines count from 1", f, n)
			ok = false
		case given:
			out = append(out, n)
		}
	}
	return out, ok
}

// tieItem is a tie as decoded, with what the validator must know about
// how its evidence was read.
type tieItem struct {
	graph.Tie
	evidenceMalformed bool // a problem with the evidence list was reported while reading
}

var tieFormat = newFormat(
	text("type", oneLine, func(t *tieItem, v string) { t.Type = graph.RelType(v) }),
	text("from", idText, func(t *tieItem, v string) { t.From = v }),
	text("to", idText, func(t *tieItem, v string) { t.To = v }),
	year("since", func(t *tieItem, v int) { t.Since = v }),
	year("until", func(t *tieItem, v int) { t.Until = v }),
	year("year", func(t *tieItem, v int) { t.Year = v }),
	year("signed", func(t *tieItem, v int) { t.Signed = v }),
	text("status", oneLine, func(t *tieItem, v string) { t.Status = v }),
	text("role", oneLine, func(t *tieItem, v string) { t.Role = v }),
	text("domain", oneLine, func(t *tieItem, v string) { t.Domain = v }),
	field[tieItem]{"proposal", func(d *decoder, f string, v *yaml.Node, t *tieItem) bool {
		b, ok := d.bool(f, v)
		t.Proposal = b
		return ok
	}},
	text("note", noteText, func(t *tieItem, v string) { t.Note = v }),
	field[tieItem]{"evidence", func(d *decoder, f string, v *yaml.Node, t *tieItem) bool {
		// A problem in one evidence item is reported there; the tie is
		// still checked, with the evidence that could be read.
		t.Evidence, t.evidenceMalformed = d.evidence(v)
		return true
	}},
	// Rare fields last: decodeItem looks fields up in order.
	text("venue", idText, func(t *tieItem, v string) { t.Venue = v }),
	text("on_behalf", idText, func(t *tieItem, v string) { t.OnBehalf = v }),
)

// decoder reads the items of one file (or of one part of it: off is added
// to every node's line) and reports what it cannot read.
type decoder struct {
	file   string
	off    int
	probs  *Problems
	intern map[string]string // shared strings: types, kinds, ids referred to many times
	fast   bool              // the nodes come from the fast path, whose texts are shared already
	// aliased counts the nodes reached through aliases (*name), which a file
	// may use to repeat an evidence item; past maxAliased the file is
	// refused, so that a few lines cannot expand into gigabytes.
	aliased int
}

const maxAliased = 1_000_000

// deref follows an alias to the node it names.
func (d *decoder) deref(n *yaml.Node) (*yaml.Node, bool) {
	if n.Kind != yaml.AliasNode {
		return n, true
	}
	if n.Alias == nil {
		d.add(n, "alias *%s names no anchor (&%s)", clip(n.Value), clip(n.Value))
		return nil, false
	}
	d.aliased += 1 + len(n.Alias.Content)
	if d.aliased > maxAliased {
		if d.aliased-1-len(n.Alias.Content) <= maxAliased {
			d.add(n, "aliases (*name) in this file repeat more than %d values: write the values out", maxAliased)
		}
		return nil, false
	}
	return n.Alias, true
}

func (d *decoder) at(n *yaml.Node) graph.Origin {
	return graph.Origin{File: d.file, Line: n.Line + d.off}
}

func (d *decoder) add(n *yaml.Node, format string, a ...any) { d.probs.add(d.at(n), format, a...) }

// str interns s, so that an id cited a million times is stored once.
func (d *decoder) str(s string) string {
	if len(s) > 64 {
		return s
	}
	if x, ok := d.intern[s]; ok {
		return x
	}
	if len(d.intern) < maxInterned {
		d.intern[s] = s
	}
	return s
}

// decodeItem reads the mapping n into out by format f. It reports every
// unknown field, field given twice and value it cannot read, and returns
// false if there was any.
func decodeItem[T any](d *decoder, n *yaml.Node, f *itemFormat[T], out *T) bool {
	ok := true
	var seen [maxFields]int // line of each field of f already read
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.add(k, "a field name must be plain text, such as name")
			ok = false
			continue
		}
		j := 0
		for j < len(f.fields) && f.fields[j].name != k.Value {
			j++
		}
		if j == len(f.fields) {
			d.add(k, "unknown field %s%s%s; known fields: %s", quote(k.Value), suggest(k.Value, f.names), nonASCII(k.Value), f.known)
			ok = false
			continue
		}
		if seen[j] != 0 {
			d.add(k, "field %q is given twice (lines %d and %d): keep one", k.Value, seen[j], k.Line+d.off)
			ok = false
			continue
		}
		seen[j] = k.Line + d.off
		v, okv := d.deref(v)
		if !okv {
			ok = false
			continue
		}
		if !f.fields[j].decode(d, f.fields[j].name, v, out) {
			ok = false
		}
	}
	return ok
}

// null reports whether v is an empty value (`field:` or `field: ~`), read as
// if the field were not given.
func null(v *yaml.Node) bool { return v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" }

func (d *decoder) text(f string, v *yaml.Node, rule textRule) (string, bool) {
	if null(v) {
		return "", true
	}
	if v.Kind != yaml.ScalarNode {
		d.wrongType(f, v, "where text is expected")
		return "", false
	}
	if p := rule.check(v.Value); p != "" {
		d.add(v, "field %q %s", f, p)
		return "", false
	}
	if !d.fast && (rule == idText || f == "type" || f == "kind" || f == "status") {
		return d.str(v.Value), true // the fast path shares these itself
	}
	return v.Value, true
}

func (d *decoder) texts(f string, v *yaml.Node) ([]string, bool) {
	if null(v) {
		return nil, true
	}
	if v.Kind != yaml.SequenceNode {
		d.wrongType(f, v, "where a list of text is expected")
		return nil, false
	}
	if len(v.Content) > MaxListItems {
		d.add(v, "field %q has %d items: at most %d are allowed", f, len(v.Content), MaxListItems)
		return nil, false
	}
	out := make([]string, 0, len(v.Content))
	ok := true
	for i, x := range v.Content {
		x, okx := d.deref(x)
		if !okx {
			ok = false
			continue
		}
		if x.Kind != yaml.ScalarNode {
			d.wrongType(f, x, "where text is expected")
			ok = false
			continue
		}
		if p := oneLine.check(x.Value); p != "" {
			d.add(x, "field %q (item %d) %s", f, i+1, p)
			ok = false
			continue
		}
		out = append(out, x.Value)
	}
	return out, ok
}

func (d *decoder) idMap(f string, v *yaml.Node) (map[string]string, bool) {
	if null(v) {
		return nil, true
	}
	if v.Kind != yaml.MappingNode {
		d.wrongType(f, v, "where a mapping is expected")
		return nil, false
	}
	if len(v.Content)/2 > MaxListItems {
		d.add(v, "field %q has %d entries: at most %d are allowed", f, len(v.Content)/2, MaxListItems)
		return nil, false
	}
	m := make(map[string]string, len(v.Content)/2)
	lines := make(map[string]int, len(v.Content)/2)
	ok := true
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, x := v.Content[i], v.Content[i+1]
		x, okx := d.deref(x)
		if !okx {
			ok = false
			continue
		}
		if k.Kind != yaml.ScalarNode || x.Kind != yaml.ScalarNode {
			d.add(k, "field %q: each entry must be a name and an id, such as wikidata: Q334", f)
			ok = false
			continue
		}
		if first, dup := lines[k.Value]; dup {
			d.add(k, "field %q: %s is given twice (lines %d and %d): keep one", f, quote(k.Value), first, k.Line+d.off)
			ok = false
			continue
		}
		lines[k.Value] = k.Line + d.off
		for _, s := range []string{k.Value, x.Value} {
			if p := idText.check(s); p != "" {
				d.add(k, "field %q: %s %s", f, quote(k.Value), p)
				ok = false
			}
		}
		m[k.Value] = x.Value
	}
	return m, ok
}

// int reads a whole number; given is false for an empty value.
func (d *decoder) int(f string, v *yaml.Node, expected string) (n int, given, ok bool) {
	if null(v) {
		return 0, false, true
	}
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!int" {
		if i, err := strconv.ParseInt(strings.ReplaceAll(v.Value, "_", ""), 0, 32); err == nil {
			return int(i), true, true
		}
	}
	d.wrongType(f, v, expected)
	return 0, true, false
}

func (d *decoder) bool(f string, v *yaml.Node) (bool, bool) {
	if null(v) {
		return false, true
	}
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!bool" {
		b, err := strconv.ParseBool(strings.ToLower(v.Value))
		if err == nil {
			return b, true
		}
	}
	d.wrongType(f, v, "where true or false is expected")
	return false, false
}

func (d *decoder) evidence(v *yaml.Node) ([]graph.Evidence, bool) {
	if null(v) {
		return nil, false
	}
	if v.Kind != yaml.SequenceNode {
		d.add(v, "evidence must be a list of items (- source: ...)")
		return nil, true
	}
	if len(v.Content) > MaxEvidence {
		d.add(v, "evidence has %d items: at most %d are allowed in one place", len(v.Content), MaxEvidence)
		return nil, true
	}
	out := make([]graph.Evidence, 0, len(v.Content))
	malformed := false
	for _, n := range v.Content {
		at := d.at(n)
		n, okn := d.deref(n)
		if !okn {
			malformed = true
			continue
		}
		if n.Kind != yaml.MappingNode {
			d.add(n, "each item of evidence must be a mapping of fields (source: ...)")
			malformed = true
			continue
		}
		var e graph.Evidence
		if decodeItem(d, n, evidenceFormat, &e) {
			e.Origin = at
			out = append(out, e)
		} else {
			malformed = true
		}
	}
	return out, malformed
}

// wrongType reports a value of the wrong type, as `text `abc` where a
// whole number (e.g. a year) is expected`.
func (d *decoder) wrongType(f string, v *yaml.Node, expected string) {
	var what string
	switch v.Kind {
	case yaml.SequenceNode:
		what = "list"
	case yaml.MappingNode:
		what = "mapping"
	case yaml.AliasNode:
		what = "alias"
	default:
		switch v.ShortTag() {
		case "!!int", "!!float":
			what = "number"
		case "!!bool":
			what = "true/false"
		default:
			what = "text"
		}
		val := v.Value
		if r := []rune(val); len(r) > 10 {
			val = string(r[:7]) + "..."
		}
		what += " `" + val + "`"
	}
	d.add(v, "wrong type: field %q: %s %s", f, what, expected)
}

// the lists a file may hold, and what each item must be.
func (d *decoder) item(list string, n *yaml.Node, r *fileResult) {
	at := d.at(n)
	n, ok := d.deref(n)
	if !ok {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.add(n, "each item of %s must be a mapping of fields", list)
		return
	}
	switch list {
	case "sources":
		var s graph.Source
		if decodeItem(d, n, sourceFormat, &s) {
			s.Origin = at
			r.sources = append(r.sources, s)
		} else if s.ID != "" {
			r.broken = append(r.broken, s.ID)
		}
	case "entities":
		var e graph.Entity
		if decodeItem(d, n, entityFormat, &e) {
			e.Origin = at
			r.entities = append(r.entities, e)
		} else if e.ID != "" {
			r.broken = append(r.broken, e.ID)
		}
	case "uncited":
		var u graph.Uncited
		if decodeItem(d, n, uncitedFormat, &u) {
			u.Origin = at
			r.uncited = append(r.uncited, u)
		}
	case "ties":
		var t tieItem
		if decodeItem(d, n, tieFormat, &t) {
			t.Origin = at
			if t.evidenceMalformed {
				r.malformed = append(r.malformed, len(r.ties))
			}
			r.ties = append(r.ties, t.Tie)
		}
	}
}
