// Package queries holds coopgraph's prepared Cypher reports: one .cypher
// file per report under <pack>/, runnable as it stands in Neo4j Browser or
// cypher-shell after setting its parameters, with a header of comment lines
// that declares it. The files are embedded in the binary; the header is
// parsed strictly and the query is checked against what package graph
// declares (labels, relationship types, properties).
package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/coopgraph/coopgraph/internal/fuzzy"

	"github.com/coopgraph/coopgraph/graph"
)

// The packs are every folder of .cypher files except testdata (fixtures)
// and rules (fragments that reports copy, not reports of their own).
//
//go:embed */*.cypher
var files embed.FS

// notPacks are folders whose .cypher files are not reports.
var notPacks = []string{"testdata", "rules"}

// Parameter types.
const (
	TypeString = "string" // the text as given
	TypeInt    = "int"    // a whole number
	TypeBool   = "bool"   // true or false
	TypeEntity = "entity" // any entity, given by id, name, Chinese name or alias; resolved to its id
	TypeState  = "state"  // like entity, but it must be a Country
	TypeKind   = "kind"   // a node kind from graph.Kinds
)

// ParamTypes lists the parameter types.
var ParamTypes = []string{TypeString, TypeInt, TypeBool, TypeEntity, TypeState, TypeKind}

// AsOf is the parameter every report that makes sense over time declares:
// only ties in force in that year count.
const AsOf = "as_of"

// Param is a declared report parameter.
type Param struct {
	Name    string
	Type    string // one of ParamTypes
	Default string // as written in the header; "" means none: the parameter is null unless given
	Meaning string
	Line    int
}

// Report is one prepared query.
type Report struct {
	Name        string
	Title       string
	Pack        string
	Description string
	Params      []Param
	Columns     []string
	Plan        string // why the plan needs an AllNodesScan or CartesianProduct, if it does
	Bound       string // the depth or row limit that keeps it from running away
	Cypher      string // the whole file, header included
	File        string
	Visual      string // the sibling .visual.cypher file (paths for Neo4j Browser), whole; "" if none
	VisualFile  string
}

// Param returns the declared parameter called name.
func (r Report) Param(name string) (Param, bool) {
	i := slices.IndexFunc(r.Params, func(p Param) bool { return p.Name == name })
	if i < 0 {
		return Param{}, false
	}
	return r.Params[i], true
}

// headerKeys are the keys a report header may use, in the order they are documented.
var headerKeys = []string{"name", "title", "pack", "description", "param", "columns", "plan", "bound"}

var (
	headerLine   = regexp.MustCompile(`^//\s*([a-z_]+):\s*(.*)$`)
	continuation = regexp.MustCompile(`^//   \s*(\S.*)$`)
	paramDecl    = regexp.MustCompile(`^([a-z_][a-z0-9_]*) \(([a-z]+)(?:, default ([^)]+))?\): (.+)$`)
	nameRe       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	columnRe     = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
)

// problems collects a file's problems, each with its line.
type problems struct {
	file string
	list []problem
}

type problem struct {
	line int
	msg  string
}

func (p *problems) add(line int, format string, a ...any) {
	p.list = append(p.list, problem{line, fmt.Sprintf(format, a...)})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	sort.SliceStable(p.list, func(i, j int) bool { return p.list[i].line < p.list[j].line })
	msgs := make([]string, len(p.list))
	for i, x := range p.list {
		msgs[i] = fmt.Sprintf("%s:%d: %s", p.file, x.line, x.msg)
	}
	return fmt.Errorf("%s", strings.Join(msgs, "\n"))
}

// entry is one header key with its value (continuation lines joined) and line.
type entry struct {
	key, val string
	line     int
}

