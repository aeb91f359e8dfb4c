package browser

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/queries"
	"gopkg.in/yaml.v3"
)

// parseGrass reads a style sheet as Browser 5.24's GraSS parser does
// (grassUtils.ts): selector { key: value; ... }, quotes toggling a string,
// a property kept only when it splits on ":" into exactly two parts. It
// returns the rules in order, so the test sees what Browser would apply.
func parseGrass(sheet string) (order []string, rules map[string]map[string]string) {
	rules = map[string]map[string]string{}
	var sel, body strings.Builder
	inString, inProps, inBinding := false, false, false
	for _, c := range sheet {
		skip := true
		switch {
		case c == '{' && inString, c == '}' && inString:
			skip = false
		case c == '{' && inProps:
			inBinding = true
		case c == '{':
			inProps = true
		case c == '}' && inBinding:
			inBinding = false
		case c == '}':
			inProps = false
			props := map[string]string{}
			for _, p := range strings.Split(body.String(), ";") {
				if kv := strings.Split(p, ":"); len(kv) == 2 {
					props[strings.TrimSpace(kv[0])] = strings.TrimSpace(kv[1])
				}
			}
			order = append(order, sel.String())
			rules[sel.String()] = props
			sel.Reset()
			body.Reset()
		case c == '\'' || c == '"':
			inString = !inString
		default:
			skip = false
		}
		if skip {
			continue
		}
		if inProps {
			body.WriteRune(c)
		} else if !strings.ContainsRune(" \t\n", c) {
			sel.WriteRune(c)
		}
	}
	return order, rules
}

func TestStyleAsBrowserReadsIt(t *testing.T) {
	order, rules := parseGrass(Style())
	if len(order) != len(rules) {
		t.Fatalf("a selector is declared twice: %v", order)
	}
	entity := slices.Index(order, "node.Entity")
	if entity < 0 || rules["node.Entity"]["caption"] != "{name}" {
		t.Fatalf("node.Entity is missing or not captioned by name: %v", rules["node.Entity"])
	}
	if rules["relationship"]["caption"] != "<type>" {
		t.Errorf("relationships are captioned %q, want <type>", rules["relationship"]["caption"])
	}
	// Browser replaces its whole style with the sheet: the plain rules must carry every default.
	for _, k := range []string{"diameter", "color", "border-color", "border-width", "text-color-internal", "font-size"} {
		if rules["node"][k] == "" {
			t.Errorf("the node rule lacks %s", k)
		}
	}
	colours := map[string]graph.Kind{}
	for _, k := range graph.Kinds {
		sel := "node." + string(k.Kind)
		i := slices.Index(order, sel)
		if i < 0 {
			t.Errorf("no rule for kind %s", k.Kind)
			continue
		}
		if i < entity {
			t.Errorf("%s comes before node.Entity, which would then override its colour", sel)
		}
		if _, ok := kindStyles[k.Kind]; !ok {
			t.Errorf("the palette has no colour for kind %s", k.Kind)
		}
		c := rules[sel]["color"]
		if other, dup := colours[c]; dup {
			t.Errorf("%s and %s share the colour %s", k.Kind, other, c)
		}
		colours[c] = k.Kind
		for _, p := range []string{"color", "border-color", "text-color-internal", "diameter"} {
			if rules[sel][p] == "" {
				t.Errorf("%s has no %s", sel, p)
			}
		}
	}
	if got := rules["node.Country"]; got["color"] != "#0072B2" || got["diameter"] != "65px" {
		t.Errorf("Country is drawn %v", got)
	}
	for typ := range relColours {
		if _, ok := graph.LookupRel(string(typ)); !ok {
			t.Errorf("a colour is declared for %s, which is no relationship type", typ)
		}
		if rules["relationship."+string(typ)]["color"] == "" {
			t.Errorf("relationship.%s is not styled", typ)
		}
	}
	if strings.Contains(Style(), "/*") || strings.Contains(Style(), "//") {
		t.Error("Browser's GraSS parser knows no comments")
	}
}

func TestShade(t *testing.T) {
	if got := shade("#0072B2", 0.75); got != "#005686" {
		t.Errorf("shade = %s", got)
	}
	if got := shade("red", 0.5); got != "red" {
		t.Errorf("a colour that is not #RRGGBB is kept, got %s", got)
	}
}

