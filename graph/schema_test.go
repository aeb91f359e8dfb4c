package graph

import (
	"strings"
	"testing"
)

// The loader never owns a property that analytics write, so scores
// written back onto nodes survive every reload.
func TestLoaderOwnsNoAnalyticsProperty(t *testing.T) {
	for _, el := range []Element{OnEntity, OnTie, OnSource} {
		for _, p := range OwnedNames(el) {
			for _, prefix := range []string{ScorePrefix, CommPrefix} {
				if strings.HasPrefix(p, prefix) {
					t.Errorf("the loader owns %q, which has the analytics prefix %q", p, prefix)
				}
			}
		}
	}
}

func TestSchemaDeclaration(t *testing.T) {
	names := map[string]bool{}
	for _, s := range Schema {
		if names[s.Name] {
			t.Errorf("schema item %s declared twice", s.Name)
		}
		names[s.Name] = true
	}
	cases := map[string]string{
		"entity_id":    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE (n.id) IS UNIQUE",
		"entity_name":  "CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
		"entity_names": "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.name_zh, n.names_text] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
	}
	for _, s := range Schema {
		if want, ok := cases[s.Name]; ok && s.CreateStatement() != want {
			t.Errorf("%s:\n got %s\nwant %s", s.Name, s.CreateStatement(), want)
		}
	}
}

func TestRelationshipKinds(t *testing.T) {
	agencyOf, _ := LookupRel("AGENCY_OF")
	if !agencyOf.Allows(true, Agency) || agencyOf.Allows(true, Country) || !agencyOf.Allows(false, Country) {
		t.Error("AGENCY_OF must run from an Agency to a Country or Organisation")
	}
	partOf, _ := LookupRel("PART_OF")
	if !partOf.Allows(true, Tier) || !partOf.Allows(false, Law) {
		t.Error("PART_OF takes any kind at both ends")
	}
	partyTo, _ := LookupRel("PARTY_TO")
	if !partyTo.AllowsStatus("applicant") || partyTo.AllowsStatus("founding") || !partyTo.AllowsStatus("") {
		t.Error("PARTY_TO statuses")
	}
	for _, k := range []struct {
		kind Kind
		id   string
		ok   bool
	}{{Country, "SG", true}, {Country, "sg", false}, {Country, "SGP", false}, {Agency, "csa-sg", true}, {Agency, "CSA_SG", false}, {Forum, "a--b", false}} {
		if ok, _ := ValidID(k.kind, k.id); ok != k.ok {
			t.Errorf("ValidID(%s, %q) = %v", k.kind, k.id, ok)
		}
	}
}