// readHeader splits a file into its header entries and the line where the
// query starts (0-based). Continuation lines (`//   more text`) extend the
// entry above them.
func readHeader(text string, probs *problems) ([]entry, int) {
	lines := strings.Split(text, "\n")
	var out []entry
	for i, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if !strings.HasPrefix(l, "//") {
			return out, i
		}
		if m := continuation.FindStringSubmatch(l); m != nil && len(out) > 0 {
			out[len(out)-1].val += " " + strings.TrimSpace(m[1])
			continue
		}
		m := headerLine.FindStringSubmatch(l)
		if m == nil {
			probs.add(i+1, "header lines read `// key: value` (a description continues on lines that start with `//   `)")
			continue
		}
		out = append(out, entry{m[1], strings.TrimSpace(m[2]), i + 1})
	}
	return out, len(lines)
}

// Parse reads a report file strictly: unknown or missing header keys,
// parameters used but not declared (or declared but unused), and labels,
// relationship types or properties that package graph does not declare are
// errors, each with its file and line.
func Parse(file, text string) (Report, error) {
	r := Report{Cypher: text, File: file}
	probs := &problems{file: file}
	entries, body := readHeader(text, probs)
	seen := map[string]int{}
	for _, e := range entries {
		if first, dup := seen[e.key]; dup && e.key != "param" {
			probs.add(e.line, "%s is declared twice (first on line %d)", e.key, first)
			continue
		}
		seen[e.key] = e.line
		switch e.key {
		case "name":
			if !nameRe.MatchString(e.val) {
				probs.add(e.line, "name %q: use a lowercase slug", e.val)
			}
			r.Name = e.val
		case "title":
			r.Title = e.val
		case "pack":
			r.Pack = e.val
		case "description":
			r.Description = e.val
		case "plan":
			r.Plan = e.val
		case "bound":
			r.Bound = e.val
		case "columns":
			for _, c := range strings.Split(e.val, ",") {
				c = strings.TrimSpace(c)
				if !columnRe.MatchString(c) {
					probs.add(e.line, "column %q: columns are lowercase names separated by commas", c)
				}
				if slices.Contains(r.Columns, c) {
					probs.add(e.line, "column %s is listed twice", c)
				}
				r.Columns = append(r.Columns, c)
			}
		case "param":
			p, msg := parseParam(e.val)
			if msg != "" {
				probs.add(e.line, "%s", msg)
				continue
			}
			if prev, dup := r.Param(p.Name); dup {
				probs.add(e.line, "param %s is declared twice (first on line %d)", p.Name, prev.Line)
				continue
			}
			p.Line = e.line
			r.Params = append(r.Params, p)
		case "visual":
			probs.add(e.line, "a visual header belongs in a .visual.cypher file")
		default:
			probs.add(e.line, "unknown header key %q: use %s", e.key, strings.Join(headerKeys, ", "))
		}
		if e.val == "" && e.key != "param" {
			probs.add(e.line, "%s is empty", e.key)
		}
	}
	for _, k := range []string{"name", "title", "pack", "description", "columns"} {
		if _, ok := seen[k]; !ok {
			probs.add(1, "the header has no %s", k)
		}
	}
	if dir := path.Base(path.Dir(file)); dir != "." && r.Pack != "" && dir != r.Pack {
		probs.add(seen["pack"], "pack %q, but the file is in %s/", r.Pack, dir)
	}
	if base := strings.TrimSuffix(path.Base(file), ".cypher"); r.Name != "" && base != r.Name {
		probs.add(seen["name"], "name %q, but the file is %s.cypher", r.Name, base)
	}

	q := scan(text, body)
	declared := map[string]bool{}
	for _, p := range r.Params {
		declared[p.Name] = true
		if _, used := q.params[p.Name]; !used {
			probs.add(p.Line, "param %s is declared but the query never uses $%s", p.Name, p.Name)
		}
	}
	for _, u := range q.paramsInOrder() {
		if !declared[u.name] {
			probs.add(u.line, "the query uses $%s, which the header does not declare", u.name)
		}
	}
	q.check(probs)
	if q.unbounded > 0 && r.Bound == "" {
		probs.add(q.unbounded, "the query follows paths of variable length: declare its depth or row limit in a `bound:` line")
	}
	if err := probs.err(); err != nil {
		return Report{}, err
	}
	return r, nil
}

