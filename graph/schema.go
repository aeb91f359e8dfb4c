package graph

import (
	"fmt"
	"slices"
	"strings"
)

// Labels besides the kinds.
const (
	SourceLabel = "Source"        // a source document or outside source
	MetaLabel   = "CoopgraphMeta" // one node: the loaded dataset's version and load time
	MetaID      = "dataset"       // its id
	FullText    = "entity_names"  // the full-text index over names and aliases
	HashProp    = "content_hash"  // the loader's digest of what it wrote; marks what the loader owns
	NamesProp   = "names_text"    // name, Chinese name and aliases joined, for the full-text index
	ScorePrefix = "score_"        // properties written by analytics; the loader never owns them
)

// NodeProps are the node properties the loader owns: it sets them on every
// load and removes them when the dataset no longer gives them.
var NodeProps = []string{"kind", "name", "name_zh", "aliases", NamesProp, "category", "note", "iso3", "wikidata", HashProp}

// ExternalIDs are the external identifiers an entity may carry.
var ExternalIDs = []string{"iso3", "wikidata"}

// TieProps are the relationship properties the loader owns. Evidence is
// stored as parallel lists (Neo4j properties cannot hold maps): the i-th
// element of each ev_ list describes the i-th piece of evidence.
var TieProps = []string{"key", "since", "until", "year", "signed", "status", "role", "domain", "proposal", "note",
	"ev_source", "ev_kind", "ev_line", "ev_section", "ev_quote", "ev_locator", "sources", "documented", HashProp}

// SourceProps are the Source node properties the loader owns.
var SourceProps = []string{"kind", "title", "title_en", "authors", "language", "year", "publisher", "url", "as_of", "note", HashProp}

// SchemaItem is a constraint or index the graph needs.
type SchemaItem struct {
	Name       string
	Constraint bool     // a uniqueness constraint (which brings its own index)
	Type       string   // index type: RANGE or FULLTEXT (constraints: UNIQUENESS)
	Label      string   // node label
	Props      []string // properties
	Analyzer   string   // full-text analyzer
}

// Schema is every constraint and index, declared once.
var Schema = []SchemaItem{
	{Name: "entity_id", Constraint: true, Type: "UNIQUENESS", Label: EntityLabel, Props: []string{"id"}},
	{Name: "source_id", Constraint: true, Type: "UNIQUENESS", Label: SourceLabel, Props: []string{"id"}},
	{Name: "meta_id", Constraint: true, Type: "UNIQUENESS", Label: MetaLabel, Props: []string{"id"}},
	{Name: "entity_kind", Type: "RANGE", Label: EntityLabel, Props: []string{"kind"}},
	{Name: "entity_name", Type: "RANGE", Label: EntityLabel, Props: []string{"name"}},
	{Name: "entity_name_zh", Type: "RANGE", Label: EntityLabel, Props: []string{"name_zh"}},
	// The CJK analyzer indexes Chinese as overlapping bigrams and Latin
	// script as words, so 东盟, 東盟 and ASEAN each find their node. Name and
	// Chinese name are fields of their own, so that an exact name scores
	// above a long list of aliases that merely contains it.
	{Name: FullText, Type: "FULLTEXT", Label: EntityLabel, Props: []string{"name", "name_zh", NamesProp}, Analyzer: "cjk"},
}

// CreateStatement is the Cypher that creates the item if it is missing.
func (s SchemaItem) CreateStatement() string {
	props := make([]string, len(s.Props))
	for i, p := range s.Props {
		props[i] = "n." + p
	}
	on := strings.Join(props, ", ")
	switch {
	case s.Constraint:
		return fmt.Sprintf("CREATE CONSTRAINT %s IF NOT EXISTS FOR (n:%s) REQUIRE (%s) IS UNIQUE", s.Name, s.Label, on)
	case s.Type == "FULLTEXT":
		stmt := fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [%s]", s.Name, s.Label, on)
		if s.Analyzer != "" {
			stmt += fmt.Sprintf(" OPTIONS {indexConfig: {`fulltext.analyzer`: '%s'}}", s.Analyzer)
		}
		return stmt
	default:
		return fmt.Sprintf("CREATE INDEX %s IF NOT EXISTS FOR (n:%s) ON (%s)", s.Name, s.Label, on)
	}
}

// KindLabels lists every kind as a label, for statements that must clear
// an entity's previous kind.
func KindLabels() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = string(k.Kind)
	}
	slices.Sort(out)
	return out
}
