// Package queries holds coopgraph's prepared Cypher reports: one .cypher
// file per report under <pack>/, runnable as it stands in Neo4j Browser or
// cypher-shell after setting its parameters, with a header of comment lines
// that declares it. The files are embedded in the binary.
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
)

//go:embed */*.cypher
var files embed.FS

// Param is a declared report parameter.
type Param struct {
	Name    string
	Type    string // string, int or bool
	Default string
	Meaning string
}

// Report is one prepared query.
type Report struct {
	Name        string
	Title       string
	Pack        string
	Description string
	Params      []Param
	Columns     []string
	Cypher      string // the whole file, header included
	File        string
}

var (
	headerLine = regexp.MustCompile(`^//\s*([a-z]+):\s*(.*)$`)
	paramDecl  = regexp.MustCompile(`^([a-z_][a-z0-9_]*) \((string|int|bool)(?:, default ([^)]*))?\): (.+)$`)
	paramUse   = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)
	nameRe     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Parse reads a report file strictly: unknown header keys, missing keys,
// parameters used but not declared (or declared but unused) are errors.
func Parse(file, text string) (Report, error) {
	r := Report{Cypher: text, File: file}
	fail := func(line int, format string, a ...any) (Report, error) {
		return Report{}, fmt.Errorf("%s:%d: %s", file, line, fmt.Sprintf(format, a...))
	}
	lines := strings.Split(text, "\n")
	body := len(lines)
	seen := map[string]bool{}
	for i, l := range lines {
		if !strings.HasPrefix(l, "//") {
			body = i
			break
		}
		m := headerLine.FindStringSubmatch(l)
		if m == nil {
			return fail(i+1, "header lines read `// key: value`")
		}
		key, val := m[1], strings.TrimSpace(m[2])
		if seen[key] && key != "param" {
			return fail(i+1, "%s is declared twice", key)
		}
		seen[key] = true
		switch key {
		case "name":
			if !nameRe.MatchString(val) {
				return fail(i+1, "name %q: use a lowercase slug", val)
			}
			r.Name = val
		case "title":
			r.Title = val
		case "pack":
			r.Pack = val
		case "description":
			r.Description = val
		case "columns":
			for _, c := range strings.Split(val, ",") {
				r.Columns = append(r.Columns, strings.TrimSpace(c))
			}
		case "param":
			p := paramDecl.FindStringSubmatch(val)
			if p == nil {
				return fail(i+1, "param reads `name (type[, default value]): meaning` with type string, int or bool")
			}
			if slices.ContainsFunc(r.Params, func(x Param) bool { return x.Name == p[1] }) {
				return fail(i+1, "param %s is declared twice", p[1])
			}
			r.Params = append(r.Params, Param{Name: p[1], Type: p[2], Default: p[3], Meaning: p[4]})
		default:
			return fail(i+1, "unknown header key %q: use name, title, pack, description, param, columns", key)
		}
	}
	for _, k := range []string{"name", "title", "pack", "description", "columns"} {
		if !seen[k] {
			return fail(1, "the header has no %s", k)
		}
	}
	if dir := path.Base(path.Dir(file)); dir != "." && dir != r.Pack {
		return fail(1, "pack %q, but the file is in %s/", r.Pack, dir)
	}
	used := map[string]bool{}
	for _, m := range paramUse.FindAllStringSubmatch(strings.Join(lines[body:], "\n"), -1) {
		used[m[1]] = true
	}
	for _, p := range r.Params {
		if !used[p.Name] {
			return fail(1, "param %s is declared but the query never uses $%s", p.Name, p.Name)
		}
		delete(used, p.Name)
	}
	for u := range used {
		return fail(1, "the query uses $%s, which the header does not declare", u)
	}
	return r, nil
}

// All parses every embedded report, sorted by pack and name; names are unique.
func All() ([]Report, error) {
	paths, err := fs.Glob(files, "*/*.cypher")
	if err != nil {
		return nil, err
	}
	var out []Report
	names := map[string]string{}
	for _, p := range paths {
		b, err := files.ReadFile(p)
		if err != nil {
			return nil, err
		}
		r, err := Parse(p, string(b))
		if err != nil {
			return nil, err
		}
		if prev, dup := names[r.Name]; dup {
			return nil, fmt.Errorf("%s: report name %q is also used by %s", p, r.Name, prev)
		}
		names[r.Name] = p
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pack != out[j].Pack {
			return out[i].Pack < out[j].Pack
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// Defaults returns the report's parameters with their declared defaults,
// typed for the driver.
func (r Report) Defaults() (map[string]any, error) {
	out := map[string]any{}
	for _, p := range r.Params {
		v, err := p.Convert(p.Default)
		if err != nil {
			return nil, err
		}
		out[p.Name] = v
	}
	return out, nil
}

// Convert turns text into the parameter's declared type.
func (p Param) Convert(s string) (any, error) {
	switch p.Type {
	case "int":
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("parameter %s takes a whole number, not %q", p.Name, s)
		}
		return n, nil
	case "bool":
		switch strings.ToLower(s) {
		case "true", "yes", "1":
			return true, nil
		case "false", "no", "0", "":
			return false, nil
		}
		return nil, fmt.Errorf("parameter %s takes true or false, not %q", p.Name, s)
	}
	return s, nil
}