// parseParam reads `name (type[, default value]): meaning`; msg says what is wrong.
func parseParam(val string) (Param, string) {
	m := paramDecl.FindStringSubmatch(val)
	if m == nil {
		return Param{}, "param reads `name (type[, default value]): meaning` with type " + strings.Join(ParamTypes, ", ")
	}
	p := Param{Name: m[1], Type: m[2], Default: strings.TrimSpace(m[3]), Meaning: m[4]}
	if !slices.Contains(ParamTypes, p.Type) {
		return p, fmt.Sprintf("param %s has type %q: use %s", p.Name, p.Type, strings.Join(ParamTypes, ", "))
	}
	if p.Name == AsOf && (p.Type != TypeInt || p.Default != "") {
		return p, "param as_of is always `as_of (int): ...`, with no default"
	}
	if p.Default == "" {
		return p, ""
	}
	switch p.Type {
	case TypeEntity, TypeState:
		// The default goes into Browser's :param lines as it stands, and the
		// query matches ids: so a default is an id, not a name.
		k := graph.Kind("") // any kind but Country: a slug
		if isCountry, _ := graph.ValidID(graph.Country, p.Default); isCountry || p.Type == TypeState {
			k = graph.Country
		}
		if ok, form := graph.ValidID(k, p.Default); !ok {
			return p, fmt.Sprintf("param %s: the default %q is not an id (use %s)", p.Name, p.Default, form)
		}
	default:
		if _, err := p.Convert(p.Default); err != nil {
			return p, fmt.Sprintf("param %s: the default: %v", p.Name, err)
		}
	}
	return p, ""
}

// Visual is a report's picture for Neo4j Browser: a query returning paths,
// nodes or relationships, with the report's parameters.
var visualHeader = regexp.MustCompile(`^// visual: (\S+)$`)

// parseVisual checks a .visual.cypher file against the report it belongs to.
func parseVisual(file, text string, reports map[string]*Report) (*Report, error) {
	probs := &problems{file: file}
	lines := strings.Split(text, "\n")
	name := strings.TrimSuffix(path.Base(file), ".visual.cypher")
	m := visualHeader.FindStringSubmatch(strings.TrimRight(lines[0], " \r"))
	body := 1
	for body < len(lines) && strings.HasPrefix(lines[body], "//") {
		probs.add(body+1, "a visual's header is only `// visual: <name>`; its parameters are the report's")
		body++
	}
	var r *Report
	switch {
	case m == nil:
		probs.add(1, "a visual file starts with `// visual: %s`", name)
	case m[1] != name:
		probs.add(1, "visual %q, but the file is %s.visual.cypher", m[1], name)
	default:
		r = reports[path.Join(path.Dir(file), name)]
		if r == nil {
			probs.add(1, "visual %s has no report %s.cypher beside it", name, name)
		}
	}
	q := scan(text, body)
	if r != nil {
		for _, u := range q.paramsInOrder() {
			if _, ok := r.Param(u.name); !ok {
				probs.add(u.line, "the visual uses $%s, which report %s does not declare", u.name, r.Name)
			}
		}
	}
	q.check(probs)
	return r, probs.err()
}

