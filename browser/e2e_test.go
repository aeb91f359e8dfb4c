package browser_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/coopgraph/coopgraph/browser"
	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	"github.com/coopgraph/coopgraph/queries"
	"github.com/coopgraph/coopgraph/seed"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// chromium is Debian's package; the Makefile's test target installs it.
const chromium = "/usr/bin/chromium"

// shots is where the test leaves its screenshots (git-ignored).
var shots = filepath.Join("..", "out", "browser-test")

// drawn is one node of Browser's graph view, read from its SVG.
type drawn struct {
	Caption string  `json:"caption"`
	Fill    string  `json:"fill"`
	R       float64 `json:"r"`
}

// drawnNodes reads the nodes of the newest graph frame (frames stack newest first).
const drawnNodes = `(() => {
  const frame = Array.from(document.querySelectorAll('[data-testid=frame]')).find(f => f.querySelector('svg g.node'));
  if (!frame) return [];
  return Array.from(frame.querySelectorAll('svg g.node')).map(g => {
    const c = g.querySelector('circle.b-outline');
    return {caption: Array.from(g.querySelectorAll('text.caption')).map(t => t.textContent.trim()).filter(s => s).join(' '),
            fill: c ? c.getAttribute('fill') : '', r: c ? parseFloat(c.getAttribute('r')) : 0};
  });
})()`

// TestBrowserEndToEnd drives a real headless Chromium against the managed
// server's Neo4j Browser: log in, see the guide open and the style applied,
// run a report's picture from the guide, and see nodes drawn.
func TestBrowserEndToEnd(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: run `apt-get update && apt-get install -y chromium` (make test does it as root)", chromium)
		}
		t.Skipf("%s is missing: run `apt-get update && apt-get install -y chromium`", chromium)
	}
	srv := managed(t)
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	// Deadlines here guard against a hang, never against slowness: a loaded
	// machine may take minutes.
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	ds, err := seed.Load(seed.DataFS(), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.New(db.Driver, db.Target.Database).Load(ctx, ds, store.Options{}); err != nil {
		t.Fatal(err)
	}
	countries := countryNames(ctx, t, db.Driver, db.Target.Database)
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1600, 1000),
	}
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium's sandbox refuses to run as root
	}
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	t0 := time.Now()
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, actions...); err != nil {
			shot(t, bctx, "failed-"+name)
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%-28s %5.1fs", name, time.Since(t0).Seconds())
	}

	// Log in with the generated credentials.
	step("load the Browser",
		chromedp.Navigate(srv.Local.BrowserURL()),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=password]`)))
	step("log in",
		chromedp.Clear(chromedp.CSS(`[data-testid=username]`)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=username]`), srv.Target.User),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=password]`), srv.Target.Password),
		chromedp.Click(chromedp.CSS(`[data-testid=connect]`)))

	// post_connect_cmd opens the guide in the sidebar and applies the style.
	title := "coopgraph: the cooperation graph"
	step("the guide opens",
		waitJS(fmt.Sprintf(`(document.querySelector('[data-testid=guidesDrawer]')?.innerText || '').includes(%q)`, title)))
	step("the style is applied",
		waitJS(`Array.from(document.querySelectorAll('[data-testid=frame]')).some(f => f.innerText.includes('style.grass') && f.innerText.includes('node.Country'))`))
	shot(t, bctx, "01-connected")

	// The intro slide's first block draws states and their blocs.
	step("run the intro's graph block",
		clickRunnable("MATCH (s:Country)-[r:MEMBER_OF]->(b:Bloc)"),
		waitJS(`document.querySelectorAll('[data-testid=frame] svg g.node circle.b-outline').length > 0`),
		chromedp.Sleep(2*time.Second)) // the force layout settles
	shot(t, bctx, "02-states-and-blocs")
	nodes, err := chromedp.Run(bctx, chromedp.Evaluate[[]drawn](drawnNodes))
	if err != nil {
		t.Fatal(err)
	}
	want := styleOf(t, graph.Country)
	var states []string
	for _, n := range nodes {
		if slices.Contains(countries, n.Caption) {
			states = append(states, n.Caption)
			if !strings.EqualFold(n.Fill, want.Colour) || n.R != float64(want.Diameter)/2 {
				t.Errorf("Country node %q drawn with fill %s and radius %v, want %s and %v", n.Caption, n.Fill, n.R, want.Colour, float64(want.Diameter)/2)
			}
		} else if strings.EqualFold(n.Fill, want.Colour) {
			t.Errorf("node %q is not a state but is drawn in the Country colour", n.Caption)
		}
	}
	if len(states) == 0 {
		t.Fatalf("no Country node captioned by its name among %d drawn nodes: %+v", len(nodes), nodes)
	}
	t.Logf("%d nodes drawn, %d of them states in %s (e.g. %s)", len(nodes), len(states), want.Colour, states[0])

	// A report run from its slide: its :param block, then its multi-line
	// query, one click each; the table shows what the driver also returns.
	r, expect := reportToRun(ctx, t, db.Driver, db.Target.Database)
	step("go to the report's slide", gotoSlide(r.Title))
	shot(t, bctx, "03-report-slide")
	if len(r.Params) > 0 {
		before := frames(t, bctx)
		// Parameters set with => are evaluated by the server, one after
		// the other: wait until every one has succeeded.
		step("set its parameters",
			clickRunnable(":param "+r.Params[0].Name+" =>"),
			waitJS(fmt.Sprintf(`(() => {
  if (document.querySelectorAll('[data-testid=frame]').length <= %d) return false;
  const f = document.querySelector('[data-testid=frame]');
  const icons = f.querySelectorAll('[data-testid=multi-statement-list-icon]');
  if (icons.length) return Array.from(icons).every(i => i.title === 'Status: success');
  return f.innerText.includes('Successfully set your parameters');
})()`, before)))
	}
	before := frames(t, bctx)
	step("run the report",
		clickRunnable(firstLine(browser.Body(r.Cypher))),
		waitJS(fmt.Sprintf(`document.querySelectorAll('[data-testid=frame]').length > %d && document.querySelector('[data-testid=frame]').innerText.includes(%q)`, before, expect)))
	shot(t, bctx, "04-report-run")
	text, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('[data-testid=frame]').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "Neo.ClientError") || strings.Contains(text, "Expected parameter") {
		t.Fatalf("running %s from the guide failed:\n%s", r.Name, text)
	}

	v := browser.Visual(r)
	if v == "" {
		t.Logf("no report has a visual variant yet; ran %s's table from its slide; the whole Browser run took %.1fs", r.Name, time.Since(t0).Seconds())
		return
	}
	before = frames(t, bctx)
	step("run its picture",
		clickRunnable(strings.Join(strings.Fields(browser.Body(v)), " ")),
		waitJS(fmt.Sprintf(`document.querySelectorAll('[data-testid=frame]').length > %d && document.querySelector('[data-testid=frame]').querySelectorAll('svg g.node').length > 0`, before)),
		chromedp.Sleep(2*time.Second))
	shot(t, bctx, "05-report-picture")
	nodes, err = chromedp.Run(bctx, chromedp.Evaluate[[]drawn](drawnNodes))
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) == 0 {
		t.Fatalf("the picture of %s drew no nodes", r.Name)
	}
	t.Logf("%s's picture drew %d nodes; the whole Browser run took %.1fs", r.Name, len(nodes), time.Since(t0).Seconds())
}

// reportToRun picks the report the test runs from the guide, preferring one
// with a picture, among those whose defaults return rows; expect is a value
// of its first row (the longest text not in the query itself).
func reportToRun(ctx context.Context, t *testing.T, d neo4j.DriverWithContext, database string) (queries.Report, string) {
	t.Helper()
	all, err := queries.All()
	if err != nil {
		t.Fatal(err)
	}
	slices.SortStableFunc(all, func(a, b queries.Report) int {
		return cmpBool(browser.Visual(b) != "", browser.Visual(a) != "")
	})
	for _, r := range all {
		params := map[string]any{} // as the guide's :param block sets them: no default is null
		for _, p := range r.Params {
			params[p.Name] = nil
			if p.Default != "" {
				if params[p.Name], err = p.Convert(p.Default); err != nil {
					t.Fatal(err)
				}
			}
		}
		res, err := neo4j.ExecuteQuery(ctx, d, r.Cypher, params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(database), neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		if len(res.Records) == 0 {
			continue
		}
		expect := ""
		for _, v := range res.Records[0].Values {
			if s, ok := v.(string); ok && len(s) > len(expect) && !strings.Contains(r.Cypher, s) {
				expect = s
			}
		}
		if expect != "" {
			return r, expect
		}
	}
	t.Fatal("no report returns a row of text with its defaults")
	return queries.Report{}, ""
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func frames(t *testing.T, ctx context.Context) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=frame]').length`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

