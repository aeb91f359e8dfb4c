package seed

import (
	"bytes"

	"go.yaml.in/yaml/v3"
)

// A fast path for reading a part. yaml.v3's parser reads about 11 MB/s,
// which is most of the time a large dataset takes to validate; dataset
// files are written in a small block subset of YAML (one key and value a
// line, plain or quoted one-line texts, one-line flow lists and mappings),
// which fastParser reads about ten times as fast, into the same nodes
// yaml.v3 would build. At the first thing outside that subset (an escape
// sequence, a block scalar, a value over several lines, an anchor, a tab,
// odd indentation ...) it gives up and the part goes to yaml.v3, so it never
// has to be right about anything hard: it only has to agree with yaml.v3 on
// what it accepts, which TestFastParserAgrees and FuzzFastParser check.
//
// Scalars are left untagged, as if written plain: yaml.Node.ShortTag then
// resolves them exactly as yaml.v3 does; quoted ones carry their style,
// which makes them text.

type fastParser struct {
	b     []byte
	lines []fastLine
	i     int // current line
	// nodes and ptrs are reused from part to part: nothing keeps a node once
	// the part is decoded (values are strings, which are separate).
	nodes []yaml.Node
	ptrs  []*yaml.Node
	stack []*yaml.Node
	keys  map[string]string // field names
	strs  map[string]string // shared values
}

type fastLine struct {
	start, end int // content, without the line break
	indent     int // leading spaces
	num        int // 1-based line number in the part
	blank      bool
}

// maxInterned bounds the parser's table of repeated short texts.
const maxInterned = 1 << 17

// maxFastKey: yaml.v3 wants a key's colon within 1024 characters of its
// start; the fast path leaves anything near that to it.
const maxFastKey = 64

func newFastParser() *fastParser {
	return &fastParser{keys: map[string]string{}, strs: map[string]string{}}
}

// parse reads b, a run of block-list items, into a sequence node; ok is
// false when b is outside the subset.
func (p *fastParser) parse(b []byte) (root *yaml.Node, ok bool) {
	p.b = b
	p.lines = p.lines[:0]
	p.i = 0
	n := 0
	for off, num := 0, 1; off < len(b); num++ {
		end := bytes.IndexByte(b[off:], '\n')
		next := len(b)
		if end >= 0 {
			next = off + end + 1
			end += off
		} else {
			end = len(b)
		}
		e := end
		if e > off && b[e-1] == '\r' {
			e--
		}
		l := fastLine{start: off, end: e, num: num}
		for l.indent < e-off && b[off+l.indent] == ' ' {
			l.indent++
		}
		c := off + l.indent
		switch {
		case c == e || b[c] == '#':
			l.blank = true
		case bytes.IndexByte(b[off:e], '\t') >= 0:
			return nil, false
		}
		p.lines = append(p.lines, l)
		n += 4
		off = next
	}
	// Every node is a key, a value or an item; a line holds at most a few
	// outside flow collections, and those are counted as they are read.
	if cap(p.nodes) < n {
		p.nodes = make([]yaml.Node, 0, n+n/2)
	}
	p.nodes = p.nodes[:0]
	p.ptrs = p.ptrs[:0]
	p.skipBlank()
	if p.i == len(p.lines) {
		return nil, false
	}
	root, ok = p.seq(p.lines[p.i].indent)
	if !ok {
		return nil, false
	}
	if p.skipBlank(); p.i != len(p.lines) {
		return nil, false
	}
	return root, true
}

func (p *fastParser) skipBlank() {
	for p.i < len(p.lines) && p.lines[p.i].blank {
		p.i++
	}
}

// node allocates a node from the reusable slab. A full slab is replaced
// by a larger one (the nodes already in the old one stay where they are),
// which the next part then reuses.
func (p *fastParser) node(kind yaml.Kind, line, col int) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]yaml.Node, 0, max(1<<12, 2*cap(p.nodes)))
	}
	p.nodes = append(p.nodes, yaml.Node{Kind: kind, Line: line, Column: col})
	return &p.nodes[len(p.nodes)-1]
}

