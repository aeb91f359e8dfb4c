// Package synth generates synthetic datasets in coopgraph's schema and file
// format, deterministically from a seed, with the degree skew of real
// cooperation networks: a few hubs, many small actors. Loader, report and
// analytics benchmarks run on them.
package synth

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"

	"github.com/coopgraph/coopgraph/graph"
)

// Config sizes a synthetic dataset.
type Config struct {
	Seed  int64
	Nodes int
	Ties  int
}

// SourceID is the one outside source every synthetic tie cites.
const SourceID = "synthetic"

// kindShare is the share of nodes of each kind (countries are capped at the
// 676 two-letter ids).
var kindShare = []struct {
	kind  graph.Kind
	share float64
}{
	{graph.Country, 0.02}, {graph.Organisation, 0.10}, {graph.Agency, 0.20}, {graph.Forum, 0.08},
	{graph.Agreement, 0.05}, {graph.Law, 0.05}, {graph.Strategy, 0.05}, {graph.Initiative, 0.20},
	{graph.Company, 0.24}, {graph.Bloc, 0.01},
}

// tieMix is the share of ties of each type and the kinds at their ends.
var tieMix = []struct {
	typ      graph.RelType
	share    float64
	from, to []graph.Kind
}{
	{graph.MemberOf, 0.22, []graph.Kind{graph.Country, graph.Organisation, graph.Agency, graph.Company}, []graph.Kind{graph.Organisation, graph.Bloc, graph.Forum}},
	{graph.ParticipatesIn, 0.22, []graph.Kind{graph.Country, graph.Organisation, graph.Agency, graph.Company}, []graph.Kind{graph.Forum, graph.Initiative}},
	{graph.CooperatesWith, 0.18, []graph.Kind{graph.Country, graph.Organisation, graph.Agency, graph.Company}, []graph.Kind{graph.Country, graph.Organisation, graph.Agency, graph.Company}},
	{graph.PartyTo, 0.10, []graph.Kind{graph.Country, graph.Organisation}, []graph.Kind{graph.Agreement}},
	{graph.Funds, 0.08, []graph.Kind{graph.Country, graph.Organisation, graph.Company}, []graph.Kind{graph.Initiative, graph.Organisation}},
	{graph.AgencyOf, 0.06, []graph.Kind{graph.Agency}, []graph.Kind{graph.Country}},
	{graph.Enacted, 0.05, []graph.Kind{graph.Country}, []graph.Kind{graph.Law}},
	{graph.Adopted, 0.05, []graph.Kind{graph.Country, graph.Organisation}, []graph.Kind{graph.Strategy}},
	{graph.Leads, 0.04, []graph.Kind{graph.Country, graph.Organisation}, []graph.Kind{graph.Bloc, graph.Initiative, graph.Forum}},
}

