// Package analytics computes centrality and communities on a projection of
// the cooperation graph held in memory, with gonum; it never talks to the
// database. Package gds computes the same measures on the server, and
// package project reads a projection from Neo4j into a Graph. Both engines
// report every measure on one scale (networkx's conventions), so that their
// numbers can be compared and exported side by side.
package analytics
