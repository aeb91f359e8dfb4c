package seed

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/coopgraph/coopgraph/graph"
	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong with the dataset, at a file and line.
type Problem struct {
	Pos graph.Origin
	Msg string
}

func (p Problem) String() string { return p.Pos.String() + ": " + p.Msg }

// Problems is every problem found in one run; it is an error.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s) in the dataset:\n%s", len(ps), strings.Join(lines, "\n"))
}

func (ps *Problems) add(pos graph.Origin, format string, a ...any) {
	*ps = append(*ps, Problem{pos, fmt.Sprintf(format, a...)})
}

func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Pos.File != ps[j].Pos.File {
			return ps[i].Pos.File < ps[j].Pos.File
		}
		return ps[i].Pos.Line < ps[j].Pos.Line
	})
	return ps
}

// raw is what the files say, before references are checked and ties merged.
type raw struct {
	digest   string
	sources  []graph.Source
	entities []graph.Entity
	ties     []rawTie
}

// rawTie is a tie as stated in one place.
type rawTie struct {
	graph.Tie
	evidenceMalformed bool // reported while parsing
}

// parse reads every *.yaml file of fsys (top level), checking syntax, keys
// and field types; it goes on after a problem so that all are reported.
func parse(fsys fs.FS) (raw, Problems) {
	var r raw
	var probs Problems
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		probs.add(graph.Origin{}, "listing the dataset files: %v", err)
		return r, probs
	}
	if len(names) == 0 {
		probs.add(graph.Origin{File: "."}, "no dataset files (*.yaml) found: point --data at the folder that holds them")
		return r, probs
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs.add(graph.Origin{File: name}, "cannot read: %v", err)
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
		h.Write(b)
		parseFile(name, b, &r, &probs)
	}
	r.digest = hex.EncodeToString(h.Sum(nil))[:12]
	return r, probs
}

var (
	yamlLine  = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	typeError = regexp.MustCompile(`^line (\d+): (.*)$`)
)

func parseFile(name string, b []byte, r *raw, probs *Problems) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		line, msg := 1, err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			fmt.Sscan(m[1], &line)
			msg = m[2]
			if parserError(msg) {
				// yaml.v3 names the (0-based) line where the enclosing list or
				// mapping starts, not the line of the fault.
				line++
				msg += " in the list or mapping that starts here: check the indentation and brackets below this line"
			}
		}
		probs.add(graph.Origin{File: name, Line: line}, "not valid YAML: %s", msg)
		return
	}
	if len(doc.Content) == 0 {
		return // an empty file holds nothing
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		probs.add(graph.Origin{File: name, Line: top.Line}, "the file must be a mapping with the lists sources, entities and/or ties")
		return
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		switch k.Value {
		case "sources":
			eachItem(name, k.Value, v, probs, func(n *yaml.Node) {
				var s fileSource
				if decodeStrict(name, n, &s, probs) {
					r.sources = append(r.sources, s.value(graph.Origin{File: name, Line: n.Line}))
				}
			})
		case "entities":
			eachItem(name, k.Value, v, probs, func(n *yaml.Node) {
				var e fileEntity
				if decodeStrict(name, n, &e, probs) {
					r.entities = append(r.entities, e.value(graph.Origin{File: name, Line: n.Line}))
				}
			})
		case "ties":
			eachItem(name, k.Value, v, probs, func(n *yaml.Node) {
				var ft fileTie
				if !decodeStrict(name, n, &ft, probs, "evidence") {
					return
				}
				t := rawTie{Tie: ft.value(graph.Origin{File: name, Line: n.Line})}
				if ev := field(n, "evidence"); ev != nil && ev.Kind != yaml.SequenceNode {
					probs.add(graph.Origin{File: name, Line: ev.Line}, "evidence must be a list of items (- source: ...)")
					t.evidenceMalformed = true
				} else if ev != nil {
					for _, en := range ev.Content {
						var e fileEvidence
						if decodeStrict(name, en, &e, probs) {
							t.Evidence = append(t.Evidence, e.value(graph.Origin{File: name, Line: en.Line}))
						}
					}
				}
				r.ties = append(r.ties, t)
			})
		default:
			probs.add(graph.Origin{File: name, Line: k.Line}, "unknown top-level key %q: use sources, entities or ties", k.Value)
		}
	}
}

