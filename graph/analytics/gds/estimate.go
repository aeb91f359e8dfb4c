package gds

import (
	"fmt"

	"github.com/coopgraph/coopgraph/graph/analytics"
	aq "github.com/coopgraph/coopgraph/queries/analytics"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Estimate is GDS's memory estimate for one measure.
type Estimate struct {
	Measure  string
	BytesMax int64
	Readable string
}

// estimate asks GDS how much heap each measure needs on a graph of the
// projection's size (the graph itself included) and refuses to project
// when the largest does not fit the server's free heap: a projection that
// does not fit makes the managed server exit (it runs with
// ExitOnOutOfMemoryError).
func estimate(run func(string, map[string]any) (*neo4j.EagerResult, error), p aq.Projection, n int, o analytics.Options, samples int, limit int64) error {
	rels, err := relationshipBound(run, p, n)
	if err != nil {
		return err
	}
	ests, err := Estimates(run, n, rels, o, samples)
	if err != nil {
		return err
	}
	// availableHeap is what the heap can still grow to hold: the maximum
	// less what is in use.
	mon, err := run("CALL gds.debug.sysInfo() YIELD key, value WHERE key = 'availableHeapInBytes' RETURN value", nil)
	if err != nil {
		return fmt.Errorf("reading the server's free heap: %w", err)
	}
	if len(mon.Records) == 0 {
		return fmt.Errorf("reading the server's free heap: gds.debug.sysInfo() gives no availableHeapInBytes")
	}
	available, ok := mon.Records[0].Values[0].(int64)
	if !ok {
		return fmt.Errorf("reading the server's free heap: availableHeapInBytes is %T", mon.Records[0].Values[0])
	}
	if limit > 0 {
		available = min(available, limit)
	}
	for _, e := range ests {
		if e.BytesMax > available {
			return fmt.Errorf("GDS estimates %s for %s on the %s graph (%d nodes, up to %d relationships), but the server has only %s of heap free: give it more heap (COOPGRAPH_HEAP, e.g. 4g) or use --engine inprocess",
				e.Readable, e.Measure, p.Name, n, rels, bytes(available))
		}
	}
	return nil
}

// relationshipBound is an upper bound on the projected relationships
// (both directions of each undirected edge): every pair of states for the
// state graph, every stored relationship for the whole graph.
func relationshipBound(run func(string, map[string]any) (*neo4j.EagerResult, error), p aq.Projection, n int) (int64, error) {
	if p.Name == "states" {
		return int64(n) * int64(n-1), nil
	}
	res, err := run("MATCH ()-[r]->() RETURN count(r)", nil)
	if err != nil {
		return 0, fmt.Errorf("counting relationships: %w", err)
	}
	return 2 * res.Records[0].Values[0].(int64), nil
}

// Estimates runs each measure's .estimate on a fictitious graph of n nodes
// and rels relationships with a weight property.
func Estimates(run func(string, map[string]any) (*neo4j.EagerResult, error), n int, rels int64, o analytics.Options, samples int) ([]Estimate, error) {
	var out []Estimate
	graph := map[string]any{
		"nodeProjection":         "*",
		"relationshipProjection": map[string]any{"R": map[string]any{"type": "*", "orientation": "UNDIRECTED", "properties": "weight"}},
		"nodeCount":              int64(n),
		"relationshipCount":      rels,
	}
	for _, m := range o.Measures {
		proc, cfg := algorithm(m, o, samples)
		if m == analytics.Closeness {
			// GDS has no closeness estimate; betweenness runs the same
			// breadth-first searches with more state per node, so it bounds it.
			proc, cfg = "gds.betweenness", map[string]any{}
		}
		res, err := run(fmt.Sprintf("CALL %s.stream.estimate($graph, $config) YIELD bytesMax, requiredMemory RETURN bytesMax, requiredMemory", proc),
			map[string]any{"graph": graph, "config": cfg})
		if err != nil {
			return nil, fmt.Errorf("estimating %s: %w", proc, err)
		}
		out = append(out, Estimate{Measure: m, BytesMax: res.Records[0].Values[0].(int64), Readable: fmt.Sprint(res.Records[0].Values[1])})
	}
	return out, nil
}

func bytes(b int64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%d B", b)
	}
	div, exp := int64(unit), 0
	for n := b / unit; n >= unit; n /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(b)/float64(div), "KMGTPE"[exp])
}
