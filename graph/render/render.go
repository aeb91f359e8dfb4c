// Package render draws pictures of a cooperation network and of a ranking:
// SVG from Graphviz's layout engines run in process (go-graphviz, Graphviz
// compiled to WebAssembly), PNG by rasterising that SVG in headless
// Chromium, whose font stack draws Chinese labels (go-graphviz's own PNG
// output is wrong, and Graphviz's text metrics without fontconfig are
// rough). It reads nothing from a database: callers hand it the nodes and
// edges to draw.
package render

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/goccy/go-graphviz"
)

// Node is one node to draw.
type Node struct {
	ID    string
	Label string  // what is written on it
	Group string  // colour group (a camp, a community); "" for none
	Size  float64 // relative size, any scale (a centrality score); 0 for the smallest
}

// Edge is an undirected tie between two nodes.
type Edge struct {
	From, To string
	Weight   float64 // line width grows with it
}

// Network is a graph to draw.
type Network struct {
	Title  string
	Legend string // what the colours mean, e.g. "camp"
	Nodes  []Node
	Edges  []Edge
}

// Palette is the colour of each group in order of first use: Okabe and
// Ito's colour-blind-safe set, then greys.
var Palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#999999", "#666666", "#BBBBBB"}

// Fixed are the colours of the camps, the same in every picture: blue for
// the US-aligned, vermillion for the China-led, green for ASEAN-centred,
// orange for hedgers, grey for none.
var Fixed = map[string]string{
	"us-aligned": "#0072B2", "china-led": "#D55E00", "asean-centred": "#009E73", "multilateral": "#CC79A7",
	"hedger": "#E69F00", "none": "#BBBBBB", "": "#BBBBBB",
}

// GroupColours gives each group its colour: the fixed colour of a camp,
// else the palette's colours to the largest groups first (ties by name), so
// that the same groups get the same colours on every run and the groups a
// reader looks for are not the ones left grey when the palette runs out.
func GroupColours(nodes []Node) map[string]string {
	size := map[string]int{}
	for _, n := range nodes {
		size[n.Group]++
	}
	groups := slices.SortedFunc(maps.Keys(size), func(a, b string) int {
		return cmp.Or(cmp.Compare(size[b], size[a]), cmp.Compare(a, b))
	})
	out := map[string]string{}
	i := 0
	for _, g := range groups {
		if c, ok := Fixed[g]; ok {
			out[g] = c
			continue
		}
		out[g] = Palette[min(i, len(Palette)-1)]
		i++
	}
	return out
}

// DOT writes the network in the DOT language: sizes scaled into 0.3–1.2
// inches, edge widths into 0.5–4 points, a legend of the colours under the
// drawing.
func DOT(n Network) string {
	colours := GroupColours(n.Nodes)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range n.Nodes {
		lo, hi = math.Min(lo, x.Size), math.Max(hi, x.Size)
	}
	wmax := 0.0
	for _, e := range n.Edges {
		wmax = math.Max(wmax, e.Weight)
	}
	var b strings.Builder
	b.WriteString("graph coopgraph {\n")
	fmt.Fprintf(&b, "  graph [overlap=prism, overlap_scaling=-4, sep=\"+6\", outputorder=edgesfirst, bgcolor=white, fontname=%s, labelloc=t, fontsize=20, label=%s];\n",
		quote(fontStack), quote(n.Title))
	fmt.Fprintf(&b, "  node [shape=circle, style=filled, fixedsize=true, fontname=%s, fontsize=11, penwidth=0.8, color=\"#333333\", xlabel=\"\"];\n", quote(fontStack))
	b.WriteString("  edge [color=\"#88888866\"];\n")
	for _, x := range n.Nodes {
		size := 0.3
		if hi > lo {
			size += 0.9 * (x.Size - lo) / (hi - lo)
		}
		// The label sits beside the node (xlabel), so a small node keeps a readable label.
		fmt.Fprintf(&b, "  %s [label=\" \", xlabel=%s, width=%.2f, fillcolor=%s, tooltip=%s];\n",
			quote(x.ID), quote(x.Label), size, quote(colours[x.Group]), quote(x.Label+" ("+x.Group+")"))
	}
	for _, e := range n.Edges {
		w := 0.5
		if wmax > 0 {
			w += 3.5 * e.Weight / wmax
		}
		fmt.Fprintf(&b, "  %s -- %s [penwidth=%.2f, weight=%.2f];\n", quote(e.From), quote(e.To), w, math.Max(e.Weight, 1))
	}
	b.WriteString(legend(n.Legend, colours))
	b.WriteString("}\n")
	return b.String()
}

// legend is an HTML-like table of the colours, as one node of its own.
func legend(title string, colours map[string]string) string {
	if len(colours) == 0 {
		return ""
	}
	var rows strings.Builder
	fmt.Fprintf(&rows, "<tr><td colspan=\"2\" align=\"left\"><b>%s</b></td></tr>", html(title))
	for _, g := range slices.Sorted(func(yield func(string) bool) {
		for g := range colours {
			if !yield(g) {
				return
			}
		}
	}) {
		name := g
		if name == "" {
			name = "none"
		}
		fmt.Fprintf(&rows, "<tr><td bgcolor=\"%s\" width=\"14\" height=\"14\"></td><td align=\"left\">%s</td></tr>", colours[g], html(name))
	}
	return fmt.Sprintf("  legend [shape=plain, fixedsize=false, style=\"\", xlabel=\"\", label=<<table border=\"0\" cellborder=\"0\" cellspacing=\"3\">%s</table>>];\n", rows.String())
}

// fontStack names fonts with Latin and CJK glyphs, first found wins.
const fontStack = "Noto Sans CJK SC, Noto Sans, DejaVu Sans, sans-serif"

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func html(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// SVG lays the network out with Graphviz's neato (stress majorisation,
// which keeps weighted ties short) and renders it as SVG.
func SVG(ctx context.Context, n Network) ([]byte, error) {
	return renderSVG(ctx, DOT(n), graphviz.NEATO)
}