// parserError reports whether msg comes from yaml.v3's parser (as opposed
// to its scanner); see go.yaml.in/yaml/v3 parserc.go.
func parserError(msg string) bool {
	for _, p := range []string{"did not find expected <", "did not find expected node content", "did not find expected '-' indicator",
		"did not find expected key", "did not find expected ',' or "} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

func eachItem(file, list string, v *yaml.Node, probs *Problems, fn func(*yaml.Node)) {
	if v.Kind != yaml.SequenceNode {
		probs.add(graph.Origin{File: file, Line: v.Line}, "%s must be a list (items starting with \"- \")", list)
		return
	}
	for _, n := range v.Content {
		if n.Kind != yaml.MappingNode {
			probs.add(graph.Origin{File: file, Line: n.Line}, "each item of %s must be a mapping of fields", list)
			continue
		}
		fn(n)
	}
}

func field(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// decodeStrict decodes a mapping into out, reporting unknown and repeated
// fields and values of the wrong type at their own lines.
func decodeStrict(file string, n *yaml.Node, out any, probs *Problems, decodedElsewhere ...string) bool {
	known := yamlFields(reflect.TypeOf(out).Elem())
	ok := true
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(known, k.Value) {
			probs.add(graph.Origin{File: file, Line: k.Line}, "unknown field %q%s; known fields: %s", k.Value, suggest(k.Value, known), strings.Join(known, ", "))
			ok = false
		}
		if seen[k.Value] {
			probs.add(graph.Origin{File: file, Line: k.Line}, "field %q is given twice", k.Value)
			ok = false
		}
		seen[k.Value] = true
	}
	own := *n
	own.Content = nil
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !slices.Contains(decodedElsewhere, n.Content[i].Value) {
			own.Content = append(own.Content, n.Content[i], n.Content[i+1])
		}
	}
	if err := own.Decode(out); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, e := range te.Errors {
				line, msg := n.Line, e
				if m := typeError.FindStringSubmatch(e); m != nil {
					fmt.Sscan(m[1], &line)
					msg = m[2]
				}
				if strings.HasPrefix(msg, "mapping key") {
					continue // a repeated field, reported above
				}
				fieldName := ""
				for i := 0; i+1 < len(own.Content); i += 2 {
					if own.Content[i+1].Line == line {
						fieldName = fmt.Sprintf("field %q: ", own.Content[i].Value)
					}
				}
				probs.add(graph.Origin{File: file, Line: line}, "wrong type: %s%s", fieldName, humanType(msg))
			}
		} else {
			probs.add(graph.Origin{File: file, Line: n.Line}, "%v", err)
		}
		ok = false
	}
	return ok
}

// humanType rewrites yaml.v3's "cannot unmarshal !!str `abc` into int".
func humanType(msg string) string {
	r := strings.NewReplacer("!!str", "text", "!!int", "number", "!!seq", "list", "!!map", "mapping", "!!bool", "true/false", "!!float", "number",
		"into int", "where a whole number (e.g. a year) is expected", "into string", "where text is expected",
		"into []string", "where a list of text is expected", "into bool", "where true or false is expected",
		"into map[string]string", "where a mapping is expected", "into []seed.fileEvidence", "where a list of evidence is expected")
	return r.Replace(strings.TrimPrefix(msg, "cannot unmarshal "))
}

func yamlFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if tag := t.Field(i).Tag.Get("yaml"); tag != "" && tag != "-" {
			out = append(out, strings.Split(tag, ",")[0])
		}
	}
	return out
}

// suggest offers the closest of candidates to s, as ` (did you mean "x"?)`.
func suggest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(1, len([]rune(s))/2) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
