"""Expected scores for the fixture graphs, from networkx.

Prints JSON: {fixture: {measure: {node: value}, "modularity": Q of
louvain_communities(seed=42)}}. The Go tests compare both engines with it.
Conventions (those the engines report): PageRank weighted, damping 0.85,
sums to 1; betweenness and closeness on hops, normalised; closeness is
harmonic centrality / (n-1) when the graph is disconnected; eigenvector
unweighted, Euclidean norm 1; weighted degree sums the weights.
"""
import json
import sys

import networkx as nx


def read(path):
    g = nx.Graph()
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("nodes:"):
            g.add_nodes_from(line[len("nodes:"):].split())
            continue
        a, b, w = line.split()
        g.add_edge(a, b, weight=float(w))
    return g


def expected(g):
    n = g.number_of_nodes()
    out = {
        "degree": {v: float(d) for v, d in g.degree()},
        "weighted-degree": {v: float(d) for v, d in g.degree(weight="weight")},
        "pagerank": nx.pagerank(g, alpha=0.85, tol=1e-14, max_iter=10000, weight="weight"),
        "betweenness": nx.betweenness_centrality(g, normalized=True, weight=None),
        "eigenvector": nx.eigenvector_centrality(g, max_iter=100000, tol=1e-14, weight=None),
    }
    if nx.is_connected(g):
        out["closeness"] = nx.closeness_centrality(g)
    else:
        out["closeness"] = {v: h / (n - 1) for v, h in nx.harmonic_centrality(g).items()}
    communities = nx.community.louvain_communities(g, weight="weight", resolution=1, seed=42)
    out["modularity"] = nx.community.modularity(g, communities, weight="weight", resolution=1)
    return out


if __name__ == "__main__":
    result = {}
    for path in sys.argv[1:]:
        name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        result[name] = expected(read(path))
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
