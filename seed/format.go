package seed

import "github.com/coopgraph/coopgraph/graph"

// The dataset file format: what a YAML item may say, field by field. These
// types exist only to decode files; they are turned into package graph's
// values at once, with the file and line as the value's origin.

type fileSource struct {
	ID        string   `yaml:"id"`
	Kind      string   `yaml:"kind"`
	Title     string   `yaml:"title"`
	TitleEn   string   `yaml:"title_en"`
	Authors   []string `yaml:"authors"`
	Language  string   `yaml:"language"`
	Year      int      `yaml:"year"`
	Publisher string   `yaml:"publisher"`
	URL       string   `yaml:"url"`
	AsOf      string   `yaml:"as_of"`
	Note      string   `yaml:"note"`
}

func (f fileSource) value(at graph.Origin) graph.Source {
	return graph.Source{ID: f.ID, Kind: f.Kind, Title: f.Title, TitleEn: f.TitleEn, Authors: f.Authors, Language: f.Language,
		Year: f.Year, Publisher: f.Publisher, URL: f.URL, AsOf: f.AsOf, Note: f.Note, Origin: at}
}

type fileEntity struct {
	ID          string            `yaml:"id"`
	Kind        string            `yaml:"kind"`
	Name        string            `yaml:"name"`
	NameZh      string            `yaml:"name_zh"`
	Aliases     []string          `yaml:"aliases"`
	Category    string            `yaml:"category"`
	ExternalIDs map[string]string `yaml:"external_ids"`
	Note        string            `yaml:"note"`
}

func (f fileEntity) value(at graph.Origin) graph.Entity {
	return graph.Entity{ID: f.ID, Kind: graph.Kind(f.Kind), Name: f.Name, NameZh: f.NameZh, Aliases: f.Aliases, Category: f.Category,
		ExternalIDs: f.ExternalIDs, Note: f.Note, Origin: at}
}

type fileEvidence struct {
	Source  string `yaml:"source"`
	Line    int    `yaml:"line"`
	Section string `yaml:"section"`
	Quote   string `yaml:"quote"`
	Locator string `yaml:"locator"`
}

func (f fileEvidence) value(at graph.Origin) graph.Evidence {
	return graph.Evidence{Source: f.Source, Line: f.Line, Section: f.Section, Quote: f.Quote, Locator: f.Locator, Origin: at}
}

type fileTie struct {
	Type     string         `yaml:"type"`
	From     string         `yaml:"from"`
	To       string         `yaml:"to"`
	Since    int            `yaml:"since"`
	Until    int            `yaml:"until"`
	Year     int            `yaml:"year"`
	Signed   int            `yaml:"signed"`
	Status   string         `yaml:"status"`
	Role     string         `yaml:"role"`
	Domain   string         `yaml:"domain"`
	Proposal bool           `yaml:"proposal"`
	Note     string         `yaml:"note"`
	Evidence []fileEvidence `yaml:"evidence"` // decoded item by item, for their lines
}

func (f fileTie) value(at graph.Origin) graph.Tie {
	return graph.Tie{Type: graph.RelType(f.Type), From: f.From, To: f.To, Since: f.Since, Until: f.Until, Year: f.Year, Signed: f.Signed,
		Status: f.Status, Role: f.Role, Domain: f.Domain, Proposal: f.Proposal, Note: f.Note, Origin: at}
}
