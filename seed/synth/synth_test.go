package synth

import (
	"reflect"
	"sort"
	"testing"

	"github.com/coopgraph/coopgraph/seed"
)

func TestGeneratedFilesValidateAndRoundTrip(t *testing.T) {
	ds := Generate(Config{Seed: 7, Nodes: 2000, Ties: 10000})
	if len(ds.Ties) != 10000 {
		t.Fatalf("generated %d ties, want 10000", len(ds.Ties))
	}
	dir := t.TempDir()
	if err := WriteFiles(dir, ds, 3000); err != nil {
		t.Fatal(err)
	}
	back, err := seed.LoadDir(dir, seed.Options{})
	if err != nil {
		t.Fatalf("the validator rejects synthetic files: %v", err)
	}
	if len(back.Entities) != len(ds.Entities) || len(back.Ties) != len(ds.Ties) {
		t.Fatalf("round trip: %d/%d entities, %d/%d ties", len(back.Entities), len(ds.Entities), len(back.Ties), len(ds.Ties))
	}
}

func TestDeterministicAndSkewed(t *testing.T) {
	a := Generate(Config{Seed: 3, Nodes: 5000, Ties: 30000})
	b := Generate(Config{Seed: 3, Nodes: 5000, Ties: 30000})
	if !reflect.DeepEqual(a.Ties[:100], b.Ties[:100]) || len(a.Ties) != len(b.Ties) {
		t.Fatal("the same seed gave different data")
	}
	deg := map[string]int{}
	for _, t := range a.Ties {
		deg[t.From]++
		deg[t.To]++
	}
	var ds []int
	for _, d := range deg {
		ds = append(ds, d)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ds)))
	// A few hubs: the top 1% of actors hold far more than 1% of tie ends.
	top, all := 0, 0
	for i, d := range ds {
		if i < len(ds)/100 {
			top += d
		}
		all += d
	}
	if share := float64(top) / float64(all); share < 0.15 {
		t.Fatalf("top 1%% of actors hold %.2f of tie ends; want a skewed graph (≥ 0.15)", share)
	}
}
