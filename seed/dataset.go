// Package seed holds the curated dataset drawn from the source documents
// (data/*.yaml, embedded in the binary) and the code that reads and
// validates it. Reading never touches a database.
package seed

import (
	"embed"
	"fmt"
	"io/fs"
)

// Data is the curated dataset shipped with coopgraph.
//
//go:embed data/*.yaml
var Data embed.FS

// DataFS returns the embedded dataset as a file system rooted at its files.
func DataFS() fs.FS {
	sub, err := fs.Sub(Data, "data")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}

// Pos is a place in a dataset file.
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// Source is a document or an outside public source.
type Source struct {
	ID        string   `yaml:"id"`
	Kind      string   `yaml:"kind"` // document or outside
	Title     string   `yaml:"title"`
	TitleEn   string   `yaml:"title_en"`
	Authors   []string `yaml:"authors"`
	Language  string   `yaml:"language"`
	Year      int      `yaml:"year"`
	Publisher string   `yaml:"publisher"`
	URL       string   `yaml:"url"`
	AsOf      string   `yaml:"as_of"`
	Note      string   `yaml:"note"`
	Pos       Pos      `yaml:"-"`
}

// Source kinds.
const (
	DocumentSource = "document"
	OutsideSource  = "outside"
)

// Entity is a node.
type Entity struct {
	ID          string            `yaml:"id"`
	Kind        string            `yaml:"kind"`
	Name        string            `yaml:"name"`
	NameZh      string            `yaml:"name_zh"`
	Aliases     []string          `yaml:"aliases"`
	Category    string            `yaml:"category"`
	ExternalIDs map[string]string `yaml:"external_ids"`
	Note        string            `yaml:"note"`
	Pos         Pos               `yaml:"-"`
}

// Evidence supports a tie: a document line and quote, or an outside source.
type Evidence struct {
	Source  string `yaml:"source"`
	Line    int    `yaml:"line"`
	Section string `yaml:"section"`
	Quote   string `yaml:"quote"`
	Locator string `yaml:"locator"`
	Pos     Pos    `yaml:"-"`
}

// Tie is a relationship between two entities.
type Tie struct {
	Type     string     `yaml:"type"`
	From     string     `yaml:"from"`
	To       string     `yaml:"to"`
	Since    int        `yaml:"since"`
	Until    int        `yaml:"until"`
	Year     int        `yaml:"year"`
	Signed   int        `yaml:"signed"` // PARTY_TO: year of signature; since: ratified, acceded or in force
	Status   string     `yaml:"status"`
	Role     string     `yaml:"role"`
	Domain   string     `yaml:"domain"`
	Proposal bool       `yaml:"proposal"`
	Note     string     `yaml:"note"`
	Evidence []Evidence `yaml:"evidence"`
	Pos      Pos        `yaml:"-"`

	evidenceMalformed bool // reported while parsing
}

// Key identifies a tie: the same key in several places is one tie whose
// evidence is merged. Undirected types are keyed with their ends in order.
type Key struct {
	Type, From, To string
	Proposal       bool
}

// Dataset is a validated, merged dataset.
type Dataset struct {
	Version  string // content digest of the files
	Sources  []Source
	Entities []Entity
	Ties     []Tie // merged: one per Key, evidence from every place it was stated
}

// SourceByID indexes the sources.
func (d *Dataset) SourceByID() map[string]Source {
	m := make(map[string]Source, len(d.Sources))
	for _, s := range d.Sources {
		m[s.ID] = s
	}
	return m
}
