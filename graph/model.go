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
	Person       Kind = "Person"
	Place        Kind = "Place"
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
	{Organisation, "an international, regional or non-governmental organisation, a university, a CERT community (FIRST, APCERT)"},
	{Agency, "a national ministry, regulator, CERT/CSIRT or other government body"},
	{Forum, "a recurring meeting, dialogue mechanism, conference, UN process (GGE, OEWG)"},
	{Agreement, "a treaty, convention, trade or partnership agreement, a multilateral MoU with its own name"},
	{Law, "a national law or regulation"},
	{Strategy, "a national or organisational strategy, plan, master plan, blueprint"},
	{Initiative, "a named initiative, programme, project line, exercise, centre"},
	{Company, "a company"},
	{Bloc, "an alignment of states without a treaty organisation (Quad, Five Eyes, AUKUS, G7)"},
	{Framework, "a norm set, a UN report, a governance model or principle set that states endorse"},
	{Project, "a concrete infrastructure project (cable, data centre, network)"},
	{Tier, "a grade a source gives states (one node per tier per scheme)"},
	{Person, "a person the documents name; the office as stated sits on their SPEAKS_FOR tie, with its years"},
	{Place, "a city, region or venue, tied to its state (LOCATED_IN)"},
}

// IsKind reports whether k is a declared kind.
func IsKind(k string) bool {
	return slices.ContainsFunc(Kinds, func(s KindSpec) bool { return string(s.Kind) == k })
}

// RelType is a relationship type.
type RelType string

// The relationship types; RelTypes declares the kinds at their ends.
const (
	MemberOf       RelType = "MEMBER_OF"
	PartyTo        RelType = "PARTY_TO"
	MouWith        RelType = "MOU_WITH"
	DialogueWith   RelType = "DIALOGUE_WITH"
	CooperatesWith RelType = "COOPERATES_WITH"
	ParticipatesIn RelType = "PARTICIPATES_IN"
	Hosts          RelType = "HOSTS"
	Leads          RelType = "LEADS"
	Initiated      RelType = "INITIATED"
	AgencyOf       RelType = "AGENCY_OF"
	PartOf         RelType = "PART_OF"
	Enacted        RelType = "ENACTED"
	Adopted        RelType = "ADOPTED"
	Endorses       RelType = "ENDORSES"
	Funds          RelType = "FUNDS"
	BuildsCapacity RelType = "BUILDS_CAPACITY"
	OperatesIn     RelType = "OPERATES_IN"
	Built          RelType = "BUILT"
	Targets        RelType = "TARGETS"
	Rivals         RelType = "RIVALS"
	RankedIn       RelType = "RANKED_IN"
	SpeaksFor      RelType = "SPEAKS_FOR"
	SpokeAt        RelType = "SPOKE_AT"
	LocatedIn      RelType = "LOCATED_IN"
	HeldIn         RelType = "HELD_IN"
	Connects       RelType = "CONNECTS"
	Succeeds       RelType = "SUCCEEDS"
	StanceOn       RelType = "STANCE_ON"
	Implements     RelType = "IMPLEMENTS"
	SubmittedTo    RelType = "SUBMITTED_TO"
)

// RelSpec declares a relationship type: which kinds may stand at each end
// (nil: any kind), whether it is undirected, which status values it takes
// and which attributes every statement of it must give.
type RelSpec struct {
	Type        RelType
	From, To    []Kind
	Symmetric   bool
	Statuses    []string
	Needs       []string // attributes a statement must give: "status", "year", "role"
	Description string
}

var (
	actors     = []Kind{Country, Organisation, Agency, Company}
	statesOrgs = []Kind{Country, Organisation, Agency}
	// what one body, law or text may succeed: the same sorts of thing
	successive = []Kind{Agency, Organisation, Forum, Law, Strategy, Initiative, Framework, Agreement}
	// what a position is taken on, what a text aligns with
	positionable = []Kind{Framework, Agreement, Initiative, Strategy, Law, Organisation, Forum}
	// who speaks: states, bodies and the people who speak for them
	speakers = []Kind{Country, Organisation, Agency, Bloc, Person}
)

// The statuses of positions and successions.
var (
	Stances     = []string{"supports", "advocates", "opposes", "refuses_to_sign", "withdraws"}
	Successions = []string{"replaces", "renames", "upgrades", "merges"}
)

// Venues are the kinds a tie's venue (where a position was stated, a
// proposal made) may be.
var Venues = []Kind{Forum, Place}

