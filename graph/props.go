package graph

import (
	"slices"
	"strings"
)

// Element is what carries a property: an entity node, a tie, a source node.
type Element string

// The elements that carry properties.
const (
	OnEntity Element = "entity"
	OnTie    Element = "tie"
	OnSource Element = "source"
)

// ValueType is a property's type in Neo4j.
type ValueType string

// The property types.
const (
	Text     ValueType = "string"
	Integer  ValueType = "integer"
	Boolean  ValueType = "boolean"
	TextList ValueType = "list of strings"
	IntList  ValueType = "list of integers"
	Float    ValueType = "float"
)

// Property declares one property: the only place its name, type, carriers
// and meaning are written. The loader's rows, content hash and SET lists,
// report checks and the dataset documentation all read these declarations.
type Property struct {
	Name    string
	On      Element
	Type    ValueType
	Carrier string // which kinds or types carry it, in words; "" for all
	// Owned: the loader sets it on every load and removes it when the
	// dataset no longer gives it. Identity (id, key) is matched on, not set;
	// analytics properties (Prefix) are never touched by the loader.
	Owned   bool
	Prefix  bool // Name is a prefix: score_pagerank, community_louvain, ...
	Meaning string
	entity  func(Entity) any
	tie     func(Tie) any
	source  func(Source) any
}

// Special property names the code refers to.
const (
	IDProp      = "id"           // identity of entities and sources
	KeyProp     = "key"          // identity of a tie (TieKey.String)
	HashProp    = "content_hash" // the loader's digest of what it wrote; marks what the loader owns
	NamesProp   = "names_text"   // name, Chinese name and aliases joined, for the full-text index
	ScorePrefix = "score_"       // centrality scores written by analytics
	CommPrefix  = "community_"   // community ids written by analytics
)

