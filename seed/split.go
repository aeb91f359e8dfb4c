package seed

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Reading a file in parts. yaml.v3 builds the node tree of a whole document
// before anything can look at it, which for a 50 MB file costs well over a
// gigabyte. Dataset files have a fixed shape (top-level keys at column 0,
// each over a block list), so a file is cut at the lines where a list item
// starts and read a few hundred items at a time; only one part's tree is
// alive at once.
//
// Cutting there is safe: every YAML construct that can span lines (block
// scalars, plain multi-line scalars, nested collections) ends at a line
// indented no deeper than the list's items, except quoted scalars and flow
// collections, and a part that ends inside one of those does not parse on
// its own. So when every part parses, the parts mean what the whole file
// means; when one does not, the whole file is parsed as one document, and
// its error (or its content) is what counts.

// part is a run of whole list items of one top-level key.
type part struct {
	start, end int // byte offsets in the file
	line       int // line of start (1-based)
}

// section is one top-level key and the parts of its list.
type section struct {
	key   string
	line  int
	parts []part
	items int // list items in all
}

// partBytes is about how much YAML goes into one part.
const partBytes = 64 << 10

// split cuts b into sections and parts. ok is false when the file is not of
// the usual shape (a flow list, a document marker, an indented top level,
// a tab in an indentation, ...): such a file is parsed whole. empty is true
// when the file holds nothing but blank lines and comments.
func split(b []byte) (secs []section, empty, ok bool) {
	start := 0
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		start = 3 // a byte order mark, which no part includes
	}
	var cur *section
	itemIndent := -1
	blank := true
	for off, line := start, 1; off < len(b); line++ {
		end := bytes.IndexByte(b[off:], '\n')
		next := len(b)
		if end >= 0 {
			next = off + end + 1
			end += off
		} else {
			end = len(b)
		}
		l := bytes.TrimSuffix(b[off:end], []byte("\r"))
		indent := 0
		for indent < len(l) && l[indent] == ' ' {
			indent++
		}
		switch {
		case indent == len(l) || l[indent] == '#':
			// blank or a comment: part of the item it stands in
			if cur != nil && len(cur.parts) > 0 {
				cur.parts[len(cur.parts)-1].end = next
			}
		case l[indent] == '\t':
			return nil, false, false
		case indent == 0 && !isItemStart(l):
			key, ok := topKey(l)
			if !ok {
				return nil, false, false
			}
			if cur != nil && len(cur.parts) == 0 {
				return nil, false, false // an empty list or a null: the parser says what it is
			}
			secs = append(secs, section{key: key, line: line})
			cur = &secs[len(secs)-1]
			itemIndent = -1
			blank = false
		case cur == nil:
			return nil, false, false // content before the first key
		case itemIndent < 0:
			if !isItemStart(l[indent:]) {
				return nil, false, false
			}
			itemIndent = indent
			cur.parts = append(cur.parts, part{start: off, end: next, line: line})
			cur.items++
		case indent == itemIndent && isItemStart(l[indent:]):
			cur.items++
			p := &cur.parts[len(cur.parts)-1]
			if p.end-p.start >= partBytes {
				cur.parts = append(cur.parts, part{start: off, end: next, line: line})
			} else {
				p.end = next
			}
		default:
			if indent < itemIndent {
				return nil, false, false
			}
			cur.parts[len(cur.parts)-1].end = next
		}
		off = next
	}
	if blank {
		return nil, true, true
	}
	if cur != nil && len(cur.parts) == 0 {
		return nil, false, false
	}
	return secs, false, true
}

// isItemStart reports whether l (from its indentation on) starts a block list item.
func isItemStart(l []byte) bool {
	return len(l) > 0 && l[0] == '-' && (len(l) == 1 || l[1] == ' ')
}

// topKey reads a line `key:` with an optional comment.
func topKey(l []byte) (string, bool) {
	i := 0
	for i < len(l) && (l[i] >= 'a' && l[i] <= 'z' || l[i] >= 'A' && l[i] <= 'Z' || l[i] == '_' || i > 0 && l[i] >= '0' && l[i] <= '9') {
		i++
	}
	if i == 0 || i == len(l) || l[i] != ':' {
		return "", false
	}
	rest := bytes.TrimLeft(l[i+1:], " ")
	if len(rest) > 0 && (rest[0] != '#' || len(rest) == len(l)-i-1) {
		return "", false // a value on the key's line, or a '#' that is not a comment
	}
	return string(l[:i]), true
}

// byteProblem is a character the YAML parser would refuse without saying
// where, found before it runs.
type byteProblem struct {
	line, column int
	what, fix    string
}

// maxByteProblems stops the scan of a file that is probably not text.
const maxByteProblems = 20

// scanBytes finds invalid UTF-8 and characters YAML does not allow (control
// characters other than tab and line breaks, C1 controls, the line breaks
// YAML counts that editors do not: NEL, U+2028, U+2029, a lone CR). It
// overwrites each with '_' in b, so that the rest of the file can still be
// read for its other problems; the file is then never loaded.
func scanBytes(b []byte) []byteProblem {
	var out []byteProblem
	line, lineStart := 1, 0
	for i := 0; i < len(b); {
		c := b[i]
		if c >= 0x20 && c < 0x7f || c == '\t' {
			i++
			continue
		}
		if c == '\n' {
			i++
			line, lineStart = line+1, i
			continue
		}
		if c == '\r' && i+1 < len(b) && b[i+1] == '\n' {
			i++
			continue
		}
		size, what, fix := 1, "", "remove it"
		switch {
		case c == '\r':
			what, fix = "holds a carriage return without a line feed", "save the file with LF (or CRLF) line endings"
		case c < 0x80:
			what = "holds a control character, " + describeRune(rune(c)) + ","
		default:
			var r rune
			r, size = utf8.DecodeRune(b[i:])
			switch {
			case r == utf8.RuneError && size <= 1:
				size = 1
				what, fix = fmt.Sprintf("is not valid UTF-8 (byte 0x%02x)", c), "save the file as UTF-8"
			case r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0xfffe || r == 0xffff:
				what = "holds a control character, " + describeRune(r) + ","
			}
		}
		if what == "" {
			i += size
			continue
		}
		out = append(out, byteProblem{line: line, column: utf8.RuneCount(b[lineStart:i]) + 1, what: what, fix: fix})
		for j := i; j < i+size; j++ {
			b[j] = '_'
		}
		i += size
		if len(out) == maxByteProblems {
			break
		}
	}
	return out
}

// fieldAt names the field a line sets, for a problem at column col (1-based):
// `field "name"`, or "the line" when the line sets none before col.
func fieldAt(b []byte, line, col int) string {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return "the line"
		}
		off += i + 1
	}
	l := b[off:]
	if i := bytes.IndexByte(l, '\n'); i >= 0 {
		l = l[:i]
	}
	i := 0
	for i < len(l) && (l[i] == ' ' || l[i] == '-') {
		i++
	}
	j := i
	for j < len(l) && (l[j] >= 'a' && l[j] <= 'z' || l[j] == '_') {
		j++
	}
	if j > i && j < len(l) && l[j] == ':' && utf8.RuneCount(l[:j]) < col {
		return fmt.Sprintf("field %q", string(l[i:j]))
	}
	return "the line"
}

// tieItems counts the tie statements of a file from its parts; -1 when the
// file is not cut into parts (so the count is not known before parsing).
func tieItems(b []byte) int {
	secs, empty, ok := split(b)
	if !ok {
		return -1
	}
	n := 0
	for _, s := range secs {
		if s.key == "ties" && !empty {
			n += s.items
		}
	}
	return n
}
