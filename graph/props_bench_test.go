package graph

import "testing"

// BenchmarkTieValues: the loader derives one row a tie (a million in a large load).
func BenchmarkTieValues(b *testing.B) {
	tie := Tie{Type: MemberOf, From: "SG", To: "asean", Since: 1967, Status: "founding", Evidence: []Evidence{
		{Source: "doc", SourceKind: DocumentSource, Line: 5, Section: "s", Quote: "q"}, {Source: "out", SourceKind: OutsideSource, Locator: "p. 2"}}}
	b.ReportAllocs()
	for b.Loop() {
		TieValues(tie)
	}
}