// waitJS waits until a JavaScript expression is true.
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](expr, chromedp.WithPollingInterval(200*time.Millisecond), chromedp.WithPollingTimeout(2*time.Minute))(ctx, t)
		return err
	})
}

// clickRunnable clicks the play icon Browser puts before the guide's
// runnable block (pre.runnable) whose text contains the given line: that
// runs the whole block, :param lines included.
func clickRunnable(line string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		found, err := chromedp.Poll[bool](fmt.Sprintf(`(() => {
  const pre = Array.from(document.querySelectorAll('[data-testid=guidesDrawer] pre.runnable')).find(p => p.textContent.replace(/\s+/g, ' ').includes(%q));
  const icon = pre && pre.querySelector('i');
  if (!icon) return false;
  icon.click();
  return true;
})()`, line), chromedp.WithPollingInterval(200*time.Millisecond), chromedp.WithPollingTimeout(2*time.Minute))(ctx, t)
		if err == nil && !found {
			err = fmt.Errorf("no runnable block with %q in the guide", line)
		}
		return err
	})
}

// gotoSlide pages the guide forward until a slide shows the heading.
func gotoSlide(heading string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for range 200 {
			ok, err := chromedp.Evaluate[bool](fmt.Sprintf(`Array.from(document.querySelectorAll('[data-testid=guidesDrawer] h2')).some(h => h.textContent.trim() === %q)`, heading))(ctx, t)
			if err != nil || ok {
				return err
			}
			if _, err := chromedp.Evaluate[bool](`(() => { const b = document.querySelector('[data-testid=guideNextSlide]'); if (b) b.click(); return !!b })()`)(ctx, t); err != nil {
				return err
			}
			if _, err := chromedp.Sleep(150*time.Millisecond)(ctx, t); err != nil {
				return err
			}
		}
		return fmt.Errorf("no slide titled %q in the guide", heading)
	})
}

func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(shots, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Logf("screenshot %s: %v", name, err)
	}
}

func styleOf(t *testing.T, k graph.Kind) browser.KindStyle {
	t.Helper()
	for _, s := range browser.KindStyles() {
		if s.Kind == k {
			return s
		}
	}
	t.Fatalf("no style for %s", k)
	return browser.KindStyle{}
}

func countryNames(ctx context.Context, t *testing.T, d neo4j.DriverWithContext, database string) []string {
	t.Helper()
	res, err := neo4j.ExecuteQuery(ctx, d, "MATCH (c:Country) RETURN c.name AS name", nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range res.Records {
		out = append(out, fmt.Sprint(r.Values[0]))
	}
	return out
}
