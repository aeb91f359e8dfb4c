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
)

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