// RelTypes lists every relationship type.
var RelTypes = []RelSpec{
	{Type: MemberOf, From: actors, To: []Kind{Organisation, Bloc, Forum, Initiative},
		Statuses: []string{"founding", "full", "associate", "observer", "dialogue_partner"}, Description: "belongs to"},
	{Type: PartyTo, From: []Kind{Country, Organisation}, To: []Kind{Agreement},
		Statuses: []string{"applicant", "signatory", "party", "withdrawn"}, Description: "is party to, signed, or applied to accede to (status says which)"},
	{Type: MouWith, From: actors, To: actors, Symmetric: true, Description: "bilateral memorandum of understanding"},
	{Type: DialogueWith, From: statesOrgs, To: statesOrgs, Symmetric: true, Description: "bilateral dialogue mechanism"},
	{Type: CooperatesWith, From: append(slices.Clone(actors), Bloc), To: append(slices.Clone(actors), Bloc), Symmetric: true, Description: "other stated bilateral cooperation: joint exercises, partnerships"},
	{Type: ParticipatesIn, From: actors, To: []Kind{Forum, Initiative, Project, Organisation}, Description: "takes part in"},
	{Type: Hosts, From: statesOrgs, To: []Kind{Forum, Initiative}, Description: "hosts or organises (`role`: host, organiser, co-organiser)"},
	{Type: Leads, From: statesOrgs, To: []Kind{Bloc, Initiative, Forum, Organisation, Agreement, Strategy}, Description: "leads, chairs, coordinates"},
	{Type: Initiated, From: append(slices.Clone(actors), Person), To: []Kind{Initiative, Forum, Agreement, Framework, Bloc, Strategy, Organisation, Project}, Description: "proposed, founded or launched (a person's, with `on_behalf`, is the state's too)"},
	{Type: AgencyOf, From: []Kind{Agency}, To: []Kind{Country, Organisation}, Description: "an agency belongs to a state or body"},
	{Type: PartOf, Description: "a mechanism is part of or under another"},
	{Type: Enacted, From: []Kind{Country, Organisation}, To: []Kind{Law}, Description: "enacted or issued a law or regulation"},
	{Type: Adopted, From: statesOrgs, To: []Kind{Strategy, Initiative, Framework}, Description: "adopted a strategy or plan"},
	{Type: Endorses, From: []Kind{Country, Organisation}, To: []Kind{Framework, Initiative, Agreement, Strategy}, Description: "formally endorses, signs on to or co-sponsors (`role`); a stated view is STANCE_ON"},
	{Type: Funds, From: actors, Description: "funds"},
	{Type: BuildsCapacity, From: actors, To: statesOrgs, Description: "provides capacity building or training to"},
	{Type: OperatesIn, From: []Kind{Company, Organisation}, To: []Kind{Country}, Description: "operates, invests or builds in"},
	{Type: Built, From: []Kind{Company, Country, Organisation}, To: []Kind{Project}, Description: "built or delivered"},
	{Type: Targets, From: []Kind{Initiative, Bloc, Strategy, Forum, Agreement}, To: []Kind{Country, Organisation}, Description: "aimed at"},
	{Type: Rivals, Symmetric: true, Description: "competes with, set against"},
	{Type: RankedIn, From: []Kind{Country}, To: []Kind{Tier}, Description: "placed in a tier by a source"},
	{Type: SpeaksFor, From: []Kind{Person}, To: statesOrgs, Needs: []string{"role"}, Description: "a person holds an office of, or speaks for, a state or body (`role`: the office as stated; years of the office)"},
	{Type: SpokeAt, From: []Kind{Person}, To: []Kind{Forum}, Description: "spoke, proposed or announced at a forum or meeting (`role`: keynote, ...)"},
	{Type: LocatedIn, From: []Kind{Place, Organisation, Agency, Company, Project, Initiative}, To: []Kind{Place, Country}, Description: "is in a place or state (a city in its state, a body at its seat, a project where it is)"},
	{Type: HeldIn, From: []Kind{Forum, Initiative}, To: []Kind{Place, Country}, Description: "a forum, meeting or exercise held in a place (`year`: the session)"},
	{Type: Connects, From: []Kind{Project}, To: []Kind{Place, Country}, Description: "a cable, corridor or network links this place or state (one tie per end)"},
	{Type: Succeeds, From: successive, To: successive, Statuses: Successions, Needs: []string{"status", "year"}, Description: "replaces, renames, upgrades or merges its predecessor (`year`: when the successor took over)"},
	{Type: StanceOn, From: speakers, To: positionable, Statuses: Stances, Needs: []string{"status"}, Description: "a stated position on a framework, norm or text, kept apart from being party to it (`venue`: where it was stated)"},
	{Type: Implements, From: []Kind{Law, Strategy, Initiative, Framework}, To: []Kind{Law, Agreement, Framework, Strategy}, Statuses: []string{"implements", "aligns_with"}, Needs: []string{"status"}, Description: "a national law or strategy implements or aligns with another body's instrument"},
	{Type: SubmittedTo, From: []Kind{Framework, Agreement, Initiative, Strategy, Law}, To: []Kind{Organisation, Forum}, Description: "a text submitted to a body (who submitted it: INITIATED)"},
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

// Need reports whether every statement of the type must give attribute a.
func (s RelSpec) Need(a string) bool { return slices.Contains(s.Needs, a) }

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
