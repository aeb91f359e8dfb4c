package queries

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/coopgraph/coopgraph/internal/fuzzy"

	"github.com/coopgraph/coopgraph/graph"
)

// The static checks read the query as tokens, so that text inside strings
// and comments is never taken for a label, a type or a parameter. They are
// a first line of defence with exact file:line messages; EXPLAIN
// notifications on a real server (tested) are the second.

// knownProperty reports whether package graph declares a node, tie or
// source property of this name (ids and keys, and the analytics prefixes
// the loader never owns, included).
func knownProperty(name string) bool {
	return graph.IsProperty(graph.OnEntity, name) || graph.IsProperty(graph.OnTie, name) || graph.IsProperty(graph.OnSource, name)
}

// knownLabel reports whether a label is a declared kind or one of the
// labels every entity or source carries.
func knownLabel(name string) bool {
	return graph.IsKind(name) || name == graph.EntityLabel || name == graph.SourceLabel
}

func knownType(name string) bool {
	_, ok := graph.LookupRel(name)
	return ok
}

type tokKind int

const (
	tIdent tokKind = iota
	tParam
	tString
	tNumber
	tPunct
)

type token struct {
	kind tokKind
	text string
	line int
}

// lex splits Cypher into tokens, dropping comments and whitespace; line is
// the number of the first line of text.
func lex(text string, line int) []token {
	var out []token
	rs := []rune(text)
	n := len(rs)
	at := func(i int) rune {
		if i < n {
			return rs[i]
		}
		return 0
	}
	isIdent := func(r rune, first bool) bool {
		return r == '_' || unicode.IsLetter(r) || (!first && unicode.IsDigit(r))
	}
	for i := 0; i < n; {
		r := rs[i]
		switch {
		case r == '\n':
			line++
			i++
		case unicode.IsSpace(r):
			i++
		case r == '/' && at(i+1) == '/':
			for i < n && rs[i] != '\n' {
				i++
			}
		case r == '/' && at(i+1) == '*':
			i += 2
			for i < n && !(rs[i] == '*' && at(i+1) == '/') {
				if rs[i] == '\n' {
					line++
				}
				i++
			}
			i += 2
		case r == '\'' || r == '"':
			start, l := i, line
			i++
			for i < n && rs[i] != r {
				if rs[i] == '\\' {
					i++
				}
				if i < n && rs[i] == '\n' {
					line++
				}
				i++
			}
			i++
			out = append(out, token{tString, string(rs[start:min(i, n)]), l})
		case r == '`':
			j := i + 1
			var b strings.Builder
			for j < n {
				if rs[j] == '`' {
					if at(j+1) == '`' {
						b.WriteRune('`')
						j += 2
						continue
					}
					break
				}
				b.WriteRune(rs[j])
				j++
			}
			out = append(out, token{tIdent, b.String(), line})
			i = j + 1
		case r == '$':
			j := i + 1
			for j < n && isIdent(rs[j], j == i+1) {
				j++
			}
			out = append(out, token{tParam, string(rs[i+1 : j]), line})
			i = max(j, i+1)
		case isIdent(r, true):
			j := i
			for j < n && isIdent(rs[j], false) {
				j++
			}
			out = append(out, token{tIdent, string(rs[i:j]), line})
			i = j
		case unicode.IsDigit(r):
			j := i
			for j < n && (unicode.IsDigit(rs[j]) || unicode.IsLetter(rs[j]) || (rs[j] == '.' && unicode.IsDigit(at(j+1)))) {
				j++
			}
			out = append(out, token{tNumber, string(rs[i:j]), line})
			i = j
		default:
			two := string([]rune{r, at(i + 1)})
			switch two {
			case "..", "->", "<-", "<>", "<=", ">=", "=~", "+=":
				out = append(out, token{tPunct, two, line})
				i += 2
			default:
				out = append(out, token{tPunct, string(r), line})
				i++
			}
		}
	}
	return out
}

// keywords after which a parenthesis opens a pattern or a grouping, not a
// function's arguments.
var keywords = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`MATCH OPTIONAL WHERE AND OR XOR NOT WITH RETURN UNWIND IN IS AS ON
		MERGE CREATE SET DELETE DETACH REMOVE DISTINCT CASE WHEN THEN ELSE END UNION ALL BY ORDER
		SKIP LIMIT CALL YIELD ASC DESC ASCENDING DESCENDING STARTS ENDS CONTAINS FOREACH USE`) {
		keywords[k] = true
	}
}

func isKeyword(t token) bool { return t.kind == tIdent && keywords[strings.ToUpper(t.text)] }

// query is what the checks learn from a report's tokens.
type query struct {
	toks      []token
	params    map[string]int // name → first line used
	unbounded int            // first line of a variable-length pattern or shortest path, 0 if none
}

type use struct {
	name string
	line int
}

func (q query) paramsInOrder() []use {
	out := make([]use, 0, len(q.params))
	for n, l := range q.params {
		out = append(out, use{n, l})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].line != out[j].line {
			return out[i].line < out[j].line
		}
		return out[i].name < out[j].name
	})
	return out
}

// scan reads the query that starts at the 0-based line body of text.
func scan(text string, body int) query {
	lines := strings.Split(text, "\n")
	body = min(body, len(lines))
	q := query{toks: lex(strings.Join(lines[body:], "\n"), body+1), params: map[string]int{}}
	for i, t := range q.toks {
		if t.kind == tParam {
			if _, ok := q.params[t.text]; !ok {
				q.params[t.text] = t.line
			}
		}
		if q.unbounded == 0 && t.kind == tIdent && (strings.EqualFold(t.text, "shortestPath") || strings.EqualFold(t.text, "allShortestPaths")) && q.is(i+1, "(") {
			q.unbounded = t.line
		}
	}
	return q
}