// content moves the nodes pushed on the stack since mark into n.Content.
func (p *fastParser) content(n *yaml.Node, mark int) {
	k := len(p.stack) - mark
	if len(p.ptrs)+k > cap(p.ptrs) {
		p.ptrs = make([]*yaml.Node, 0, max(1<<14, 2*k))
	}
	start := len(p.ptrs)
	p.ptrs = append(p.ptrs, p.stack[mark:]...)
	n.Content = p.ptrs[start:len(p.ptrs):len(p.ptrs)]
	p.stack = p.stack[:mark]
}

// seq reads a block sequence whose "- " stand at column indent.
func (p *fastParser) seq(indent int) (*yaml.Node, bool) {
	l := p.lines[p.i]
	n := p.node(yaml.SequenceNode, l.num, indent+1)
	if n == nil {
		return nil, false
	}
	mark := len(p.stack)
	for p.skipBlank(); p.i < len(p.lines); p.skipBlank() {
		l := p.lines[p.i]
		if l.indent < indent {
			break
		}
		c := l.start + l.indent
		if l.indent > indent || !(p.b[c] == '-' && (c+1 == l.end || p.b[c+1] == ' ')) {
			if l.indent == indent {
				break // the mapping that holds this list goes on
			}
			return nil, false
		}
		// "- " and what follows: a mapping (its first key on this line), or a scalar.
		col := c + 1
		for col < l.end && p.b[col] == ' ' {
			col++
		}
		if col == l.end || p.b[col] == '#' {
			return nil, false // an item on the following lines
		}
		var item *yaml.Node
		var ok bool
		if _, isKey := p.keyAt(col, l.end); isKey {
			item, ok = p.mapping(col - l.start)
		} else if item, ok = p.inline(col, l.end, l.num, false); ok {
			p.i++
		}
		if !ok {
			return nil, false
		}
		p.stack = append(p.stack, item)
	}
	p.content(n, mark)
	return n, true
}