// ParseFS reads every report of a file tree laid out as <pack>/<name>.cypher,
// attaches each <name>.visual.cypher to its report, and returns them sorted
// by pack and name. Report names are unique across packs.
func ParseFS(fsys fs.FS) ([]Report, error) {
	paths, err := fs.Glob(fsys, "*/*.cypher")
	if err != nil {
		return nil, err
	}
	paths = slices.DeleteFunc(paths, func(p string) bool { return slices.Contains(notPacks, path.Dir(p)) })
	sort.Strings(paths)
	var errs []string
	byFile := map[string]*Report{} // pack/name → report
	names := map[string]string{}
	var visuals []string
	for _, p := range paths {
		if strings.HasSuffix(p, ".visual.cypher") {
			visuals = append(visuals, p)
			continue
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		r, err := Parse(p, string(b))
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if prev, dup := names[r.Name]; dup {
			errs = append(errs, fmt.Sprintf("%s:1: report name %q is also used by %s", p, r.Name, prev))
			continue
		}
		names[r.Name] = p
		byFile[strings.TrimSuffix(p, ".cypher")] = &r
	}
	for _, p := range visuals {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		r, err := parseVisual(p, string(b), byFile)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		r.Visual, r.VisualFile = string(b), p
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	out := make([]Report, 0, len(byFile))
	for _, r := range byFile {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pack != out[j].Pack {
			return out[i].Pack < out[j].Pack
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// All parses every embedded report, sorted by pack and name.
func All() ([]Report, error) { return ParseFS(files) }

// Closest returns up to n report names nearest to name (by edit distance,
// then alphabetically), for "did you mean" messages: the nearest always,
// the others only when they are near.
func Closest(reports []Report, name string, n int) []string {
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	for _, r := range reports {
		d := fuzzy.Distance(name, r.Name)
		if strings.Contains(r.Name, name) || strings.Contains(name, r.Name) {
			d = min(d, 1+abs(len(r.Name)-len(name))/4)
		}
		cs = append(cs, cand{r.Name, d})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].name < cs[j].name
	})
	var out []string
	for i, c := range cs[:min(n, len(cs))] {
		if i > 0 && c.d > len(name)/2+1 { // far off: not worth naming, unless nothing is closer
			break
		}
		out = append(out, c.name)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Defaults returns the report's parameters with their declared defaults,
// typed for the driver; a parameter without a default is nil (null).
// Entity and state defaults are ids, as the header requires.
func (r Report) Defaults() (map[string]any, error) {
	out := map[string]any{}
	for _, p := range r.Params {
		if p.Default == "" {
			out[p.Name] = nil
			continue
		}
		v, err := p.Convert(p.Default)
		if err != nil {
			return nil, err
		}
		out[p.Name] = v
	}
	return out, nil
}

// Convert turns text into the parameter's declared type. Entity and state
// parameters stay text here: the runner resolves them to ids.
func (p Param) Convert(s string) (any, error) {
	switch p.Type {
	case TypeInt:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("parameter %s takes a whole number, not %q", p.Name, s)
		}
		return n, nil
	case TypeBool:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true", "yes", "1":
			return true, nil
		case "false", "no", "0":
			return false, nil
		}
		return nil, fmt.Errorf("parameter %s takes true or false, not %q", p.Name, s)
	case TypeKind:
		for _, k := range graph.Kinds {
			if strings.EqualFold(string(k.Kind), strings.TrimSpace(s)) {
				return string(k.Kind), nil
			}
		}
		return nil, fmt.Errorf("parameter %s takes a kind (%s), not %q", p.Name, strings.Join(kindNames(), ", "), s)
	}
	return s, nil
}

func kindNames() []string {
	out := make([]string, len(graph.Kinds))
	for i, k := range graph.Kinds {
		out[i] = string(k.Kind)
	}
	return out
}

// ParamLines are the Neo4j Browser / cypher-shell lines that set the
// report's parameters to their defaults (`:param state => 'SG'`).
func (r Report) ParamLines() []string {
	out := make([]string, 0, len(r.Params))
	for _, p := range r.Params {
		v := "null"
		if p.Default != "" {
			x, _ := p.Convert(p.Default)
			v = CypherLiteral(x)
		}
		out = append(out, fmt.Sprintf(":param %s => %s", p.Name, v))
	}
	return out
}

// CypherLiteral writes a parameter value as a Cypher literal, for display
// in :param lines only; queries always get their values as driver parameters.
func CypherLiteral(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
		return "'" + r.Replace(x) + "'"
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	}
	return fmt.Sprint(v)
}

// Query is the Cypher after the header.
func (r Report) Query() string {
	_, body := readHeader(r.Cypher, &problems{})
	return strings.Join(strings.Split(r.Cypher, "\n")[body:], "\n")
}
