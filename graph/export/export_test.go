package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/graph/analytics"
)

func ip(v int) *int { return &v }

// fixture is a small state graph:
//
//	SG ──3── CN ──1── US        LA (no ties)
//	 \       /
//	  1     2
//	   \   /
//	    MY
//
// with ties and a missing score, so that ranks, spells and absent values
// all show. Export time 2025-03-01, so open spells close in 2025.
func fixture() Snapshot {
	return Snapshot{
		DatasetVersion: "sha256:abc123",
		Time:           time.Date(2025, 3, 1, 2, 30, 0, 0, time.UTC),
		Result: &analytics.Result{
			Projection: "states", Engine: "inprocess",
			Params:   map[string]any{"damping": 0.85, "resolution": 1.0, "seed": 42},
			Measures: []string{"degree", "weighted-degree", "pagerank", "betweenness", "louvain", "leiden"},
			Nodes: []analytics.NodeScore{
				{ID: "CN", Name: "China", NameZh: "中国", Kind: "Country",
					Scores:    map[string]float64{"degree": 3, "weighted-degree": 6, "pagerank": 0.4, "betweenness": 2.5},
					Community: map[string]int64{"louvain": 0, "leiden": 1}},
				{ID: "SG", Name: "Singapore", NameZh: "新加坡", Kind: "Country",
					Scores:    map[string]float64{"degree": 2, "weighted-degree": 4, "pagerank": 0.25, "betweenness": 0.5},
					Community: map[string]int64{"louvain": 1, "leiden": 1}},
				{ID: "MY", Name: "Malaysia", NameZh: "马来西亚", Kind: "Country",
					Scores:    map[string]float64{"degree": 2, "weighted-degree": 3, "pagerank": math.Nextafter(0.25, 1), "betweenness": 0.5},
					Community: map[string]int64{"louvain": 1, "leiden": 1}},
				{ID: "US", Name: "United States", NameZh: "美国", Kind: "Country",
					Scores:    map[string]float64{"degree": 1, "weighted-degree": 1, "pagerank": 0.1, "betweenness": 0},
					Community: map[string]int64{"louvain": 0, "leiden": 0}},
				{ID: "LA", Name: "Lao PDR", NameZh: "老挝", Kind: "Country",
					Scores:    map[string]float64{"degree": 0, "weighted-degree": 0, "pagerank": 0},
					Community: map[string]int64{"louvain": 2, "leiden": 2}},
			},
			Edges: []analytics.Edge{
				{Source: "CN", Target: "SG", Weight: 3, Types: []string{"MEMBER_OF", "PARTY_TO"}, Since: ip(2014), Until: ip(2020)},
				{Source: "CN", Target: "MY", Weight: 2, Types: []string{"MEMBER_OF"}, Since: ip(2018)},
				{Source: "SG", Target: "MY", Weight: 1, Types: []string{"MOU_WITH"}, Until: ip(2016)},
				{Source: "CN", Target: "US", Weight: 1, Types: []string{"DIALOGUE_WITH"}},
			},
		},
	}
}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// place is a compact rank-and-change for comparisons: "2" or "2 (+1)".
func place(p Place, ok bool) string {
	if !ok {
		return "-"
	}
	if p.RankChange == nil {
		return fmt.Sprint(p.Rank)
	}
	return fmt.Sprintf("%d (%+d)", p.Rank, *p.RankChange)
}

func ranksOf(r Rankings, measure string) map[string]string {
	out := map[string]string{}
	for _, n := range r.Nodes {
		p, ok := n.Measures[measure]
		out[n.ID] = place(p, ok)
	}
	return out
}

