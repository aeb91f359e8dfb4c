package seed

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/unicode/runenames"
)

// Limits on what one value may hold. Ids are indexed by Neo4j, whose index
// keys must stay under about 8 kB, and every text ends up in reports and
// the Browser: these bounds are far above anything the curated data needs
// (its longest name is about 150 characters, its longest note about 180).
const (
	MaxIDBytes      = 100  // entity and source ids, and every reference to one
	MaxTextRunes    = 300  // names, aliases, titles, sections and other one-line text
	MaxURLRunes     = 2000 // a source's url
	MaxNoteRunes    = 1000 // a note
	MaxListItems    = 100  // aliases, authors, external ids
	MaxEvidence     = 200  // evidence items of one tie statement
	clipRunes       = 80   // quoted input in messages is cut to this many characters
	clipEllipsis    = "…"
	maxSuggestRunes = 100 // no "did you mean" for longer input
)

// clip cuts s to clipRunes characters, marking the cut, so that a message
// never repeats a megabyte of input back.
func clip(s string) string { return clipTo(s, clipRunes) }

// clipTo cuts s to n characters, marking the cut.
func clipTo(s string, n int) string {
	c := 0
	for i := range s {
		if c == n {
			return s[:i] + clipEllipsis
		}
		c++
	}
	return s
}

// quote is %q of clip(s).
func quote(s string) string { return strconv.Quote(clip(s)) }

// badRune reports whether r may not appear in dataset text: control
// characters (C0 including tab, DEL, C1), the Unicode line and paragraph
// separators, and invisible formatting characters that would let two
// names look alike while differing (zero-width space, word joiner, byte
// order mark, and the bidirectional embeddings, overrides, isolates and
// marks). The zero-width joiner and non-joiner stay allowed: some scripts
// need them.
func badRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r < 0x7f:
		return false
	}
	switch r {
	case 0x061c, 0x200b, 0x200e, 0x200f, 0x2028, 0x2029, 0x2060, 0xfeff, utf8.RuneError:
		return true
	}
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// describeRune names a character for a message: U+0430 CYRILLIC SMALL LETTER A.
func describeRune(r rune) string {
	s := fmt.Sprintf("U+%04X", r)
	if name, ok := controlNames[r]; ok {
		return s + " " + name
	}
	if name := runenames.Name(r); name != "" && name[0] != '<' {
		s += " " + name
	}
	return s
}

// controlNames names the controls people meet (runenames gives them all as "<control>").
var controlNames = map[rune]string{0: "NUL", 7: "BEL", 8: "BACKSPACE", 9: "TAB", 0xa: "LINE FEED", 0xb: "VERTICAL TAB",
	0xc: "FORM FEED", 0xd: "CARRIAGE RETURN", 0x1b: "ESCAPE", 0x7f: "DELETE", 0x85: "NEXT LINE"}

// textProblem checks one text value and says what is wrong with it, or "".
// Line breaks are allowed only where breaks says (a note); limit is in
// characters (bytes for ids).
func textProblem(s string, breaks bool, limit int, bytes bool) string {
	if !utf8.ValidString(s) {
		for i, r := range s {
			if _, size := utf8.DecodeRuneInString(s[i:]); r == utf8.RuneError && size == 1 {
				return fmt.Sprintf("is not valid UTF-8 (byte 0x%02x at byte %d): save the file as UTF-8", s[i], i+1)
			}
		}
	}
	pos := 0
	for _, r := range s {
		pos++
		if badRune(r) && !(breaks && (r == '\n' || r == '\r')) {
			what := "a control character"
			switch {
			case r == utf8.RuneError:
				what = "the replacement character (a sign of text damaged in a conversion)"
			case r >= 0xa0:
				what = "an invisible formatting character"
			}
			return fmt.Sprintf("holds %s, %s, at character %d: remove it", what, describeRune(r), pos)
		}
	}
	if bytes {
		if len(s) > limit {
			return fmt.Sprintf("is %d bytes long: ids are at most %d bytes", len(s), limit)
		}
		return ""
	}
	if pos > limit {
		return fmt.Sprintf("is %d characters long: at most %d are allowed here", pos, limit)
	}
	return ""
}

// nonASCII says which character of an id is not ASCII, as
// `; character 1 "а" is U+0430 CYRILLIC SMALL LETTER A, not ASCII`, or "".
// Look-alike letters from other scripts make ids that read right and never match.
func nonASCII(id string) string {
	pos := 0
	for _, r := range id {
		pos++
		if r >= utf8.RuneSelf {
			return fmt.Sprintf("; character %d %q is %s, not ASCII", pos, string(r), describeRune(r))
		}
	}
	return ""
}