// lacks lists the reports the guide does not carry: its heading, its query
// as a runnable block, and its :param block.
func lacks(guide string, reports []queries.Report) []string {
	var out []string
	for _, r := range reports {
		ok := strings.Contains(guide, "\n## "+r.Title+"\n") &&
			strings.Contains(guide, "```cypher\n"+Body(r.Cypher)+"\n```") &&
			(len(r.Params) == 0 || strings.Contains(guide, "```cypher\n"+ParamLines(r.Params)+"\n```"))
		if v := Visual(r); v != "" {
			ok = ok && strings.Contains(guide, "```cypher\n"+Body(v)+"\n```")
		}
		if !ok {
			out = append(out, r.Name)
		}
	}
	return out
}

func TestGuideHasEveryReport(t *testing.T) {
	all, err := queries.All()
	if err != nil {
		t.Fatal(err)
	}
	guide := Guide(all)
	if missing := lacks(guide, all); len(missing) > 0 {
		t.Fatalf("the guide lacks %v", missing)
	}
	// The check fails for a guide that leaves a report out.
	if missing := lacks(Guide(all[1:]), all); !slices.Equal(missing, []string{all[0].Name}) {
		t.Fatalf("a guide without %s was reported as lacking %v", all[0].Name, missing)
	}
	// Browser splits slides on a line that is exactly ---: one slide per
	// report and per pack, after the introduction, kinds and types.
	slides := strings.Split(guide, "\n---\n")
	if want := 3 + len(packs(all)) + len(all); len(slides) != want {
		t.Errorf("%d slides, want %d", len(slides), want)
	}
	for _, k := range graph.Kinds {
		if !strings.Contains(slides[1], "| `"+string(k.Kind)+"` |") || !strings.Contains(slides[1], k.Description) {
			t.Errorf("the kinds slide lacks %s", k.Kind)
		}
	}
	for _, r := range graph.RelTypes {
		if !strings.Contains(slides[2], "| `"+string(r.Type)+"` |") || !strings.Contains(slides[2], r.Description) {
			t.Errorf("the types slide lacks %s", r.Type)
		}
	}
	// Browser ignores a click on a block whose text ends in " null" or ":null".
	for i, block := range strings.Split(guide, "```cypher\n")[1:] {
		code := strings.TrimSpace(strings.SplitN(block, "```", 2)[0])
		if strings.HasSuffix(code, " null") || strings.HasSuffix(code, ":null") {
			t.Errorf("runnable block %d ends in null, which Browser will not run:\n%s", i+1, code)
		}
	}
	if !strings.HasPrefix(guide, "# coopgraph: the cooperation graph\n") {
		t.Error("Browser takes the guide's title from its first heading")
	}
}

// A report's visual variant lives in a sibling .visual.cypher file; when one
// exists, the loader must attach it where the guide reads it.
func TestVisualVariantsReachTheGuide(t *testing.T) {
	files, err := filepath.Glob("../queries/*/*.visual.cypher")
	if err != nil {
		t.Fatal(err)
	}
	all, err := queries.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".visual.cypher")
		i := slices.IndexFunc(all, func(r queries.Report) bool { return r.Name == name })
		if i < 0 {
			t.Errorf("%s has no report %s", f, name)
		} else if Visual(all[i]) == "" {
			t.Errorf("%s exists, but the guide finds no visual variant on report %s", f, name)
		}
	}
}

func TestVisualReadsEitherShape(t *testing.T) {
	type visual struct{ Cypher string }
	cases := []struct {
		v    any
		want string
	}{
		{struct{ Visual string }{"MATCH p=() RETURN p"}, "MATCH p=() RETURN p"},
		{struct{ Visual *visual }{&visual{"RETURN 1"}}, "RETURN 1"},
		{struct{ Visual *visual }{nil}, ""},
		{struct{ Visual visual }{visual{"RETURN 2"}}, "RETURN 2"},
		{struct{ Other string }{"x"}, ""},
	}
	for _, c := range cases {
		if got := cypherIn(reflect.ValueOf(c.v).FieldByName("Visual")); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.v, got, c.want)
		}
	}
}

