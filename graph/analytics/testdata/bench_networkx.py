"""networkx's side of the analytics benchmark (make bench-analytics).

Usage: bench_networkx.py EDGES NODES MEASURE [SOURCES]
EDGES is a TSV of source, target, weight (the projection the Go engines
read); NODES lists every node id, one a line (isolated ones too). MEASURE is
pagerank, betweenness or louvain. For betweenness, SOURCES (one node id a
line) is the sample the in-process engine drew; networkx's own estimator
(betweenness_centrality with k) is applied to exactly those sources, so the
two engines estimate from the same sample. Without SOURCES it is exact.

Prints JSON: seconds (the measure alone), load_seconds (building the graph),
peak_rss_mib (the whole process), top (the 20 highest-scoring ids), and for
Louvain the modularity and number of communities.
"""
import json
import resource
import sys
import time

import networkx as nx


def main():
    edges, nodes, measure = sys.argv[1:4]
    t0 = time.perf_counter()
    g = nx.Graph()
    with open(nodes, encoding="utf-8") as f:
        g.add_nodes_from(line.strip() for line in f if line.strip())
    with open(edges, encoding="utf-8") as f:
        for line in f:
            a, b, w = line.rstrip("\n").split("\t")
            g.add_edge(a, b, weight=float(w))
    load = time.perf_counter() - t0
    out = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "load_seconds": load}
    if measure == "pagerank":
        import scipy.sparse  # noqa: F401  (imported before the clock starts)
    t0 = time.perf_counter()
    if measure == "pagerank":
        scores = nx.pagerank(g, alpha=0.85, tol=1e-10, max_iter=1000, weight="weight")
    elif measure == "betweenness":
        if len(sys.argv) > 4:
            with open(sys.argv[4], encoding="utf-8") as f:
                sources = [line.strip() for line in f if line.strip()]
            scores = sampled_betweenness(g, sources)
        else:
            scores = nx.betweenness_centrality(g, normalized=True, weight=None)
    elif measure == "louvain":
        communities = nx.community.louvain_communities(g, weight="weight", resolution=1, seed=42)
        out["modularity"] = nx.community.modularity(g, communities, weight="weight")
        out["communities"] = len(communities)
        scores = None
    else:
        sys.exit("unknown measure " + measure)
    out["seconds"] = time.perf_counter() - t0
    if scores is not None:
        out["top"] = [v for v, _ in sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:20]]
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump(out, sys.stdout)


def sampled_betweenness(g, sources):
    """networkx's betweenness_centrality(g, k=len(sources)) on a given sample.

    networkx draws the sample itself from a seed; to use the in-process
    engine's sample this runs networkx's own accumulation and rescaling
    (private helpers of networkx 3.6) on it.
    """
    from networkx.algorithms.centrality.betweenness import (
        _accumulate_basic, _rescale, _single_source_shortest_path_basic)

    bc = dict.fromkeys(g, 0.0)
    for s in sources:
        S, P, sigma, _ = _single_source_shortest_path_basic(g, s)
        bc, _ = _accumulate_basic(bc, S, P, sigma, s)
    return _rescale(bc, len(g), normalized=True, directed=False, endpoints=False, sampled_nodes=sources)


if __name__ == "__main__":
    main()
