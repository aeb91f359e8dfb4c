"""Reads a GraphML and a GEXF file with networkx's strict readers and prints
what networkx sees as JSON, for export's tests to compare with the result
that was written: an independent consumer, not our own code."""
import json
import sys

import networkx as nx


def types(items):
    """The Python type of each attribute, as the reader typed it."""
    out = {}
    for d in items:
        for k, v in d.items():
            out.setdefault(k, set()).add(type(v).__name__)
    return {k: sorted(v) for k, v in out.items()}


def dump(g):
    return {
        "node_types": types(d for _, d in g.nodes(data=True)),
        "edge_types": types(d for _, _, d in g.edges(data=True)),
        "directed": g.is_directed(),
        "multigraph": g.is_multigraph(),
        "graph": {k: v for k, v in g.graph.items() if k not in ("node_default", "edge_default")},
        "nodes": {n: d for n, d in g.nodes(data=True)},
        "edges": [[u, v, d] for u, v, d in g.edges(data=True)],
    }


def main():
    graphml, gexf = sys.argv[1], sys.argv[2]
    out = {
        "networkx": nx.__version__,
        "graphml": dump(nx.read_graphml(graphml)),
        "gexf": dump(nx.read_gexf(gexf, version="1.3")),
    }
    json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)


main()