// Generate builds the dataset in memory.
func Generate(c Config) *graph.Dataset {
	r := rand.New(rand.NewSource(c.Seed))
	ds := &graph.Dataset{
		Version: fmt.Sprintf("synth-%d-%d-%d", c.Seed, c.Nodes, c.Ties),
		Sources: []graph.Source{{ID: SourceID, Kind: graph.OutsideSource, Title: "Synthetic benchmark data", Publisher: "coopgraph", URL: "https://example.org/synthetic", AsOf: "2026-01-01"}},
	}
	pools := map[graph.Kind][]string{}
	for _, ks := range kindShare {
		n := int(float64(c.Nodes) * ks.share)
		if ks.kind == graph.Country {
			n = min(max(n, 2), 26*26)
		}
		n = max(n, 2)
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("%s-%d", slug(ks.kind), i)
			if ks.kind == graph.Country {
				id = string(rune('A'+i/26)) + string(rune('A'+i%26))
			}
			pools[ks.kind] = append(pools[ks.kind], id)
			ds.Entities = append(ds.Entities, graph.Entity{
				ID: id, Kind: ks.kind, Name: fmt.Sprintf("Synthetic %s %d", ks.kind, i),
				NameZh: fmt.Sprintf("合成%s%d", ks.kind, i), Aliases: []string{id + "-alias"},
			})
		}
	}
	// Zipf draws make low indices hubs; each end kind gets its own sampler.
	zipf := map[graph.Kind]*rand.Zipf{}
	for k, p := range pools {
		zipf[k] = rand.NewZipf(r, 1.15, 4, uint64(len(p)-1))
	}
	pick := func(kinds []graph.Kind) string {
		k := kinds[r.Intn(len(kinds))]
		return pools[k][zipf[k].Uint64()]
	}
	seen := make(map[graph.TieKey]struct{}, c.Ties)
	for attempts := 0; len(ds.Ties) < c.Ties && attempts < c.Ties*20; attempts++ {
		x := r.Float64()
		mix := tieMix[len(tieMix)-1]
		for _, m := range tieMix {
			if x < m.share {
				mix = m
				break
			}
			x -= m.share
		}
		t := graph.Tie{Type: mix.typ, From: pick(mix.from), To: pick(mix.to)}
		if t.From == t.To {
			continue
		}
		k := t.Key()
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		if r.Intn(2) == 0 {
			t.Since = 1990 + r.Intn(36)
		}
		if t.Type == graph.PartyTo {
			t.Status = "party"
		}
		t.Evidence = []graph.Evidence{{Source: SourceID, SourceKind: graph.OutsideSource, Locator: "row " + strconv.Itoa(len(ds.Ties)+1)}}
		ds.Ties = append(ds.Ties, t)
	}
	// The validator refuses an entity no tie touches unless it says why.
	tied := make(map[string]bool, len(ds.Entities))
	for _, t := range ds.Ties {
		tied[t.From], tied[t.To] = true, true
	}
	for i := range ds.Entities {
		if !tied[ds.Entities[i].ID] {
			ds.Entities[i].Untied = "synthetic: drawn by no tie"
		}
	}
	return ds
}

func slug(k graph.Kind) string {
	b := []byte(string(k))
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// WriteFiles writes ds into dir in the dataset file format, perFile ties
// (and entities) a file, so that the validator reads it like the real one.
func WriteFiles(dir string, ds *graph.Dataset, perFile int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	q := strconv.Quote
	write := func(name string, body func(w *bufio.Writer)) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		body(w)
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	if err := write("sources.yaml", func(w *bufio.Writer) {
		fmt.Fprintln(w, "sources:")
		for _, s := range ds.Sources {
			fmt.Fprintf(w, "  - id: %s\n    kind: %s\n    title: %s\n    publisher: %s\n    url: %s\n    as_of: %s\n", s.ID, s.Kind, q(s.Title), q(s.Publisher), s.URL, s.AsOf)
		}
	}); err != nil {
		return err
	}
	// chunked writes n items, perFile a file, as name-NNNN.yaml under one list key.
	chunked := func(name, list string, n int, item func(w *bufio.Writer, i int)) error {
		for lo := 0; lo < n; lo += perFile {
			err := write(fmt.Sprintf("%s-%04d.yaml", name, lo/perFile), func(w *bufio.Writer) {
				fmt.Fprintln(w, list+":")
				for i := lo; i < min(lo+perFile, n); i++ {
					item(w, i)
				}
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := chunked("entities", "entities", len(ds.Entities), func(w *bufio.Writer, i int) {
		e := ds.Entities[i]
		fmt.Fprintf(w, "  - id: %s\n    kind: %s\n    name: %s\n    name_zh: %s\n    aliases: [%s]\n", q(e.ID), e.Kind, q(e.Name), q(e.NameZh), q(e.Aliases[0]))
		if e.Untied != "" {
			fmt.Fprintf(w, "    untied: %s\n", q(e.Untied))
		}
	}); err != nil {
		return err
	}
	return chunked("ties", "ties", len(ds.Ties), func(w *bufio.Writer, i int) {
		t := ds.Ties[i]
		fmt.Fprintf(w, "  - type: %s\n    from: %s\n    to: %s\n", t.Type, q(t.From), q(t.To))
		if t.Since != 0 {
			fmt.Fprintf(w, "    since: %d\n", t.Since)
		}
		if t.Status != "" {
			fmt.Fprintf(w, "    status: %s\n", t.Status)
		}
		fmt.Fprintf(w, "    evidence:\n      - source: %s\n        locator: %s\n", t.Evidence[0].Source, q(t.Evidence[0].Locator))
	})
}