func TestParamLines(t *testing.T) {
	ps := []queries.Param{
		{Name: "state", Type: "state", Default: "SG"},
		{Name: "as_of", Type: "int"},
		{Name: "from", Type: "int", Default: "2015"},
		{Name: "proposals", Type: "bool", Default: "yes"},
		{Name: "who", Type: "string", Default: `O'Brien \ co`},
		{Name: "n", Type: "int", Default: "ten"},
	}
	want := ":param state => 'SG';\n:param as_of => NULL;\n:param from => 2015;\n:param proposals => true;\n:param who => 'O\\'Brien \\\\ co';\n:param n => 'ten'"
	if got := ParamLines(ps); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestBody(t *testing.T) {
	in := "// name: x\n// description: a; b\n//   more\nMATCH (n)\n// a comment inside stays\nRETURN n\n"
	if got := Body(in); got != "MATCH (n)\n// a comment inside stays\nRETURN n" {
		t.Errorf("got %q", got)
	}
}

func TestPostConnect(t *testing.T) {
	got := PostConnect("http://localhost:7474/coopgraph/")
	if got != "style http://localhost:7474/coopgraph/style.grass; guide http://localhost:7474/coopgraph/guide.md" {
		t.Errorf("got %s", got)
	}
}

func TestWriteReplacesFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	paths, err := Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	assets, _ := Files()
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil || string(b) != assets[filepath.Base(p)] {
			t.Errorf("%s: %v, %d bytes", p, err, len(b))
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(left) > 0 {
		t.Errorf("left behind %v", left)
	}
	if _, err := Write(filepath.Join(paths[0], "sub")); err == nil || !strings.Contains(err.Error(), "creating ") {
		t.Errorf("writing under a file: %v", err)
	}
}

// The README's palette table is generated: it must equal the declaration.
func TestReadmePaletteIsCurrent(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- palette: generated from browser.PaletteTable -->\n", "<!-- palette: end -->"
	s := string(b)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no generated palette between %q and %q", begin, end)
	}
	if got := s[i+len(begin) : j]; got != PaletteTable() {
		if *updateReadme {
			if err := os.WriteFile("../README.md", []byte(s[:i+len(begin)]+PaletteTable()+s[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Fatalf("README.md's palette is stale: run `go test ./browser -run TestReadmePaletteIsCurrent -update`")
	}
}

var updateReadme = flag.Bool("update", false, "rewrite the generated palette in README.md")

// The compose file serves the same assets and applies them the same way.
func TestComposeServesTheAssets(t *testing.T) {
	b, err := os.ReadFile("../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image       string
			Ports       []string
			Volumes     []string
			Environment map[string]string
		}
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	neo, assets := c.Services["neo4j"], c.Services["browser-assets"]
	const base = "http://localhost:${COOPGRAPH_ASSETS_PORT:-7475}"
	if got := neo.Environment["NEO4J_browser_post__connect__cmd"]; got != PostConnect(base) {
		t.Errorf("NEO4J_browser_post__connect__cmd = %q, want %q", got, PostConnect(base))
	}
	if !strings.HasPrefix(assets.Image, "nginx:") {
		t.Errorf("browser-assets image %q", assets.Image)
	}
	if !slices.Equal(assets.Ports, []string{"127.0.0.1:${COOPGRAPH_ASSETS_PORT:-7475}:80"}) {
		t.Errorf("browser-assets ports %v: bind to loopback", assets.Ports)
	}
	want := []string{"${COOPGRAPH_BROWSER_ASSETS:-./out/browser}:/usr/share/nginx/html:ro", "./browser/nginx.conf:/etc/nginx/conf.d/default.conf:ro"}
	if !slices.Equal(assets.Volumes, want) {
		t.Errorf("browser-assets volumes %v, want %v", assets.Volumes, want)
	}
	conf, err := os.ReadFile("nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Access-Control-Allow-Origin", "$request_method = OPTIONS", "return 204"} {
		if !strings.Contains(string(conf), s) {
			t.Errorf("nginx.conf lacks %q (Browser's fetch sends a CORS preflight)", s)
		}
	}
}