func TestRankSharesTiesAndSkips(t *testing.T) {
	r := Rank(fixture(), nil)
	if got, want := r.Measures, []string{"degree", "weighted_degree", "pagerank", "betweenness"}; !slices.Equal(got, want) {
		t.Fatalf("measures %v, want %v", got, want)
	}
	if got, want := r.Communities, []string{"louvain", "leiden"}; !slices.Equal(got, want) {
		t.Fatalf("communities %v, want %v", got, want)
	}
	cases := map[string]map[string]string{
		// SG and MY tie (MY's pagerank differs by floating-point noise only).
		"pagerank":        {"CN": "1", "SG": "2", "MY": "2", "US": "4", "LA": "5"},
		"degree":          {"CN": "1", "SG": "2", "MY": "2", "US": "4", "LA": "5"},
		"weighted_degree": {"CN": "1", "SG": "2", "MY": "3", "US": "4", "LA": "5"},
		"betweenness":     {"CN": "1", "SG": "2", "MY": "2", "US": "4", "LA": "-"},
	}
	for m, want := range cases {
		if got := ranksOf(r, m); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s ranks %v, want %v", m, got, want)
		}
	}
	var order []string
	for _, n := range r.Nodes {
		order = append(order, n.ID)
	}
	if want := []string{"CN", "MY", "SG", "US", "LA"}; !slices.Equal(order, want) {
		t.Errorf("rows %v, want %v (by degree rank, then id)", order, want)
	}
	if r.Previous != nil {
		t.Errorf("a first export compares with %+v", r.Previous)
	}

	// Two runs of gonum's PageRank on the curated graph gave one node these
	// scores: the same rank, whichever run it comes from.
	for _, v := range []float64{0.0014474921840191863, 0.0014474921802635381} {
		if k := rankKey(v); k != 0.00144749 {
			t.Errorf("rank key of %v is %v", v, k)
		}
	}
	if rankKey(0.00144749) == rankKey(0.00144748) {
		t.Error("scores different in the sixth digit share a rank")
	}
}

// second is the fixture a month later: US climbs in pagerank, VN appears.
func second() Snapshot {
	s := fixture()
	s.Time = s.Time.AddDate(0, 1, 0)
	s.DatasetVersion = "sha256:def456"
	s.Result.Nodes[3].Scores["pagerank"] = 0.3
	s.Result.Nodes = append(s.Result.Nodes, analytics.NodeScore{ID: "VN", Name: "Viet Nam", NameZh: "越南", Kind: "Country",
		Scores: map[string]float64{"degree": 0, "weighted-degree": 0, "pagerank": 0.05}, Community: map[string]int64{"louvain": 2}})
	return s
}

func TestRankChangeSincePreviousExport(t *testing.T) {
	for _, formats := range [][]string{{JSON, CSV}, {CSV}} {
		t.Run(strings.Join(formats, "+"), func(t *testing.T) {
			dir := t.TempDir()
			if _, err := WriteAll(ctxT(t), dir, formats, fixture()); err != nil {
				t.Fatal(err)
			}
			prev := ReadPrevious(dir, "states")
			if prev == nil || !prev.ExportedAt.Equal(fixture().Time) || prev.DatasetVersion != "sha256:abc123" {
				t.Fatalf("previous export %+v", prev)
			}
			if _, err := WriteAll(ctxT(t), dir, formats, second()); err != nil {
				t.Fatal(err)
			}
			r := Rank(second(), prev)
			want := map[string]string{"CN": "1 (+0)", "US": "2 (+2)", "SG": "3 (-1)", "MY": "3 (-1)", "VN": "5", "LA": "6 (-1)"}
			if got := ranksOf(r, "pagerank"); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("pagerank %v, want %v", got, want)
			}
			// Betweenness: LA was unranked and still is; VN has no score.
			if got := ranksOf(r, "betweenness"); got["LA"] != "-" || got["VN"] != "-" || got["US"] != "4 (+0)" {
				t.Errorf("betweenness %v", got)
			}
			// What the CSV file on disk says about US.
			rows := readCSV(t, filepath.Join(dir, "states-rankings.csv"))
			us := row(t, rows, "US")
			if us["pagerank_rank"] != "2" || us["pagerank_rank_change"] != "2" || us["pagerank_score"] != "0.3" ||
				us["compared_with"] != "2025-03-01T02:30:00Z" || us["exported_at"] != "2025-04-01T02:30:00Z" || us["dataset_version"] != "sha256:def456" {
				t.Errorf("US row %v", us)
			}
			if vn := row(t, rows, "VN"); vn["pagerank_rank_change"] != "" || vn["betweenness_rank"] != "" || vn["community_leiden"] != "" {
				t.Errorf("VN row %v", vn)
			}
		})
	}
}

