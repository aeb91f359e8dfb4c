// Package browser makes what Neo4j Browser needs to show coopgraph's graph:
// a GraSS style sheet (captions, colours and sizes by kind) and a guide with
// every prepared report one click away. Both are generated from the
// declarations in package graph and the report headers in package queries,
// so they never drift from the code.
package browser

import (
	"fmt"
	"strings"

	"github.com/coopgraph/coopgraph/graph"
)

// KindStyle is how Browser draws the nodes of one kind.
type KindStyle struct {
	Kind     graph.Kind
	Colour   string // fill, #RRGGBB
	Name     string // the colour's name, for the README and the guide
	Text     string // caption colour inside the node
	Diameter int    // px
}

// Caption colours and node sizes.
const (
	black  = "#222222"
	white  = "#FFFFFF"
	bigPx  = 65
	bodyPx = 55
	midPx  = 50
	smlPx  = 42
	tinyPx = 34
)

// The palette is Okabe and Ito's eight colours, which stay apart under the
// common colour-vision deficiencies, for eight kinds; seven more kinds take a
// lighter tint of one of six of them (a tint differs from its base in
// lightness, which every such deficiency keeps). Fifteen kinds are more than any palette keeps
// distinct for every reader, so Browser's label chips name the kind as well.
//
// Browser 5.24's GraSS selects by label or type only and has no data-driven
// size, so nodes are sized by kind: states largest, then bodies, mechanisms,
// instruments, and the tiers a source grades states by.
var kindStyles = map[graph.Kind]KindStyle{
	graph.Country:      {Colour: "#0072B2", Name: "blue", Text: white, Diameter: bigPx},
	graph.Organisation: {Colour: "#E69F00", Name: "orange", Text: black, Diameter: bodyPx},
	graph.Bloc:         {Colour: "#D55E00", Name: "vermillion", Text: white, Diameter: bodyPx},
	graph.Agency:       {Colour: "#56B4E9", Name: "sky blue", Text: black, Diameter: smlPx},
	graph.Company:      {Colour: "#F0E442", Name: "yellow", Text: black, Diameter: smlPx},
	graph.Forum:        {Colour: "#009E73", Name: "bluish green", Text: white, Diameter: midPx},
	graph.Initiative:   {Colour: "#80CFB9", Name: "light bluish green", Text: black, Diameter: midPx},
	graph.Project:      {Colour: "#EAAF80", Name: "light vermillion", Text: black, Diameter: smlPx},
	graph.Agreement:    {Colour: "#CC79A7", Name: "reddish purple", Text: black, Diameter: midPx},
	graph.Law:          {Colour: "#E6BCD3", Name: "light reddish purple", Text: black, Diameter: smlPx},
	graph.Framework:    {Colour: "#000000", Name: "black", Text: white, Diameter: smlPx},
	graph.Strategy:     {Colour: "#999999", Name: "grey", Text: black, Diameter: smlPx},
	graph.Tier:         {Colour: "#D9D9D9", Name: "light grey", Text: black, Diameter: tinyPx},
	graph.Person:       {Colour: "#F3CF80", Name: "light orange", Text: black, Diameter: smlPx},
	graph.Place:        {Colour: "#F7F1A1", Name: "light yellow", Text: black, Diameter: tinyPx},
}

// fallback draws a kind the palette does not know yet (a test fails for it).
var fallback = KindStyle{Colour: "#A5ABB6", Name: "neutral grey", Text: white, Diameter: midPx}

// Relationship families drawn apart from the rest: stated bilateral
// cooperation in blue, rivalry in vermillion, both a little thicker.
var relColours = map[graph.RelType]string{
	graph.MouWith:        "#0072B2",
	graph.DialogueWith:   "#0072B2",
	graph.CooperatesWith: "#0072B2",
	graph.Rivals:         "#D55E00",
}

// KindStyles returns the style of every kind in graph.Kinds, in its order.
func KindStyles() []KindStyle {
	out := make([]KindStyle, 0, len(graph.Kinds))
	for _, k := range graph.Kinds {
		s, ok := kindStyles[k.Kind]
		if !ok {
			s = fallback
		}
		s.Kind = k.Kind
		out = append(out, s)
	}
	return out
}

// Border is the darker ring Browser draws around a node of this kind.
func (s KindStyle) Border() string { return shade(s.Colour, 0.75) }

// rule is one GraSS rule; props keep their order.
type rule struct {
	selector string
	props    [][2]string
}

// Style returns the GraSS style sheet. Browser replaces its whole style with
// a sheet it loads, so the plain node and relationship rules carry every
// default; node.Entity comes before the kinds because every node carries
// Entity, and a later, more specific rule wins. Browser's GraSS parser knows
// no comments, so the sheet has none.
func Style() string {
	rules := []rule{
		{"node", [][2]string{
			{"diameter", px(midPx)}, {"color", fallback.Colour}, {"border-color", shade(fallback.Colour, 0.75)},
			{"border-width", "2px"}, {"text-color-internal", white}, {"font-size", "10px"},
		}},
		{"relationship", [][2]string{
			{"color", "#A5ABB6"}, {"shaft-width", "1px"}, {"font-size", "8px"}, {"padding", "3px"},
			{"text-color-external", "#000000"}, {"text-color-internal", white}, {"caption", "'<type>'"},
		}},
		{"node." + graph.EntityLabel, [][2]string{
			{"color", fallback.Colour}, {"border-color", shade(fallback.Colour, 0.75)}, {"caption", "'{name}'"},
		}},
	}
	for _, s := range KindStyles() {
		rules = append(rules, rule{"node." + string(s.Kind), [][2]string{
			{"color", s.Colour}, {"border-color", s.Border()}, {"text-color-internal", s.Text}, {"diameter", px(s.Diameter)},
		}})
	}
	for _, r := range graph.RelTypes {
		if c, ok := relColours[r.Type]; ok {
			rules = append(rules, rule{"relationship." + string(r.Type), [][2]string{{"color", c}, {"shaft-width", "2px"}}})
		}
	}
	var b strings.Builder
	for _, r := range rules {
		fmt.Fprintf(&b, "%s {\n", r.selector)
		for _, p := range r.props {
			fmt.Fprintf(&b, "  %s: %s;\n", p[0], p[1])
		}
		b.WriteString("}\n")
	}
	return b.String()
}

func px(n int) string { return fmt.Sprintf("%dpx", n) }

// shade scales each channel of a #RRGGBB colour by f (f < 1 darkens).
func shade(hex string, f float64) string {
	var r, g, b int
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return hex
	}
	c := func(v int) int { return int(float64(v)*f + 0.5) }
	return fmt.Sprintf("#%02X%02X%02X", c(r), c(g), c(b))
}

// PaletteTable is the Markdown table of kinds, colours and sizes that the
// README carries (a test keeps the two equal).
func PaletteTable() string {
	var b strings.Builder
	b.WriteString("| kind | colour | size | what it is |\n|---|---|---|---|\n")
	desc := map[graph.Kind]string{}
	for _, k := range graph.Kinds {
		desc[k.Kind] = k.Description
	}
	for _, s := range KindStyles() {
		fmt.Fprintf(&b, "| `%s` | %s `%s` | %dpx | %s |\n", s.Kind, s.Name, s.Colour, s.Diameter, desc[s.Kind])
	}
	return b.String()
}
