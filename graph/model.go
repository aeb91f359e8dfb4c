// Package graph is coopgraph's domain: the node kinds, the relationship
// types with the kinds allowed at their ends, identity rules and evidence.
// It is the one place that declares them; the validator, the schema and the
// loader's statements are derived from it.
package graph

import (
	"regexp"
	"slices"
)

// Kind is a node kind; every node also carries the label Entity.
type Kind string

// The node kinds.
const (
	Country      Kind = "Country"
	Organisation Kind = "Organisation"
	Agency       Kind = "Agency"
	Forum        Kind = "Forum"
	Agreement    Kind = "Agreement"
	Law          Kind = "Law"
	Strategy     Kind = "Strategy"
	Initiative   Kind = "Initiative"
	Company      Kind = "Company"
	Bloc         Kind = "Bloc"
	Framework    Kind = "Framework"
	Project      Kind = "Project"
	Tier         Kind = "Tier"
)

// EntityLabel is the label every node carries, with the uniqueness constraint on id.
const EntityLabel = "Entity"

// KindSpec describes a kind.
type KindSpec struct {
	Kind        Kind
	Description string
}

// Kinds lists every kind, in display order.
var Kinds = []KindSpec{
	{Country, "a state"},
	{Organisation, "an international, regional or non-governmental organisation, a university, a CERT community"},
	{Agency, "a national ministry, regulator, CERT/CSIRT or other government body"},
	{Forum, "a recurring meeting, dialogue mechanism, conference or UN process"},
	{Agreement, "a treaty, convention, trade or partnership agreement"},
	{Law, "a national law or regulation"},
	{Strategy, "a national or organisational strategy, plan or blueprint"},
	{Initiative, "a named initiative, programme, exercise or centre"},
	{Company, "a company"},
	{Bloc, "an alignment of states without a treaty organisation"},
	{Framework, "a norm set, UN report, governance model or principle set"},
	{Project, "a concrete infrastructure project"},
	{Tier, "a grade a source gives states, one node per tier per scheme"},
}

// IsKind reports whether k is a declared kind.
func IsKind(k string) bool {
	return slices.ContainsFunc(Kinds, func(s KindSpec) bool { return string(s.Kind) == k })
}

// RelType is a relationship type.
type RelType string

// RelSpec declares a relationship type: which kinds may stand at each end
// (nil: any kind), whether it is undirected, and which status values it takes.
type RelSpec struct {
	Type        RelType
	From, To    []Kind
	Symmetric   bool
	Statuses    []string
	Description string
}

var (
	actors     = []Kind{Country, Organisation, Agency, Company}
	statesOrgs = []Kind{Country, Organisation, Agency}
)

// RelTypes lists every relationship type.
var RelTypes = []RelSpec{
	{Type: "MEMBER_OF", From: actors, To: []Kind{Organisation, Bloc, Forum, Initiative},
		Statuses: []string{"founding", "full", "associate", "observer", "dialogue_partner"}, Description: "belongs to"},
	{Type: "PARTY_TO", From: []Kind{Country, Organisation}, To: []Kind{Agreement},
		Statuses: []string{"applicant", "signatory", "party", "withdrawn"}, Description: "is party to, signed, or applied to accede to (status says which)"},
	{Type: "MOU_WITH", From: actors, To: actors, Symmetric: true, Description: "bilateral memorandum of understanding"},
	{Type: "DIALOGUE_WITH", From: statesOrgs, To: statesOrgs, Symmetric: true, Description: "bilateral dialogue mechanism"},
	{Type: "COOPERATES_WITH", From: append(slices.Clone(actors), Bloc), To: append(slices.Clone(actors), Bloc), Symmetric: true, Description: "other stated bilateral cooperation"},
	{Type: "PARTICIPATES_IN", From: actors, To: []Kind{Forum, Initiative, Project, Organisation}, Description: "takes part in"},
	{Type: "HOSTS", From: statesOrgs, To: []Kind{Forum, Initiative}, Description: "hosts or organises"},
	{Type: "LEADS", From: statesOrgs, To: []Kind{Bloc, Initiative, Forum, Organisation, Agreement, Strategy}, Description: "leads, chairs or coordinates"},
	{Type: "INITIATED", From: actors, To: []Kind{Initiative, Forum, Agreement, Framework, Bloc, Strategy, Organisation}, Description: "proposed, founded or launched"},
	{Type: "AGENCY_OF", From: []Kind{Agency}, To: []Kind{Country, Organisation}, Description: "an agency belongs to a state or body"},
	{Type: "PART_OF", Description: "a mechanism is part of or under another"},
	{Type: "ENACTED", From: []Kind{Country, Organisation}, To: []Kind{Law}, Description: "enacted or issued a law"},
	{Type: "ADOPTED", From: statesOrgs, To: []Kind{Strategy, Initiative, Framework}, Description: "adopted a strategy or plan"},
	{Type: "ENDORSES", From: []Kind{Country, Organisation}, To: []Kind{Framework, Initiative, Agreement, Strategy}, Description: "endorses, supports or co-sponsors"},
	{Type: "FUNDS", From: actors, Description: "funds"},
	{Type: "BUILDS_CAPACITY", From: actors, To: statesOrgs, Description: "provides capacity building or training to"},
	{Type: "OPERATES_IN", From: []Kind{Company, Organisation}, To: []Kind{Country}, Description: "operates, invests or builds in"},
	{Type: "BUILT", From: []Kind{Company, Country, Organisation}, To: []Kind{Project}, Description: "built or delivered"},
	{Type: "TARGETS", From: []Kind{Initiative, Bloc, Strategy, Forum, Agreement}, To: []Kind{Country, Organisation}, Description: "aimed at"},
	{Type: "RIVALS", Symmetric: true, Description: "competes with, set against"},
	{Type: "RANKED_IN", From: []Kind{Country}, To: []Kind{Tier}, Description: "placed in a tier by a source"},
}

// LookupRel returns the spec of a relationship type.
func LookupRel(t string) (RelSpec, bool) {
	i := slices.IndexFunc(RelTypes, func(s RelSpec) bool { return string(s.Type) == t })
	if i < 0 {
		return RelSpec{}, false
	}
	return RelTypes[i], true
}

// Allows reports whether kind k may stand at the given end of the relationship.
func (s RelSpec) Allows(from bool, k Kind) bool {
	kinds := s.To
	if from {
		kinds = s.From
	}
	return kinds == nil || slices.Contains(kinds, k)
}

// AllowsStatus reports whether status is valid for the type ("" always is).
func (s RelSpec) AllowsStatus(status string) bool {
	return status == "" || slices.Contains(s.Statuses, status)
}

// Identity rules: ISO 3166-1 alpha-2 for states, lowercase slugs for the rest.
var (
	countryID = regexp.MustCompile(`^[A-Z]{2}$`)
	slugID    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// ValidID reports whether id is well formed for an entity of kind k, and if
// not, what form it should take.
func ValidID(k Kind, id string) (bool, string) {
	if k == Country {
		return countryID.MatchString(id), "an ISO 3166-1 alpha-2 code such as CN or SG"
	}
	return slugID.MatchString(id), "a lowercase slug such as china-asean-cyberspace-forum"
}