// An export of the CSV alone, after one that also wrote JSON, compares the
// next export with itself, not with the older JSON left in the folder.
func TestRankChangeComparesWithTheNewerFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteAll(ctxT(t), dir, []string{JSON, CSV}, fixture()); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteAll(ctxT(t), dir, []string{CSV}, second()); err != nil {
		t.Fatal(err)
	}
	if p := ReadPrevious(dir, "states"); p == nil || p.File != "states-rankings.csv" || !p.ExportedAt.Equal(second().Time) {
		t.Fatalf("previous %+v, want the CSV of the second export", p)
	}
	// A damaged file is left aside, the other one still counts.
	if err := os.WriteFile(filepath.Join(dir, "states-rankings.csv"), []byte("id,exported_at\nCN,yesterday\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p := ReadPrevious(dir, "states"); p == nil || p.File != "states-rankings.json" {
		t.Fatalf("previous %+v, want the JSON once the CSV is damaged", p)
	}
}

func TestFirstExportFiles(t *testing.T) {
	dir := t.TempDir()
	paths, err := WriteAll(ctxT(t), dir, []string{"json,csv", "gephi"}, fixture())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	if want := []string{"states-rankings.json", "states-rankings.csv", "states-nodes.csv", "states-edges.csv"}; !slices.Equal(names, want) {
		t.Fatalf("wrote %v, want %v", names, want)
	}
	assertOnly(t, dir, names...)

	b, err := os.ReadFile(filepath.Join(dir, "states-rankings.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["previous"] != nil || doc["exported_at"] != "2025-03-01T02:30:00Z" || doc["dataset_version"] != "sha256:abc123" ||
		doc["projection"] != "states" || doc["engine"] != "inprocess" || doc["as_of"] != nil || fmt.Sprint(doc["params"]) != "map[damping:0.85 resolution:1 seed:42]" {
		t.Errorf("metadata %v", doc)
	}
	cn := doc["nodes"].([]any)[0].(map[string]any)
	if fmt.Sprint(cn) != "map[community:map[leiden:1 louvain:0] id:CN kind:Country measures:map[betweenness:map[rank:1 rank_change:<nil> score:2.5] degree:map[rank:1 rank_change:<nil> score:3] pagerank:map[rank:1 rank_change:<nil> score:0.4] weighted_degree:map[rank:1 rank_change:<nil> score:6]] name:China name_zh:中国]" {
		t.Errorf("first node %v", cn)
	}

	raw, _ := os.ReadFile(filepath.Join(dir, "states-rankings.csv"))
	if !bytes.HasPrefix(raw, []byte(bom+"id,name,name_zh,kind,degree_score,degree_rank,degree_rank_change,weighted_degree_score,weighted_degree_rank,weighted_degree_rank_change,pagerank_score,")) {
		t.Errorf("CSV header %q", strings.SplitN(string(raw), "\n", 2)[0])
	}
	la := row(t, readCSV(t, filepath.Join(dir, "states-rankings.csv")), "LA")
	if la["name_zh"] != "老挝" || la["pagerank_rank"] != "5" || la["pagerank_rank_change"] != "" || la["betweenness_score"] != "" ||
		la["community_louvain"] != "2" || la["params"] != `{"damping":0.85,"resolution":1,"seed":42}` || la["compared_with"] != "" || la["as_of"] != "" {
		t.Errorf("LA row %v", la)
	}

	nodes := readCSV(t, filepath.Join(dir, "states-nodes.csv"))
	if got := strings.Join(nodes[0], ","); got != "Id,Label,name_zh,kind,degree,weighted_degree,pagerank,betweenness,community_louvain,community_leiden" {
		t.Errorf("Gephi nodes header %s", got)
	}
	if got := strings.Join(nodes[2], ","); got != "SG,Singapore,新加坡,Country,2,4,0.25,0.5,1,1" {
		t.Errorf("Gephi node SG %s", got)
	}
	edges := readCSV(t, filepath.Join(dir, "states-edges.csv"))
	want := [][]string{
		{"Source", "Target", "Weight", "Type", "relations", "since", "until"},
		{"CN", "SG", "3", "Undirected", "MEMBER_OF;PARTY_TO", "2014", "2020"},
		{"CN", "MY", "2", "Undirected", "MEMBER_OF", "2018", ""},
		{"SG", "MY", "1", "Undirected", "MOU_WITH", "", "2016"},
		{"CN", "US", "1", "Undirected", "DIALOGUE_WITH", "", ""},
	}
	if fmt.Sprint(edges) != fmt.Sprint(want) {
		t.Errorf("Gephi edges\n%v\nwant\n%v", edges, want)
	}
}

func TestParseFormats(t *testing.T) {
	cases := []struct {
		in   []string
		want string
	}{
		{[]string{"csv"}, "[csv]"},
		{[]string{"gexf, CSV,gexf", "json"}, "[gexf csv json]"},
		{[]string{"csv,graphml,gexf,gephi,json"}, "[csv graphml gexf gephi json]"},
		{[]string{"xlsx"}, `unknown export format "xlsx": use csv, json, graphml, gexf or gephi`},
		{[]string{"csv,,json"}, `unknown export format: an empty name in "csv,,json": use csv, json, graphml, gexf or gephi`},
		{nil, "unknown export format: no format given: use csv, json, graphml, gexf or gephi"},
	}
	for _, tc := range cases {
		got, err := ParseFormats(tc.in...)
		s := fmt.Sprint(got)
		if err != nil {
			s = err.Error()
			if !errors.Is(err, ErrUnknownFormat) {
				t.Errorf("%q: error %v does not wrap ErrUnknownFormat", tc.in, err)
			}
		}
		if s != tc.want {
			t.Errorf("%q: %s, want %s", tc.in, s, tc.want)
		}
	}
	if _, err := WriteAll(ctxT(t), t.TempDir(), []string{"csv", "pdf"}, fixture()); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("WriteAll with pdf: %v", err)
	}
}

// A writer that fails halfway, a cancelled export, and a result no format
// can carry: each leaves the folder exactly as it was.
func TestFailedExportLeavesNoFileBehind(t *testing.T) {
	dir := t.TempDir()
	boom := errors.New("disk on fire")
	_, err := WriteFiles(ctxT(t), dir, []File{
		{"a.csv", func(w io.Writer) error { _, err := w.Write([]byte("complete\n")); return err }},
		{"b.csv", func(w io.Writer) error { w.Write(bytes.Repeat([]byte("half "), 100000)); return boom }},
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "b.csv") {
		t.Fatalf("error %v", err)
	}
	assertOnly(t, dir)

	// A complete export, then three that fail: it stays byte for byte.
	if _, err := WriteAll(ctxT(t), dir, Formats, fixture()); err != nil {
		t.Fatal(err)
	}
	before := snapshotDir(t, dir)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := WriteAll(cancelled, dir, Formats, second()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled export: %v", err)
	}
	bad := second()
	bad.Result.Nodes[0].Scores["pagerank"] = math.NaN()
	if _, err := WriteAll(ctxT(t), dir, Formats, bad); err == nil || err.Error() != "export: node CN has pagerank score NaN: a measure must give a finite number" {
		t.Errorf("NaN score: %v", err)
	}
	dangling := second()
	dangling.Result.Edges = append(dangling.Result.Edges, analytics.Edge{Source: "CN", Target: "XX", Weight: 1})
	if _, err := WriteAll(ctxT(t), dir, Formats, dangling); err == nil || err.Error() != "export: edge CN–XX names node XX, which is not among the nodes" {
		t.Errorf("dangling edge: %v", err)
	}
	if after := snapshotDir(t, dir); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("a failed export changed the folder")
	}
}

func TestNamesThatNoFormatCarries(t *testing.T) {
	for _, name := range []string{"type", "Page Rank", "community_x", "label"} {
		s := fixture()
		s.Result.Nodes[0].Scores[name] = 1
		if _, err := WriteAll(ctxT(t), t.TempDir(), []string{CSV}, s); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("measure name %q", name)) {
			t.Errorf("measure %q: %v", name, err)
		}
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), bom))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// row is the CSV row of a node id, by column name.
func row(t *testing.T, rows [][]string, id string) map[string]string {
	t.Helper()
	for _, r := range rows[1:] {
		if r[0] == id {
			m := map[string]string{}
			for i, h := range rows[0] {
				m[h] = r[i]
			}
			return m
		}
	}
	t.Fatalf("no row for %s", id)
	return nil
}

// assertOnly fails unless dir holds exactly names (no temporary file).
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(names))
	if !slices.Equal(got, want) {
		t.Fatalf("folder holds %v, want %v", got, want)
	}
}

func snapshotDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}
