package render

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/goccy/go-graphviz"
)

// Bar is one ranked item.
type Bar struct {
	Label string
	Value float64
	Group string // colour group, as in a Network
}

// rankingWidth is the length of the longest bar, in points.
const rankingWidth = 360

// RankingDOT lays a ranking out as one Graphviz table: a row per item
// (highest first) with its label, a bar as long as its value relative to the
// largest, and the value; bars take their group's colour, as in a Network.
func RankingDOT(title, measure string, items []Bar) string {
	nodes := make([]Node, len(items))
	top := 0.0
	for i, it := range items {
		nodes[i] = Node{Group: it.Group}
		top = math.Max(top, it.Value)
	}
	colours := GroupColours(nodes)
	labelWidth := 0
	for i, it := range items {
		labelWidth = max(labelWidth, textWidth(fmt.Sprintf("%d. %s", i+1, it.Label), 11))
	}
	var rows strings.Builder
	fmt.Fprintf(&rows, `<tr><td colspan="3" align="left"><font point-size="16">%s</font></td></tr>`, html(title))
	for i, it := range items {
		w := 1
		if top > 0 {
			w = max(1, int(math.Round(rankingWidth*it.Value/top)))
		}
		rest := ""
		if w < rankingWidth {
			rest = fmt.Sprintf(`<td width="%d" height="12" fixedsize="true"></td>`, rankingWidth-w)
		}
		// The bar and the rest of its track are one table of fixed width, so
		// every bar starts at the same place.
		fmt.Fprintf(&rows, `<tr><td align="left" width="%d">%d. %s</td><td><table border="0" cellpadding="0" cellspacing="0"><tr><td bgcolor="%s" width="%d" height="12" fixedsize="true"></td>%s</tr></table></td><td align="left">%s</td></tr>`,
			labelWidth, i+1, html(it.Label), colours[it.Group], w, rest, html(formatValue(it.Value)))
	}
	fmt.Fprintf(&rows, `<tr><td></td><td align="left"><font point-size="10" color="#555555">%s</font></td><td></td></tr>`, html(measure))
	return fmt.Sprintf("digraph ranking {\n  graph [bgcolor=white, fontname=%s];\n  node [shape=plain, fontname=%s, fontsize=11];\n  chart [label=<<table border=\"0\" cellborder=\"0\" cellspacing=\"2\" cellpadding=\"2\">%s</table>>];\n%s}\n",
		quote(fontStack), quote(fontStack), rows.String(), legend("colour", colours))
}

// textWidth estimates the width of s in points at size: Graphviz compiled
// to WebAssembly has no font metrics and underestimates Chinese text, which
// takes a full em a character.
func textWidth(s string, size float64) int {
	w := 0.0
	for _, r := range s {
		if r >= 0x2e80 {
			w += size
		} else {
			w += 0.6 * size
		}
	}
	return int(math.Ceil(w)) + 4
}

func formatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e9 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.4g", v)
}

// RankingSVG renders RankingDOT as SVG.
func RankingSVG(ctx context.Context, title, measure string, items []Bar) ([]byte, error) {
	return renderSVG(ctx, RankingDOT(title, measure, items), graphviz.DOT)
}

func renderSVG(ctx context.Context, dot string, layout graphviz.Layout) ([]byte, error) {
	g, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("starting Graphviz: %w", err)
	}
	defer g.Close()
	gr, err := graphviz.ParseBytes([]byte(dot))
	if err != nil {
		return nil, fmt.Errorf("reading the drawing: %w", err)
	}
	defer gr.Close()
	var buf bytes.Buffer
	// Render into a buffer: RenderFilename writes empty files.
	if err := g.SetLayout(layout).Render(ctx, gr, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("laying the picture out: %w", err)
	}
	return buf.Bytes(), nil
}
