package render

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixture is a small network in two camps with a broker between them.
func fixture() Network {
	return Network{
		Title: "Test network", Legend: "camp",
		Nodes: []Node{
			{ID: "CN", Label: "中国", Group: "china-led", Size: 0.9},
			{ID: "US", Label: "United States", Group: "us-aligned", Size: 0.8},
			{ID: "SG", Label: "新加坡 Singapore", Group: "hedger", Size: 0.5},
			{ID: "JP", Label: "Japan", Group: "us-aligned", Size: 0.2},
			{ID: "LA", Label: "老挝", Group: "china-led", Size: 0.1},
		},
		Edges: []Edge{{"CN", "SG", 3}, {"US", "SG", 2}, {"US", "JP", 5}, {"CN", "LA", 1}},
	}
}

func TestDOT(t *testing.T) {
	dot := DOT(fixture())
	for _, want := range []string{
		`"CN" [label=" ", xlabel="中国"`,
		`"US" -- "JP" [penwidth=4.00`,
		`fillcolor="#D55E00"`, // china-led's fixed colour
		`<b>camp</b>`,
		`<td align="left">us-aligned</td>`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %s:\n%s", want, dot)
		}
	}
	if c := GroupColours(fixture().Nodes); c["china-led"] == c["us-aligned"] {
		t.Error("two groups share a colour")
	}
	if q := quote(`a"b\c`); q != `"a\"b\\c"` {
		t.Errorf("quote: %s", q)
	}
}

func TestSVGAndPNG(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	svg, err := SVG(ctx, fixture())
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, want := range []string{"<svg", "中国", "United States", "us&#45;aligned", "<title>CN&#45;&#45;SG</title>"} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	bars, err := RankingSVG(ctx, "Top states by PageRank", "PageRank", []Bar{{"中国 China", 0.3, "china-led"}, {"United States", 0.2, "us-aligned"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(bars), "中国 China") {
		t.Error("ranking SVG lacks its label")
	}
	if _, err := Chromium(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	out := filepath.Join("..", "..", "out", "render-test")
	os.MkdirAll(out, 0o755)
	for name, pic := range map[string][]byte{"network": svg, "ranking": bars} {
		png, err := PNG(ctx, pic, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(png) < 1000 || string(png[1:4]) != "PNG" {
			t.Fatalf("%s: not a PNG (%d bytes)", name, len(png))
		}
		os.WriteFile(filepath.Join(out, name+".png"), png, 0o644)
		os.WriteFile(filepath.Join(out, name+".svg"), pic, 0o644)
	}
}