func (q query) is(i int, text string) bool {
	return i >= 0 && i < len(q.toks) && q.toks[i].kind == tPunct && q.toks[i].text == text
}

func (q query) ident(i int) bool { return i >= 0 && i < len(q.toks) && q.toks[i].kind == tIdent }

type frame struct {
	open    string // ( [ {
	rel     bool   // a [ that opens a relationship pattern
	isMap   bool   // a { that opens a map (not a subquery)
	projVar string // the pattern variable a map projection reads
}

// check reports labels, relationship types and properties that package
// graph does not declare. It also notes variable-length patterns.
func (q *query) check(probs *problems) {
	toks := q.toks
	// Pattern variables: the identifier that opens a node or relationship pattern.
	vars := map[string]bool{}
	for i := range toks {
		if !q.ident(i) || isKeyword(toks[i]) {
			continue
		}
		after := i + 1
		switch {
		case q.is(i-1, "(") && !(q.ident(i-2) && !isKeyword(toks[i-2])):
			if q.is(after, ":") || q.is(after, ")") || q.is(after, "{") {
				vars[toks[i].text] = true
			}
		case q.is(i-1, "[") && (q.is(i-2, "-") || q.is(i-2, "<-")):
			if q.is(after, ":") || q.is(after, "]") || q.is(after, "*") || q.is(after, "{") {
				vars[toks[i].text] = true
			}
		}
	}
	var stack []frame
	top := func() frame {
		if len(stack) == 0 {
			return frame{}
		}
		return stack[len(stack)-1]
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tIdent && !q.is(i-1, ".") && q.is(i+1, ".") && q.ident(i+2) {
			k := i + 3
			for q.is(k, ".") && q.ident(k+1) {
				k += 2
			}
			if !q.is(k, "(") && vars[t.text] && !knownProperty(toks[i+2].text) {
				probs.add(toks[i+2].line, "property %s.%s is not declared in package graph%s", t.text, toks[i+2].text, suggestProperty(toks[i+2].text))
			}
			i = k - 1
			continue
		}
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "(":
			stack = append(stack, frame{open: "("})
		case "[":
			stack = append(stack, frame{open: "[", rel: q.is(i-1, "-") || q.is(i-1, "<-")})
		case "{":
			f := frame{open: "{"}
			f.isMap = q.is(i+1, "}") || (q.ident(i+1) && q.is(i+2, ":")) || q.is(i+1, ".")
			if f.isMap && q.ident(i-1) && vars[toks[i-1].text] {
				f.projVar = toks[i-1].text
			}
			if i+1 < len(toks) && (toks[i+1].kind == tNumber || q.is(i+1, ",")) && q.is(i-1, ")") && q.unbounded == 0 {
				q.unbounded = t.line // a quantified path pattern
			}
			stack = append(stack, f)
		case ")", "]", "}":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case "*":
			if f := top(); f.open == "[" && f.rel && q.unbounded == 0 {
				q.unbounded = t.line
			}
		case ".":
			if f := top(); f.projVar != "" && (q.is(i-1, "{") || q.is(i-1, ",")) && q.ident(i+1) && !knownProperty(toks[i+1].text) {
				probs.add(toks[i+1].line, "property %s.%s is not declared in package graph%s", f.projVar, toks[i+1].text, suggestProperty(toks[i+1].text))
			}
		case ":":
			f := top()
			if f.isMap {
				continue
			}
			strict := q.is(i-1, "(") || q.is(i-1, "[") || (q.ident(i-1) && (q.is(i-2, "(") || q.is(i-2, "[")))
			for _, name := range q.labelExpr(i + 1) {
				switch {
				case f.open == "[" && f.rel && strict:
					if !knownType(name.text) {
						probs.add(name.line, "relationship type %s is not declared in package graph%s", name.text, suggest(name.text, typeNames()))
					}
				case strict:
					if !knownLabel(name.text) {
						probs.add(name.line, "label :%s is not a kind declared in package graph, nor Entity or Source%s", name.text, suggest(name.text, labelNames()))
					}
				default: // a predicate such as `n:Country` or `r:MEMBER_OF`
					if !knownLabel(name.text) && !knownType(name.text) {
						probs.add(name.line, "label or type %s is not declared in package graph%s", name.text, suggest(name.text, append(labelNames(), typeNames()...)))
					}
				}
			}
		}
	}
}

// labelExpr reads the names of a label expression such as A|B, A&B, !A, A:B.
func (q query) labelExpr(i int) []token {
	var out []token
	for i < len(q.toks) {
		for q.is(i, "!") || q.is(i, "(") || q.is(i, ":") {
			i++
		}
		if !q.ident(i) {
			break
		}
		out = append(out, q.toks[i])
		i++
		if !(q.is(i, "|") || q.is(i, "&") || q.is(i, ":")) {
			break
		}
		i++
	}
	return out
}

func labelNames() []string {
	return append(kindNames(), graph.EntityLabel, graph.SourceLabel)
}

func typeNames() []string {
	out := make([]string, len(graph.RelTypes))
	for i, s := range graph.RelTypes {
		out[i] = string(s.Type)
	}
	return out
}

func suggestProperty(name string) string {
	var all []string
	for _, p := range graph.Properties {
		if !p.Prefix {
			all = append(all, p.Name)
		}
	}
	return suggest(name, all)
}

// suggest returns " (did you mean X?)" for the closest candidate, if close.
func suggest(name string, candidates []string) string {
	best, bestD := "", max(2, len(name)/3)+1
	for _, c := range candidates {
		d := fuzzy.Distance(strings.ToLower(name), strings.ToLower(c))
		if strings.HasPrefix(strings.ToLower(c), strings.ToLower(name)) {
			d = min(d, 1)
		}
		if d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}
