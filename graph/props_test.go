package graph

import (
	"reflect"
	"testing"
)

// Every owned property but the hash is derived from the dataset values, and
// the identities are not owned (the loader matches on them).
func TestPropertyDeclarations(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Properties {
		k := string(p.On) + "." + p.Name
		if seen[k] {
			t.Errorf("%s declared twice", k)
		}
		seen[k] = true
		if p.Meaning == "" || p.Type == "" {
			t.Errorf("%s has no meaning or type", k)
		}
		derived := p.derives()
		if want := p.Owned && p.Name != HashProp; derived != want {
			t.Errorf("%s: derived %v, want %v", k, derived, want)
		}
	}
	if IsProperty(OnEntity, IDProp) != true || IsProperty(OnEntity, "score_pagerank") != true || IsProperty(OnEntity, "score_") || IsProperty(OnTie, "name") {
		t.Error("IsProperty: id and score_pagerank are entity properties; score_ alone and a tie's name are not")
	}
}

func TestValues(t *testing.T) {
	e := Entity{ID: "SG", Kind: Country, Name: "Singapore", NameZh: "新加坡", Aliases: []string{"SGP"}, ExternalIDs: map[string]string{"iso3": "SGP"}}
	got := EntityValues(e)
	want := map[string]any{"kind": "Country", "name": "Singapore", "name_zh": "新加坡", "aliases": []string{"SGP"}, NamesProp: "Singapore | 新加坡 | SGP",
		"category": nil, "note": nil, "untied": nil, "iso3": "SGP", "wikidata": nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entity values:\n got %v\nwant %v", got, want)
	}
	tie := Tie{Type: MouWith, From: "SG", To: "AU", Year: 2017, Evidence: []Evidence{
		{Source: "doc", SourceKind: DocumentSource, Line: 5, Section: "s", Quote: "q"},
		{Source: "out", SourceKind: OutsideSource, Locator: "p. 2"}}}
	tv := TieValues(tie)
	if tv[KeyProp] != "MOU_WITH|AU|SG" || tv["year"] != int64(2017) || tv["since"] != nil || tv["documented"] != true ||
		!reflect.DeepEqual(tv["ev_line"], []int64{5, 0}) || !reflect.DeepEqual(tv["ev_locator"], []string{"", "p. 2"}) ||
		!reflect.DeepEqual(tv["sources"], []string{"doc", "out"}) {
		t.Errorf("tie values: %v", tv)
	}
	outside := Tie{Type: Funds, From: "CN", To: "x", Evidence: []Evidence{{Source: "out", SourceKind: OutsideSource}}}
	if ov := TieValues(outside); ov["ev_quote"] != nil || ov["ev_line"] != nil || ov["documented"] != false {
		t.Errorf("an outside-only tie stores no quote or line lists: %v", ov)
	}
}