// Properties declares every property, entity properties first, then ties,
// then sources, each in the order documentation shows them.
var Properties = []Property{
	{Name: IDProp, On: OnEntity, Type: Text, Meaning: "stable id: ISO 3166-1 alpha-2 for states, a lowercase slug otherwise"},
	{Name: "kind", On: OnEntity, Type: Text, Owned: true, Meaning: "the node kind, also its second label", entity: func(e Entity) any { return string(e.Kind) }},
	{Name: "name", On: OnEntity, Type: Text, Owned: true, Meaning: "English name", entity: func(e Entity) any { return e.Name }},
	{Name: "name_zh", On: OnEntity, Type: Text, Owned: true, Meaning: "Chinese name as the documents write it", entity: func(e Entity) any { return text(e.NameZh) }},
	{Name: "aliases", On: OnEntity, Type: TextList, Owned: true, Meaning: "abbreviations and other spellings, both scripts", entity: func(e Entity) any { return texts(e.Aliases) }},
	{Name: NamesProp, On: OnEntity, Type: Text, Owned: true, Meaning: "name, Chinese name and aliases joined by ` | `, for the full-text index", entity: func(e Entity) any { return strings.Join(e.Names(), " | ") }},
	{Name: "category", On: OnEntity, Type: Text, Owned: true, Meaning: "free text refining the kind (CERT, university, exercise, ...)", entity: func(e Entity) any { return text(e.Category) }},
	{Name: "note", On: OnEntity, Type: Text, Owned: true, Meaning: "a few words of the curator's", entity: func(e Entity) any { return text(e.Note) }},
	{Name: "untied", On: OnEntity, Type: Text, Owned: true, Meaning: "why no tie touches the entity, when none does on purpose", entity: func(e Entity) any { return text(e.Untied) }},
	{Name: "iso3", On: OnEntity, Type: Text, Carrier: "Country", Owned: true, Meaning: "ISO 3166-1 alpha-3 code, when checked", entity: func(e Entity) any { return text(e.ExternalIDs["iso3"]) }},
	{Name: "wikidata", On: OnEntity, Type: Text, Owned: true, Meaning: "Wikidata item id (Q...), when checked", entity: func(e Entity) any { return text(e.ExternalIDs["wikidata"]) }},
	{Name: HashProp, On: OnEntity, Type: Text, Owned: true, Meaning: "digest of the properties above; marks a node the loader owns"},
	{Name: ScorePrefix, On: OnEntity, Type: Float, Prefix: true, Meaning: "a centrality score written back by analytics (score_pagerank, ...); a reload keeps it"},
	{Name: CommPrefix, On: OnEntity, Type: Integer, Prefix: true, Meaning: "a community id written back by analytics (community_louvain, ...); a reload keeps it"},

	{Name: KeyProp, On: OnTie, Type: Text, Owned: true, Meaning: "the tie's identity: TYPE|from|to, ends in order for undirected types, |proposal for proposals", tie: func(t Tie) any { return t.Key().String() }},
	{Name: "since", On: OnTie, Type: Integer, Owned: true, Meaning: "year the spell began (PARTY_TO: ratified, acceded or in force)", tie: func(t Tie) any { return year(t.Since) }},
	{Name: "until", On: OnTie, Type: Integer, Owned: true, Meaning: "year the spell ended (PARTY_TO: withdrawal)", tie: func(t Tie) any { return year(t.Until) }},
	{Name: "year", On: OnTie, Type: Integer, Owned: true, Meaning: "year of a one-off event", tie: func(t Tie) any { return year(t.Year) }},
	{Name: "signed", On: OnTie, Type: Integer, Carrier: "PARTY_TO", Owned: true, Meaning: "year of signature", tie: func(t Tie) any { return year(t.Signed) }},
	{Name: "status", On: OnTie, Type: Text, Carrier: "MEMBER_OF, PARTY_TO, SUCCEEDS, STANCE_ON, IMPLEMENTS", Owned: true, Meaning: "membership, treaty, succession or position status (see the types' status values)", tie: func(t Tie) any { return text(t.Status) }},
	{Name: "role", On: OnTie, Type: Text, Owned: true, Meaning: "free text: chair, co-sponsor, organiser, ...", tie: func(t Tie) any { return text(t.Role) }},
	{Name: "domain", On: OnTie, Type: Text, Owned: true, Meaning: "free text: cybersecurity, digital-economy, cybercrime, ...", tie: func(t Tie) any { return text(t.Domain) }},
	{Name: "proposal", On: OnTie, Type: Boolean, Owned: true, Meaning: "true for what a document proposes or recommends rather than states as done", tie: func(t Tie) any { return t.Proposal }},
	{Name: "venue", On: OnTie, Type: Text, Owned: true, Meaning: "id of the Forum or Place where a position was stated or a proposal made", tie: func(t Tie) any { return text(t.Venue) }},
	{Name: "on_behalf", On: OnTie, Type: Text, Carrier: "ties from a Person", Owned: true, Meaning: "id of the state or body the person spoke for; the dataset holds the same tie from it", tie: func(t Tie) any { return text(t.OnBehalf) }},
	{Name: "note", On: OnTie, Type: Text, Owned: true, Meaning: "a few words of the curator's", tie: func(t Tie) any { return text(t.Note) }},
	{Name: "ev_source", On: OnTie, Type: TextList, Owned: true, Meaning: "evidence i: the cited source's id", tie: func(t Tie) any { return evidence(t, func(e Evidence) string { return e.Source }, false) }},
	{Name: "ev_kind", On: OnTie, Type: TextList, Owned: true, Meaning: "evidence i: document or outside", tie: func(t Tie) any { return evidence(t, func(e Evidence) string { return e.SourceKind }, false) }},
	{Name: "ev_line", On: OnTie, Type: IntList, Owned: true, Meaning: "evidence i: 1-based line in the document (absent when no evidence has one)", tie: evidenceLines},
	{Name: "ev_section", On: OnTie, Type: TextList, Owned: true, Meaning: "evidence i: the heading the line sits under", tie: func(t Tie) any { return evidence(t, func(e Evidence) string { return e.Section }, true) }},
	{Name: "ev_quote", On: OnTie, Type: TextList, Owned: true, Meaning: "evidence i: the short verbatim quote", tie: func(t Tie) any { return evidence(t, func(e Evidence) string { return e.Quote }, true) }},
	{Name: "ev_locator", On: OnTie, Type: TextList, Owned: true, Meaning: "evidence i: where in an outside source", tie: func(t Tie) any { return evidence(t, func(e Evidence) string { return e.Locator }, true) }},
	{Name: "sources", On: OnTie, Type: TextList, Owned: true, Meaning: "the distinct cited source ids", tie: func(t Tie) any { return citedSources(t) }},
	{Name: "documented", On: OnTie, Type: Boolean, Owned: true, Meaning: "true when some evidence is a source document", tie: func(t Tie) any { return t.Documented() }},
	{Name: HashProp, On: OnTie, Type: Text, Owned: true, Meaning: "digest of the properties above; marks a tie the loader owns"},

	{Name: IDProp, On: OnSource, Type: Text, Meaning: "the document's file name without .txt, or an outside source's slug"},
	{Name: "kind", On: OnSource, Type: Text, Owned: true, Meaning: "document or outside", source: func(s Source) any { return s.Kind }},
	{Name: "title", On: OnSource, Type: Text, Owned: true, Meaning: "title as published", source: func(s Source) any { return s.Title }},
	{Name: "title_en", On: OnSource, Type: Text, Owned: true, Meaning: "English title", source: func(s Source) any { return text(s.TitleEn) }},
	{Name: "authors", On: OnSource, Type: TextList, Owned: true, Meaning: "authors", source: func(s Source) any { return texts(s.Authors) }},
	{Name: "language", On: OnSource, Type: Text, Owned: true, Meaning: "BCP 47 language tag", source: func(s Source) any { return text(s.Language) }},
	{Name: "year", On: OnSource, Type: Integer, Owned: true, Meaning: "year of publication", source: func(s Source) any { return year(s.Year) }},
	{Name: "publisher", On: OnSource, Type: Text, Owned: true, Meaning: "publisher (outside sources)", source: func(s Source) any { return text(s.Publisher) }},
	{Name: "url", On: OnSource, Type: Text, Owned: true, Meaning: "address (outside sources)", source: func(s Source) any { return text(s.URL) }},
	{Name: "as_of", On: OnSource, Type: Text, Owned: true, Meaning: "date the fact was checked against the page (YYYY-MM-DD)", source: func(s Source) any { return text(s.AsOf) }},
	{Name: "note", On: OnSource, Type: Text, Owned: true, Meaning: "a few words of the curator's", source: func(s Source) any { return text(s.Note) }},
	{Name: HashProp, On: OnSource, Type: Text, Owned: true, Meaning: "digest of the properties above; marks a source the loader owns"},
}

