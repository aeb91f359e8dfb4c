package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/coopgraph/coopgraph/graph/render"
)

// PictureOptions choose what the pictures show.
type PictureOptions struct {
	Color string // "camp" or "community" (the result's Louvain partition)
	Size  string // the measure nodes are sized by and ranked on
	Lang  string // "en" or "zh": which name labels nodes
	Top   int    // states in the ranking chart
	Ties  int    // strongest ties kept per state, so the picture stays readable
}

// Colors and Langs are the values PictureOptions takes.
var (
	Colors = []string{"camp", "community"}
	Langs  = []string{"en", "zh"}
)

// WithDefaults fills what is unset.
func (o PictureOptions) WithDefaults() PictureOptions {
	o.Color = cmp.Or(o.Color, "camp")
	o.Size = cmp.Or(o.Size, analytics.PageRank)
	o.Lang = cmp.Or(o.Lang, "en")
	o.Top = cmp.Or(o.Top, 15)
	o.Ties = cmp.Or(o.Ties, 3)
	return o
}

// Check reports an option no picture can be drawn with.
func (o PictureOptions) Check() error {
	if !slices.Contains(Colors, o.Color) {
		return fmt.Errorf("--color %q: use camp or community", o.Color)
	}
	if !slices.Contains(Langs, o.Lang) {
		return fmt.Errorf("--lang %q: use en or zh", o.Lang)
	}
	if !slices.Contains(analytics.Measures, o.Size) || analytics.IsCommunity(o.Size) {
		return fmt.Errorf("--size %q: use a centrality measure (degree, weighted-degree, pagerank, betweenness, closeness, eigenvector)", o.Size)
	}
	return nil
}

// Network turns a state-graph result into a picture: every state, coloured
// by its camp or community and sized by a score, with each state's
// strongest ties (all of them would be a hairball: co-membership links
// most pairs of states).
func Network(res *analytics.Result, camps map[string]string, o PictureOptions) render.Network {
	o = o.WithDefaults()
	n := render.Network{Legend: o.Color}
	n.Title = fmt.Sprintf("State cooperation network: colour by %s, size by %s", o.Color, o.Size)
	if o.Lang == "zh" {
		n.Title = fmt.Sprintf("国家合作网络（颜色：%s，大小：%s）", o.Color, o.Size)
	}
	if res.AsOf != nil {
		n.Title += fmt.Sprintf(" · %d", *res.AsOf)
	}
	groups := groupsOf(res, camps, o.Color)
	for _, x := range res.Nodes {
		n.Nodes = append(n.Nodes, render.Node{ID: x.ID, Label: label(x, o.Lang), Group: groups[x.ID], Size: x.Scores[o.Size]})
	}
	n.Edges = strongest(res.Edges, o.Ties)
	return n
}

// groupsOf is each state's colour group: its camp ("none" without one), or
// its Louvain community, where a community of one state (a state with no
// tie) is "none" too rather than a colour of its own.
func groupsOf(res *analytics.Result, camps map[string]string, color string) map[string]string {
	out := map[string]string{}
	if color != "community" {
		for _, x := range res.Nodes {
			out[x.ID] = cmp.Or(camps[x.ID], "none")
		}
		return out
	}
	size := map[int64]int{}
	for _, x := range res.Nodes {
		size[x.Community[analytics.Louvain]]++
	}
	for _, x := range res.Nodes {
		c := x.Community[analytics.Louvain]
		out[x.ID] = "none"
		if size[c] > 1 {
			out[x.ID] = "community " + strconv.FormatInt(c, 10)
		}
	}
	return out
}

func label(x analytics.NodeScore, lang string) string {
	if lang == "zh" && x.NameZh != "" {
		return x.NameZh
	}
	return cmp.Or(x.Name, x.ID)
}

// strongest keeps each node's k heaviest edges (ties broken by the other
// end's id, so the picture is the same on every run).
func strongest(edges []analytics.Edge, k int) []render.Edge {
	by := map[string][]int{}
	for i, e := range edges {
		by[e.Source] = append(by[e.Source], i)
		by[e.Target] = append(by[e.Target], i)
	}
	keep := map[int]bool{}
	for _, idx := range by {
		slices.SortFunc(idx, func(a, b int) int {
			if c := cmp.Compare(edges[b].Weight, edges[a].Weight); c != 0 {
				return c
			}
			return cmp.Compare(edges[a].Source+edges[a].Target, edges[b].Source+edges[b].Target)
		})
		for _, i := range idx[:min(k, len(idx))] {
			keep[i] = true
		}
	}
	var out []render.Edge
	for i, e := range edges {
		if keep[i] {
			out = append(out, render.Edge{From: e.Source, To: e.Target, Weight: e.Weight})
		}
	}
	return out
}

// Ranking is the top states by the size measure, coloured as the network.
func Ranking(res *analytics.Result, camps map[string]string, o PictureOptions) []render.Bar {
	o = o.WithDefaults()
	ranked := res.Ranked(o.Size)
	groups := groupsOf(res, camps, o.Color)
	var out []render.Bar
	for _, x := range ranked[:min(o.Top, len(ranked))] {
		out = append(out, render.Bar{Label: label(x, o.Lang), Value: x.Scores[o.Size], Group: groups[x.ID]})
	}
	return out
}

// Picture is one written picture.
type Picture struct {
	Title string
	SVG   string // path
	PNG   string // path; "" when no Chromium was found (the reason is in Skipped)
}

// WritePictures renders the network and the ranking as SVG and PNG into dir.
// Without Chromium the SVGs are still written and skipped says why.
func WritePictures(ctx context.Context, dir string, res *analytics.Result, camps map[string]string, o PictureOptions) (pics []Picture, skipped string, err error) {
	o = o.WithDefaults()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", err
	}
	net, err := render.SVG(ctx, Network(res, camps, o))
	if err != nil {
		return nil, "", err
	}
	title := fmt.Sprintf("Top %d states by %s", o.Top, o.Size)
	bars, err := render.RankingSVG(ctx, title, o.Size, Ranking(res, camps, o))
	if err != nil {
		return nil, "", err
	}
	suffix := "-" + o.Color + "-" + o.Lang
	for _, p := range []struct {
		name, title string
		svg         []byte
	}{{"network" + suffix, "State cooperation network", net}, {"ranking-" + o.Size + "-" + o.Lang, title, bars}} {
		pic := Picture{Title: p.title, SVG: filepath.Join(dir, p.name+".svg")}
		// A picture already drawn from the same SVG is kept: rasterising
		// starts a browser, the slowest part of a rerun.
		if old, err := os.ReadFile(pic.SVG); err == nil && bytes.Equal(old, p.svg) {
			if _, err := os.Stat(filepath.Join(dir, p.name+".png")); err == nil {
				pic.PNG = filepath.Join(dir, p.name+".png")
				pics = append(pics, pic)
				continue
			}
		}
		if err := os.WriteFile(pic.SVG, p.svg, 0o644); err != nil {
			return nil, "", err
		}
		if _, cerr := render.Chromium(); cerr != nil {
			skipped = cerr.Error()
		} else {
			png, err := render.PNG(ctx, p.svg, 2)
			if err != nil {
				return nil, "", err
			}
			pic.PNG = filepath.Join(dir, p.name+".png")
			if err := os.WriteFile(pic.PNG, png, 0o644); err != nil {
				return nil, "", err
			}
		}
		pics = append(pics, pic)
	}
	return pics, skipped, nil
}
