package graph

import "fmt"

// Origin is where a value was stated (a dataset file and line), kept only
// so that messages can point at it; the zero Origin means unknown.
type Origin struct {
	File string
	Line int
}

func (o Origin) String() string { return fmt.Sprintf("%s:%d", o.File, o.Line) }

// Source kinds.
const (
	DocumentSource = "document" // one of the source documents
	OutsideSource  = "outside"  // a public outside source
)

// Source is a document or an outside public source.
type Source struct {
	ID        string
	Kind      string // DocumentSource or OutsideSource
	Title     string
	TitleEn   string
	Authors   []string
	Language  string
	Year      int
	Publisher string
	URL       string
	AsOf      string
	Note      string
	Origin    Origin
}

// Entity is a node.
type Entity struct {
	ID          string
	Kind        Kind
	Name        string
	NameZh      string
	Aliases     []string
	Category    string
	ExternalIDs map[string]string // keys from ExternalIDs
	Note        string
	Untied      string // why no tie touches the entity, when none does on purpose
	Origin      Origin
}

// Names is the entity's name, Chinese name and aliases, in that order.
func (e Entity) Names() []string {
	names := []string{e.Name}
	if e.NameZh != "" {
		names = append(names, e.NameZh)
	}
	return append(names, e.Aliases...)
}

// Evidence supports a tie: a document line and quote, or an outside source.
type Evidence struct {
	Source     string
	SourceKind string // the cited source's kind, filled in when the dataset is validated
	Line       int
	Section    string
	Quote      string
	Locator    string
	Origin     Origin
}

// Tie is a relationship between two entities.
type Tie struct {
	Type     RelType
	From     string
	To       string
	Since    int
	Until    int
	Year     int
	Signed   int // PARTY_TO: year of signature; Since: ratified, acceded or in force
	Status   string
	Role     string
	Domain   string
	Proposal bool
	Venue    string // a Forum or Place entity: where the position was stated
	OnBehalf string // a person's tie: the state or body they spoke for; the tie is that one's too
	Note     string
	Evidence []Evidence
	Origin   Origin
}

// TieKey identifies a tie: the same key stated in several places is one
// tie whose evidence is merged. Undirected types are keyed with their ends
// in order, so a tie restated the other way round is the same tie.
type TieKey struct {
	Type     RelType
	From, To string
	Proposal bool
}

// Key returns the tie's identity.
func (t Tie) Key() TieKey {
	k := TieKey{Type: t.Type, From: t.From, To: t.To, Proposal: t.Proposal}
	if spec, ok := LookupRel(string(t.Type)); ok && spec.Symmetric && k.To < k.From {
		k.From, k.To = k.To, k.From
	}
	return k
}

// String is the key as stored on the relationship (property key).
func (k TieKey) String() string {
	s := string(k.Type) + "|" + k.From + "|" + k.To
	if k.Proposal {
		s += "|proposal"
	}
	return s
}

// Documented reports whether some evidence of the tie cites a document.
func (t Tie) Documented() bool {
	for _, e := range t.Evidence {
		if e.SourceKind == DocumentSource {
			return true
		}
	}
	return false
}

// The reasons a document line that names actors may stay uncited.
var UncitedReasons = []struct{ Reason, Meaning string }{
	{"appraisal", "the author's judgement or assessment, not a stated tie"},
	{"recommendation", "what should be done, too general to hold as a proposal between named actors"},
	{"vague", "names actors, but too vague to place as a tie (no counterpart, no mechanism)"},
	{"background", "general context: names actors without stating a tie between them"},
	{"restates", "restates a tie cited on another line"},
	{"reference", "a footnote, reference, URL or heading"},
}

// Uncited lists document lines that name known actors and are deliberately
// cited by no evidence, with the reason.
type Uncited struct {
	Source string
	Lines  []int
	Reason string
	Note   string
	Origin Origin
}

// Dataset is a validated, merged dataset.
type Dataset struct {
	Version  string // content digest of the files
	Sources  []Source
	Entities []Entity
	Ties     []Tie // merged: one per TieKey, evidence from every place it was stated
	Uncited  []Uncited
}

// SourceByID indexes the sources.
func (d *Dataset) SourceByID() map[string]Source {
	m := make(map[string]Source, len(d.Sources))
	for _, s := range d.Sources {
		m[s.ID] = s
	}
	return m
}
