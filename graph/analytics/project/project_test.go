package project_test

import (
	"context"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/coopgraph/coopgraph/graph/analytics/project"
	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
	aq "github.com/coopgraph/coopgraph/queries/analytics"
	"github.com/coopgraph/coopgraph/seed"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func ctxT(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func exec(t *testing.T, db *connect.DB, q string, params map[string]any) []*neo4j.Record {
	t.Helper()
	res, err := neo4j.ExecuteQuery(ctxT(t, time.Minute), db.Driver, q, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db.Target.Database))
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res.Records
}

func dataset(t *testing.T) *graph.Dataset {
	t.Helper()
	ds, err := seed.Load(seed.DataFS(), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func seeded(t *testing.T) (*connect.DB, *store.Store, *graph.Dataset) {
	t.Helper()
	testneo4j.Exclusive(t)
	db := testneo4j.Open(t)
	exec(t, db, "MATCH (n) DETACH DELETE n", nil)
	st := store.New(db.Driver, db.Target.Database)
	ds := dataset(t)
	if _, err := st.Load(ctxT(t, 10*time.Minute), ds, store.Options{}); err != nil {
		t.Fatal(err)
	}
	return db, st, ds
}

func read(t *testing.T, db *connect.DB, graph string, asOf *int) *analytics.Graph {
	t.Helper()
	g, err := project.Read(ctxT(t, time.Minute), db.Driver, db.Target.Database, graph, asOf)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func edge(g *analytics.Graph, a, b string) (analytics.Edge, bool) {
	for _, e := range g.Edges {
		if e.Source == min(a, b) && e.Target == max(a, b) {
			return e, true
		}
	}
	return analytics.Edge{}, false
}

func year(y int) *int { return &y }

func TestProjectionsOnSeededGraph(t *testing.T) {
	db, _, _ := seeded(t)
	states := read(t, db, "states", nil)
	countries := exec(t, db, "MATCH (n:Country) RETURN count(n)", nil)[0].Values[0].(int64)
	if int64(len(states.Nodes)) != countries {
		t.Fatalf("%d state nodes, %d countries", len(states.Nodes), countries)
	}
	// Australia and Canada share APEC, CPTPP, the Budapest Convention, Five
	// Eyes and the UKUSA Agreement; both are in from 1956 (Australia's year)
	// at the earliest.
	e, ok := edge(states, "AU", "CA")
	if !ok || e.Weight != 5 || *e.Since != 1956 || e.Until != nil || !slices.Equal(e.Types, []string{"SHARED_MECHANISM"}) {
		t.Errorf("AU–CA %+v", e)
	}
	if e, ok := edge(read(t, db, "states", year(2010)), "AU", "CA"); !ok || e.Weight != 3 {
		t.Errorf("AU–CA in 2010: %+v (want APEC, Five Eyes and UKUSA)", e)
	}
	if e, ok := edge(read(t, db, "states", year(1960)), "AU", "CA"); !ok || e.Weight != 2 {
		t.Errorf("AU–CA in 1960: %+v (want Five Eyes and UKUSA, APEC came in 1989)", e)
	}
	if e, ok := edge(read(t, db, "states", year(1950)), "AU", "CA"); ok {
		t.Errorf("AU–CA in 1950: %+v, want none (Australia joined in 1956)", e)
	}
	// Mechanisms are shared through memberships only: China only applied
	// to DEPA and CPTPP, Cambodia is a dialogue partner of the SCO.
	rows := exec(t, db, aq.MustGet("states").Cypher, map[string]any{"as_of": nil})
	for _, r := range rows {
		m := r.AsMap()
		mechs, _ := m["mechanisms"].([]any)
		for _, x := range mechs {
			if (m["source"] == "CN" || m["target"] == "CN") && (x == "depa" || x == "cptpp") {
				t.Errorf("%v–%v share %v through China's application", m["source"], m["target"], x)
			}
			if (m["source"] == "KH" || m["target"] == "KH") && x == "sco" {
				t.Errorf("%v–%v share the SCO through a dialogue partner", m["source"], m["target"])
			}
		}
		if m["weight"].(float64) != float64(m["direct"].(int64)+m["shared"].(int64)) || int64(len(mechs)) != m["shared"].(int64) {
			t.Errorf("row %v: weight is not direct + shared", m)
		}
	}
	// The proposed capacity building China–Cambodia is not a tie.
	if e, ok := edge(states, "CN", "KH"); ok && slices.Contains(e.Types, "BUILDS_CAPACITY") {
		t.Errorf("CN–KH counts a proposal: %+v", e)
	}

	all := read(t, db, "all", nil)
	want := exec(t, db, `MATCH (a:Entity)-[r]->(b:Entity) WHERE a <> b AND NOT r.proposal
WITH count(r) AS ties, count(DISTINCT CASE WHEN a.id < b.id THEN [a.id, b.id] ELSE [b.id, a.id] END) AS pairs
MATCH (n:Entity) RETURN ties, pairs, count(n)`, nil)[0].Values
	var weight float64
	for _, e := range all.Edges {
		weight += e.Weight
	}
	if int64(weight) != want[0] || int64(len(all.Edges)) != want[1] || int64(len(all.Nodes)) != want[2] {
		t.Errorf("whole graph: %v ties in %d edges over %d nodes, want %v", weight, len(all.Edges), len(all.Nodes), want)
	}
}

func TestProjectionColumnsMatchHeaders(t *testing.T) {
	db := testneo4j.Open(t)
	for _, name := range aq.Names {
		p := aq.MustGet(name)
		res, err := neo4j.ExecuteQuery(ctxT(t, time.Minute), db.Driver, p.Cypher+"\nLIMIT 1", map[string]any{"as_of": int64(2020)},
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(db.Target.Database))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Keys, p.Columns) {
			t.Errorf("%s returns %v, its header says %v", p.Report, res.Keys, p.Columns)
		}
		for _, n := range res.Summary.Notifications() {
			t.Errorf("%s: %s: %s", p.Report, n.Title(), n.Description())
		}
	}
}

// Scores and communities written back survive a reload, including one
// that rewrites the scored nodes.
func TestWriteBackSurvivesReload(t *testing.T) {
	db, st, ds := seeded(t)
	ctx := ctxT(t, 10*time.Minute)
	g := read(t, db, "states", nil)
	res, err := analytics.Compute(ctx, g, analytics.Options{Measures: []string{analytics.PageRank, analytics.WeightedDegree, analytics.Louvain}})
	if err != nil {
		t.Fatal(err)
	}
	n, err := project.WriteBack(ctx, db.Driver, db.Target.Database, res)
	if err != nil || n != len(g.Nodes) {
		t.Fatalf("wrote %d of %d: %v", n, len(g.Nodes), err)
	}
	stored := func() map[string][3]any {
		out := map[string][3]any{}
		for _, r := range exec(t, db, "MATCH (n:Entity) WHERE n.score_pagerank IS NOT NULL OR n.community_louvain IS NOT NULL RETURN n.id, n.score_pagerank, n.score_weighted_degree, n.community_louvain", nil) {
			out[r.Values[0].(string)] = [3]any{r.Values[1], r.Values[2], r.Values[3]}
		}
		return out
	}
	before := stored()
	sg := before["SG"]
	if len(before) != len(g.Nodes) || sg[0] == nil || sg[2] == nil {
		t.Fatalf("stored %d nodes, SG %v", len(before), sg)
	}
	for _, nd := range res.Nodes {
		if nd.ID == "SG" && (sg[0] != nd.Scores[analytics.PageRank] || sg[2] != nd.Community[analytics.Louvain]) {
			t.Errorf("SG stored %v, computed %v %v", sg, nd.Scores, nd.Community)
		}
	}
	meta := exec(t, db, "MATCH (m:CoopgraphMeta) RETURN m.score_projection, m.score_engine, m.score_measures", nil)[0].Values
	if meta[0] != "states" || meta[1] != "inprocess" {
		t.Errorf("meta %v", meta)
	}

	// A reload of the same files, then one that changes Singapore's name.
	if _, err := st.Load(ctx, ds, store.Options{}); err != nil {
		t.Fatal(err)
	}
	changed := *ds
	changed.Entities = slices.Clone(ds.Entities)
	for i, e := range changed.Entities {
		if e.ID == "SG" {
			changed.Entities[i].Name = "Singapore (renamed)"
		}
	}
	changed.Version = ds.Version + "-renamed"
	sum, err := st.Load(ctx, &changed, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Kinds["Country"].Updated != 1 {
		t.Fatalf("the reload updated %+v countries, want SG", sum.Kinds["Country"])
	}
	after := stored()
	var lost []string
	for id, v := range before {
		if after[id] != v {
			lost = append(lost, id)
		}
	}
	sort.Strings(lost)
	if len(lost) > 0 || len(after) != len(before) {
		t.Errorf("after reloads, changed or lost: %v (%d before, %d after)", lost, len(before), len(after))
	}
	if exec(t, db, "MATCH (m:CoopgraphMeta) RETURN m.score_engine", nil)[0].Values[0] != "inprocess" {
		t.Error("the reload removed the meta node's score record")
	}

	// A write-back of another projection takes the old scores off the
	// nodes it leaves out.
	all := read(t, db, "all", nil)
	res2, err := analytics.Compute(ctx, all, analytics.Options{Measures: []string{analytics.PageRank}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := project.WriteBack(ctx, db.Driver, db.Target.Database, res2); err != nil {
		t.Fatal(err)
	}
	if n := exec(t, db, "MATCH (n:Entity) WHERE n.score_pagerank IS NOT NULL RETURN count(n)", nil)[0].Values[0]; n != int64(len(all.Nodes)) {
		t.Errorf("%v nodes scored, want %d", n, len(all.Nodes))
	}
	if n := exec(t, db, "MATCH (n:Entity) WHERE n.community_louvain IS NOT NULL RETURN count(n)", nil)[0].Values[0]; n != int64(len(g.Nodes)) {
		t.Errorf("a write-back without louvain touched community_louvain: %v nodes", n)
	}
}