// ExternalIDs are the external identifiers an entity may carry, each stored
// as the property of the same name.
var ExternalIDs = []string{"iso3", "wikidata"}

// PropertiesOn returns the declarations for one element, in declared order.
func PropertiesOn(el Element) []Property {
	var out []Property
	for _, p := range Properties {
		if p.On == el {
			out = append(out, p)
		}
	}
	return out
}

// OwnedNames lists the names of the properties the loader owns on el.
func OwnedNames(el Element) []string {
	var out []string
	for _, p := range PropertiesOn(el) {
		if p.Owned {
			out = append(out, p.Name)
		}
	}
	return out
}

// IsProperty reports whether name is a declared property of el (a prefix
// declaration covers every name it starts).
func IsProperty(el Element, name string) bool {
	return slices.ContainsFunc(PropertiesOn(el), func(p Property) bool {
		if p.Prefix {
			return strings.HasPrefix(name, p.Name) && len(name) > len(p.Name)
		}
		return p.Name == name
	})
}

// derives reports whether the property is derived from a dataset value
// (identity, the hash and analytics properties are not).
func (p Property) derives() bool { return p.entity != nil || p.tie != nil || p.source != nil }

// The derived properties of each element, found once: the loader builds a
// row per entity and tie, a million of them in a large load.
var (
	entityDerived = derivedOn(OnEntity)
	tieDerived    = derivedOn(OnTie)
	sourceDerived = derivedOn(OnSource)
)

func derivedOn(el Element) []Property {
	var out []Property
	for _, p := range PropertiesOn(el) {
		if p.derives() {
			out = append(out, p)
		}
	}
	return out
}

// EntityValues are an entity's owned property values, keyed by name; absent
// values are nil, so that writing them removes what the dataset no longer
// gives. The content hash is left to the loader.
func EntityValues(e Entity) map[string]any {
	out := make(map[string]any, len(entityDerived)+2)
	for _, p := range entityDerived {
		out[p.Name] = p.entity(e)
	}
	return out
}

// TieValues are a tie's owned property values (nil where absent).
func TieValues(t Tie) map[string]any {
	out := make(map[string]any, len(tieDerived)+3)
	for _, p := range tieDerived {
		out[p.Name] = p.tie(t)
	}
	return out
}

// SourceValues are a source's owned property values (nil where absent).
func SourceValues(s Source) map[string]any {
	out := make(map[string]any, len(sourceDerived)+2)
	for _, p := range sourceDerived {
		out[p.Name] = p.source(s)
	}
	return out
}

func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func texts(l []string) any {
	if len(l) == 0 {
		return nil
	}
	return slices.Clone(l)
}

func year(n int) any {
	if n == 0 {
		return nil
	}
	return int64(n)
}

// evidence is one parallel evidence list. With sparse, the list is kept
// only if some element is set: an outside source has no line, section or
// quote, and a property the tie does not need costs the server a write.
// Reading r.ev_quote[i] of a missing list gives null, as an empty element would.
func evidence(t Tie, f func(Evidence) string, sparse bool) any {
	out := make([]string, len(t.Evidence))
	set := false
	for i, e := range t.Evidence {
		out[i] = f(e)
		set = set || out[i] != ""
	}
	if sparse && !set {
		return nil
	}
	return out
}

func evidenceLines(t Tie) any {
	out := make([]int64, len(t.Evidence))
	set := false
	for i, e := range t.Evidence {
		out[i] = int64(e.Line)
		set = set || e.Line != 0
	}
	if !set {
		return nil
	}
	return out
}

func citedSources(t Tie) []string {
	var out []string
	for _, e := range t.Evidence {
		if !slices.Contains(out, e.Source) {
			out = append(out, e.Source)
		}
	}
	return out
}