// keyAt reads a mapping key starting at offset s of the current line: it
// returns the offset of its ':' (followed by a space or the end of the
// line). Keys are short ASCII words; anything else is yaml.v3's to read.
func (p *fastParser) keyAt(s, end int) (int, bool) {
	i := s
	for i < end && i-s <= maxFastKey {
		c := p.b[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > s && (c >= '0' && c <= '9' || c == '-') {
			i++
			continue
		}
		break
	}
	if i == s || i-s > maxFastKey || i == end || p.b[i] != ':' || i+1 < end && p.b[i+1] != ' ' {
		return 0, false
	}
	return i, true
}

// mapping reads a block mapping whose keys stand at column indent, the
// first on the current line.
func (p *fastParser) mapping(indent int) (*yaml.Node, bool) {
	l := p.lines[p.i]
	n := p.node(yaml.MappingNode, l.num, indent+1)
	if n == nil {
		return nil, false
	}
	mark := len(p.stack)
	first := true
	for p.skipBlank(); p.i < len(p.lines); p.skipBlank() {
		l := p.lines[p.i]
		s := l.start + indent
		if !first {
			if l.indent < indent {
				break
			}
			if l.indent > indent {
				return nil, false
			}
			if c := p.b[s]; c == '-' && (s+1 == l.end || p.b[s+1] == ' ') {
				break // the next item of the list that holds this mapping
			}
		}
		first = false
		colon, ok := p.keyAt(s, l.end)
		if !ok {
			return nil, false
		}
		k := p.node(yaml.ScalarNode, l.num, indent+1)
		if k == nil {
			return nil, false
		}
		k.Value = p.key(p.b[s:colon])
		v := colon + 1
		for v < l.end && p.b[v] == ' ' {
			v++
		}
		var val *yaml.Node
		if v == l.end || p.b[v] == '#' {
			if v < l.end && v == colon+1 {
				return nil, false // "key:#" is not a comment
			}
			// The value is on the following lines: a list, a mapping, or nothing.
			p.i++
			val, ok = p.block(indent, l.num, l.end-l.start+1)
		} else if val, ok = p.inline(v, l.end, l.num, shared(k.Value)); ok {
			p.i++
		}
		if !ok {
			return nil, false
		}
		p.stack = append(p.stack, k, val)
	}
	p.content(n, mark)
	return n, true
}

// block reads the value of a key at column indent whose line ends after
// the colon: a list (at the key's column or deeper), a mapping (deeper),
// or an empty value.
func (p *fastParser) block(indent, keyLine, endCol int) (*yaml.Node, bool) {
	p.skipBlank()
	if p.i < len(p.lines) {
		l := p.lines[p.i]
		c := l.start + l.indent
		isItem := p.b[c] == '-' && (c+1 == l.end || p.b[c+1] == ' ')
		switch {
		case isItem && l.indent >= indent:
			return p.seq(l.indent)
		case l.indent > indent:
			if _, ok := p.keyAt(c, l.end); ok {
				return p.mapping(l.indent)
			}
			return nil, false // a text on the next line
		}
	}
	n := p.node(yaml.ScalarNode, keyLine, endCol)
	return n, n != nil
}

// inline reads a value that starts at offset s of the current line and
// ends on it: a plain or quoted text, or a flow list or mapping of texts.
func (p *fastParser) inline(s, end, line int, share bool) (*yaml.Node, bool) {
	col := s - p.lines[p.i].start + 1
	switch p.b[s] {
	case '[', '{':
		n, i, ok := p.flow(s, end, line)
		if !ok || !restIsComment(p.b[i:end]) {
			return nil, false
		}
		return n, true
	case '"', '\'':
		v, i, ok := p.quoted(s, end, share)
		if !ok || !restIsComment(p.b[i:end]) {
			return nil, false
		}
		n := p.node(yaml.ScalarNode, line, col)
		if n == nil {
			return nil, false
		}
		n.Value = v
		n.Style = yaml.DoubleQuotedStyle
		if p.b[s] == '\'' {
			n.Style = yaml.SingleQuotedStyle
		}
		return n, true
	}
	v, ok := p.plain(s, end, false)
	if !ok {
		return nil, false
	}
	n := p.node(yaml.ScalarNode, line, col)
	if n == nil {
		return nil, false
	}
	n.Value = p.str(v, share)
	return n, true
}

// restIsComment: what follows a value on its line is blank or a comment.
func restIsComment(b []byte) bool {
	i := 0
	for i < len(b) && b[i] == ' ' {
		i++
	}
	return i == len(b) || b[i] == '#' && i > 0
}

// plain reads a plain text from s to the end of the line (block) or to the
// next , ] or } (flow), without a trailing comment or spaces. It refuses
// what yaml.v3 would read otherwise: an indicator first, ": " or a colon at
// the end inside, a text running on to the next line (checked by the
// caller: the next line must not be deeper).
func (p *fastParser) plain(s, end int, flow bool) ([]byte, bool) {
	switch p.b[s] {
	case '-':
		if s+1 == end || p.b[s+1] == ' ' || flow && isFlowIndicator(p.b[s+1]) {
			return nil, false
		}
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return nil, false
	}
	i := s
	last := s // end of the text without trailing spaces
	for i < end {
		c := p.b[i]
		switch {
		case c == ' ':
			if i+1 < end && p.b[i+1] == '#' {
				return p.b[s:last], true
			}
		case c == ':':
			if i+1 == end || p.b[i+1] == ' ' || flow && isFlowIndicator(p.b[i+1]) {
				return nil, false // a mapping, or something yaml.v3 must judge
			}
			last = i + 1
		case flow && c == '?':
			return nil, false // ends a plain text in a flow collection
		case flow && isFlowIndicator(c):
			return p.b[s:last], true
		default:
			last = i + 1
		}
		i++
	}
	if flow {
		return nil, false // a flow collection must close on its line
	}
	return p.b[s:last], true
}

func isFlowIndicator(c byte) bool { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}' }

// quoted reads a quoted text on one line: single-quoted with ” for a
// quote, double-quoted without escapes. It returns the offset past the
// closing quote.
func (p *fastParser) quoted(s, end int, share bool) (string, int, bool) {
	q := p.b[s]
	var buf []byte
	seg := s + 1 // start of the text not yet copied into buf
	for i := s + 1; i < end; i++ {
		c := p.b[i]
		if c == '\\' && q == '"' {
			return "", 0, false
		}
		if c != q {
			continue
		}
		if q == '\'' && i+1 < end && p.b[i+1] == '\'' {
			buf = append(buf, p.b[seg:i+1]...) // one quote of the two
			i++
			seg = i + 1
			continue
		}
		if buf == nil {
			return p.str(p.b[seg:i], share), i + 1, true
		}
		return string(append(buf, p.b[seg:i]...)), i + 1, true
	}
	return "", 0, false
}

// flow reads a one-line flow list of texts or flow mapping of keys to texts.
func (p *fastParser) flow(s, end, line int) (*yaml.Node, int, bool) {
	lineStart := p.lines[p.i].start
	kind, closer := yaml.SequenceNode, byte(']')
	if p.b[s] == '{' {
		kind, closer = yaml.MappingNode, '}'
	}
	n := p.node(kind, line, s-lineStart+1)
	if n == nil {
		return nil, 0, false
	}
	n.Style = yaml.FlowStyle
	mark := len(p.stack)
	i := s + 1
	skip := func() {
		for i < end && p.b[i] == ' ' {
			i++
		}
	}
	scalar := func(share bool) (*yaml.Node, bool) {
		if i == end {
			return nil, false
		}
		x := p.node(yaml.ScalarNode, line, i-lineStart+1)
		if x == nil {
			return nil, false
		}
		if c := p.b[i]; c == '"' || c == '\'' {
			v, j, ok := p.quoted(i, end, share)
			if !ok {
				return nil, false
			}
			x.Value, i = v, j
			x.Style = yaml.DoubleQuotedStyle
			if c == '\'' {
				x.Style = yaml.SingleQuotedStyle
			}
			return x, true
		}
		v, ok := p.plain(i, end, true)
		if !ok || len(v) == 0 {
			return nil, false
		}
		x.Value = p.str(v, share)
		i += len(v)
		return x, true
	}
	skip()
	if i < end && p.b[i] == closer {
		p.content(n, mark)
		return n, i + 1, true
	}
	for {
		skip()
		share := false
		if kind == yaml.MappingNode {
			colon, ok := p.keyAt(i, end)
			if !ok {
				return nil, 0, false
			}
			k := p.node(yaml.ScalarNode, line, i-lineStart+1)
			if k == nil {
				return nil, 0, false
			}
			k.Value = p.key(p.b[i:colon])
			share = shared(k.Value)
			i = colon + 1
			skip()
			p.stack = append(p.stack, k)
		}
		x, ok := scalar(share)
		if !ok {
			return nil, 0, false
		}
		p.stack = append(p.stack, x)
		skip()
		if i == end {
			return nil, 0, false
		}
		switch p.b[i] {
		case ',':
			i++
			skip()
			if i < end && p.b[i] == closer {
				return nil, 0, false // a trailing comma: yaml.v3's to judge
			}
			continue
		case closer:
			p.content(n, mark)
			return n, i + 1, true
		}
		return nil, 0, false
	}
}

// shared reports whether the values of a field are worth sharing: the
// same few types, kinds and sources, and ids cited by many ties.
func shared(key string) bool {
	switch key {
	case "type", "kind", "status", "source", "from", "to":
		return true
	}
	return false
}

// key returns a field name as a string, one copy of each.
func (p *fastParser) key(b []byte) string {
	if s, ok := p.keys[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(p.keys) < 256 {
		p.keys[s] = s
	}
	return s
}

// str returns b as a string; when share is set, one copy of each text
// (up to maxInterned of them) serves every value equal to it.
func (p *fastParser) str(b []byte, share bool) string {
	if !share || len(b) > 64 {
		return string(b)
	}
	if s, ok := p.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(p.strs) < maxInterned {
		p.strs[s] = s
	}
	return s
}
