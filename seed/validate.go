package seed

import (
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/graph"
)

// Options tune validation.
type Options struct {
	// SourcesDir holds the source documents (<id>.txt). When set, every
	// quote must appear verbatim on its cited line.
	SourcesDir string
	// ThisYear bounds plausible years (default: the current year).
	ThisYear int
	// MaxFileSize bounds each dataset file, in bytes (default
	// DefaultMaxFileSize); it is checked before the file is read.
	MaxFileSize int64
}

// Limits on what the dataset may hold.
const (
	MinYear       = 1900
	MaxQuoteRunes = 90
)

// Load reads and validates the dataset in fsys. It returns every problem
// found in one run; the dataset is nil unless there are none.
func Load(fsys fs.FS, opt Options) (*graph.Dataset, error) {
	if opt.ThisYear == 0 {
		opt.ThisYear = time.Now().Year()
	}
	if opt.MaxFileSize <= 0 {
		opt.MaxFileSize = DefaultMaxFileSize
	}
	r, probs := parse(fsys, opt)
	v := validator{opt: opt, probs: probs, broken: r.broken, lost: r.lost}
	v.sources(r.sources)
	v.entities(r.entities)
	ties := v.ties(r.ties, r.malformed)
	if len(v.probs) == 0 {
		ties = v.shape(r.entities, ties) // checks over the whole graph, once every tie is known to be sound
	}
	v.checkUncited(r.uncited, r.entities, ties)
	if len(v.probs) > 0 {
		return nil, v.probs.sorted().condensed(r.lost)
	}
	return &graph.Dataset{Version: r.digest, Sources: r.sources, Entities: r.entities, Ties: ties, Uncited: r.uncited}, nil
}

// readDocLines reads a source document's lines (<dir>/<id>.txt).
func readDocLines(dir, id string) ([]string, error) {
	path := filepath.Join(dir, id+".txt")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("document %q not found as %s", id, path)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"), nil
}

// LoadDir validates the dataset files in dir ("" means the embedded dataset).
func LoadDir(dir string, opt Options) (*graph.Dataset, error) {
	if dir == "" {
		return Load(DataFS(), opt)
	}
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, fmt.Errorf("dataset folder %s does not exist or is not a folder", dir)
	}
	return Load(dirFS(dir), opt)
}

// Warnings says what is unusual about a valid dataset without making it
// invalid: an empty one is valid (it is how a graph is emptied on purpose),
// but seeding it removes everything.
func Warnings(ds *graph.Dataset) []string {
	if len(ds.Entities) == 0 {
		return []string{"the dataset is empty (no entities, no ties): seeding it would remove every node and tie the graph holds"}
	}
	return nil
}

type validator struct {
	opt      Options
	probs    Problems
	broken   map[string]bool // ids defined by items that could not be read
	lost     []lostFile      // files whose content is unknown
	srcByID  map[string]graph.Source
	entByID  map[string]*graph.Entity
	docLines map[string][]string // nil entry: document not at hand
	entIDs   []string            // sorted entity ids, for suggestions (built on first use)
	srcIDs   []string            // sorted source ids, likewise
}

// sourceIDs are the sorted source ids, for suggestions.
func (v *validator) sourceIDs() []string {
	if v.srcIDs == nil {
		v.srcIDs = slices.Sorted(maps.Keys(v.srcByID))
	}
	return v.srcIDs
}

// consequence marks a reference to an unknown id that may follow from a
// file that could not be read, so that the cause is fixed first.
func (v *validator) consequence(id string) string {
	var unknown []string // files of which nothing is known
	for _, f := range v.lost {
		if f.ids[id] {
			return fmt.Sprintf(" (probably because %s could not be read; fix that first)", f.name)
		}
		switch {
		case f.empty:
			unknown = append(unknown, f.name+", which is empty")
		case f.ids == nil:
			unknown = append(unknown, f.name+", which could not be read")
		}
	}
	if len(unknown) > 0 {
		return fmt.Sprintf(" (perhaps it was defined in %s; fix that first)", strings.Join(unknown, "; or in "))
	}
	return ""
}

var (
	dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	srcID  = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
)

func (v *validator) sources(list []graph.Source) {
	v.srcByID = map[string]graph.Source{}
	v.docLines = map[string][]string{}
	for _, s := range list {
		switch {
		case s.ID == "":
			v.probs.add(s.Origin, "source without an id: add id")
			continue
		case !srcID.MatchString(s.ID):
			v.probs.add(s.Origin, "source id %s: use lowercase letters, digits, - and _%s", quote(s.ID), nonASCII(s.ID))
		}
		if prev, dup := v.srcByID[s.ID]; dup {
			v.probs.add(s.Origin, "source %q is defined twice (first at %s): keep one", s.ID, prev.Origin)
			continue
		}
		v.srcByID[s.ID] = s
		if s.Year != 0 && (s.Year < MinYear || s.Year > v.opt.ThisYear) {
			v.probs.add(s.Origin, "source %q: year %d is not a plausible year (%d to %d)", s.ID, s.Year, MinYear, v.opt.ThisYear)
		}
		if s.Title == "" {
			v.probs.add(s.Origin, "source %q has no title: add title", s.ID)
		}
		switch s.Kind {
		case graph.DocumentSource:
			if v.opt.SourcesDir != "" {
				lines, err := readDocLines(v.opt.SourcesDir, s.ID)
				if err != nil {
					v.probs.add(s.Origin, "%v: check the id or --sources", err)
				} else {
					v.docLines[s.ID] = lines
				}
			}
		case graph.OutsideSource:
			for _, f := range []struct{ name, val string }{{"publisher", s.Publisher}, {"url", s.URL}, {"as_of", s.AsOf}} {
				if f.val == "" {
					v.probs.add(s.Origin, "outside source %q has no %s: outside facts need publisher, title, url and as_of", s.ID, f.name)
				}
			}
			if u, err := url.Parse(s.URL); s.URL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
				v.probs.add(s.Origin, "outside source %q: url %s is not an http(s) address", s.ID, quote(s.URL))
			}
			if s.AsOf != "" {
				if _, err := time.Parse("2006-01-02", s.AsOf); err != nil || !dateRe.MatchString(s.AsOf) {
					v.probs.add(s.Origin, "outside source %q: as_of %s is not a date: write YYYY-MM-DD", s.ID, quote(s.AsOf))
				}
			}
		default:
			v.probs.add(s.Origin, "source %q has kind %s: use document (one of the source documents) or outside (a public source)", s.ID, quote(s.Kind))
		}
	}
}

func (v *validator) entities(list []graph.Entity) {
	v.entByID = make(map[string]*graph.Entity, len(list))
	names := make(map[string]*graph.Entity, 2*len(list)) // folded name or alias -> entity
	for i := range list {
		e := &list[i]
		if e.ID == "" {
			v.probs.add(e.Origin, "entity without an id: add id")
			continue
		}
		if !graph.IsKind(string(e.Kind)) {
			kinds := make([]string, len(graph.Kinds))
			for i, k := range graph.Kinds {
				kinds[i] = string(k.Kind)
			}
			v.probs.add(e.Origin, "entity %s has kind %s%s; kinds are %s", quote(e.ID), quote(string(e.Kind)), suggest(string(e.Kind), kinds), strings.Join(kinds, ", "))
		} else if ok, form := graph.ValidID(e.Kind, e.ID); !ok {
			v.probs.add(e.Origin, "entity id %s is not well formed for kind %s: use %s%s", quote(e.ID), e.Kind, form, nonASCII(e.ID))
		}
		if prev, dup := v.entByID[e.ID]; dup {
			v.probs.add(e.Origin, "entity %s is defined twice (first at %s): keep one definition and merge the names", quote(e.ID), prev.Origin)
			continue
		}
		v.entByID[e.ID] = e
		for k := range e.ExternalIDs {
			if !slices.Contains(graph.ExternalIDs, k) {
				v.probs.add(e.Origin, "entity %s has external id %s; known external ids: %s", quote(e.ID), quote(k), strings.Join(graph.ExternalIDs, ", "))
			}
		}
		if strings.TrimSpace(e.Name) == "" {
			v.probs.add(e.Origin, "entity %s has no name: add the English name", quote(e.ID))
		}
		seen := map[string]bool{}
		for _, n := range append([]string{e.Name, e.NameZh}, e.Aliases...) {
			key := foldName(n)
			if key == "" || seen[key] {
				continue
			}
			seen[key] = true
			if other, clash := names[key]; clash {
				v.probs.add(e.Origin, "name or alias %s of %s already names %s (%s): one name must point at one entity; if they are the same actor, merge them", quote(n), quote(e.ID), quote(other.ID), other.Origin)
				continue
			}
			names[key] = e
		}
	}
	// An id that equals another entity's name or alias would make lookups ambiguous.
	for i := range list {
		e := &list[i]
		if other, ok := names[foldName(e.ID)]; ok && other.ID != e.ID {
			v.probs.add(e.Origin, "entity id %s is also a name or alias of %s (%s): rename the alias", quote(e.ID), quote(other.ID), other.Origin)
		}
	}
}

// foldName folds case and spacing so that "ASEAN" and " asean" collide.
func foldName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// ties checks every tie statement and merges restatements, in place:
// the merged ties take the place of the statements.
func (v *validator) ties(list []graph.Tie, malformed map[int]bool) []graph.Tie {
	m := newTieIndex(len(list))
	out := list[:0]
	for i := range list {
		t := tieItem{Tie: list[i], evidenceMalformed: malformed[i]}
		if !v.tie(&t) {
			continue
		}
		k := t.Key()
		if j, seen := m.find(k, out); seen {
			v.merge(&out[j], t.Tie)
			continue
		}
		m.add(k, len(out))
		out = append(out, t.Tie) // at or below i: statement i has been read
	}
	clear(list[len(out):])
	return out
}

// tieIndex finds a merged tie by key. It keys by a 64-bit hash (a fifth of
// the memory a map of keys takes for a million ties), checking the key on
// every hit; the rare keys whose hash is taken go to a map of their own.
type tieIndex struct {
	seed   maphash.Seed
	byHash map[uint64]int32
	others map[graph.TieKey]int
}

func newTieIndex(n int) *tieIndex {
	return &tieIndex{seed: maphash.MakeSeed(), byHash: make(map[uint64]int32, n), others: map[graph.TieKey]int{}}
}

func (x *tieIndex) hash(k graph.TieKey) uint64 {
	var h maphash.Hash
	h.SetSeed(x.seed)
	h.WriteString(string(k.Type))
	h.WriteByte(0)
	h.WriteString(k.From)
	h.WriteByte(0)
	h.WriteString(k.To)
	if k.Proposal {
		h.WriteByte(1)
	}
	return h.Sum64()
}

func (x *tieIndex) find(k graph.TieKey, ties []graph.Tie) (int, bool) {
	if j, ok := x.byHash[x.hash(k)]; ok && ties[j].Key() == k {
		return int(j), true
	}
	j, ok := x.others[k]
	return j, ok
}

func (x *tieIndex) add(k graph.TieKey, i int) {
	h := x.hash(k)
	if _, taken := x.byHash[h]; taken {
		x.others[k] = i
		return
	}
	x.byHash[h] = int32(i)
}

func (v *validator) tie(t *tieItem) bool {
	ok := true
	bad := func(format string, a ...any) {
		v.probs.add(t.Origin, format, a...)
		ok = false
	}
	spec, known := graph.LookupRel(string(t.Type))
	if !known {
		types := make([]string, len(graph.RelTypes))
		for i, r := range graph.RelTypes {
			types[i] = string(r.Type)
		}
		bad("tie type %s is unknown%s; types are %s", quote(string(t.Type)), suggest(string(t.Type), types), strings.Join(types, ", "))
	}
	for _, end := range []struct {
		name, id string
		from     bool
	}{{"from", t.From, true}, {"to", t.To, false}} {
		if end.id == "" {
			bad("tie %s has no %q: give an entity id", t.Type, end.name)
			continue
		}
		e, exists := v.entByID[end.id]
		if !exists && v.broken[end.id] {
			ok = false // its definition could not be read: that is the problem reported
			continue
		}
		if !exists {
			if v.entIDs == nil {
				v.entIDs = slices.Sorted(maps.Keys(v.entByID))
			}
			if c := v.consequence(end.id); c != "" {
				v.probs.consequence(t.Origin, "tie %s: %s %s is not a defined entity%s", t.Type, end.name, quote(end.id), c)
				ok = false
				continue
			}
			bad("tie %s: %s %s is not a defined entity%s%s: define it or fix the id", t.Type, end.name, quote(end.id), suggest(end.id, v.entIDs), nonASCII(end.id))
			continue
		}
		if known && graph.IsKind(string(e.Kind)) && !spec.Allows(end.from, e.Kind) {
			allowed := spec.To
			if end.from {
				allowed = spec.From
			}
			bad("tie %s %s→%s: %q is of kind %s, but %s takes %s at its %q end", t.Type, t.From, t.To, end.id, e.Kind, t.Type, graph.KindNames(allowed), end.name)
		}
	}
	if t.From != "" && t.From == t.To {
		bad("tie %s links %s to itself: a tie needs two different entities", t.Type, quote(t.From))
	}
	for _, y := range []struct {
		name string
		val  int
	}{{"since", t.Since}, {"until", t.Until}, {"year", t.Year}, {"signed", t.Signed}} {
		if y.val != 0 && (y.val < MinYear || y.val > v.opt.ThisYear) {
			bad("tie %s %s→%s: %s %d is not a plausible year (%d to %d)", t.Type, t.From, t.To, y.name, y.val, MinYear, v.opt.ThisYear)
		}
	}
	if t.Since != 0 && t.Until != 0 && t.Since > t.Until {
		bad("tie %s %s→%s: since %d is after until %d", t.Type, t.From, t.To, t.Since, t.Until)
	}
	if t.Signed != 0 && t.Type != graph.PartyTo {
		bad("tie %s %s→%s: signed is for PARTY_TO (the year of signature); use year or since", t.Type, t.From, t.To)
	}
	if t.Signed != 0 && t.Since != 0 && t.Signed > t.Since {
		bad("tie %s %s→%s: signed %d is after since %d (ratified, acceded or in force)", t.Type, t.From, t.To, t.Signed, t.Since)
	}
	if t.Year != 0 && (t.Since != 0 || t.Until != 0) {
		bad("tie %s %s→%s: give either year (a one-off) or since/until (a spell), not both", t.Type, t.From, t.To)
	}
	if known && !spec.AllowsStatus(t.Status) {
		if len(spec.Statuses) == 0 {
			bad("tie %s takes no status, but has %s: remove it or use role", t.Type, quote(t.Status))
		} else {
			bad("tie %s has status %s; use one of %s", t.Type, quote(t.Status), strings.Join(spec.Statuses, ", "))
		}
	}
	if known {
		for _, need := range spec.Needs {
			switch {
			case need == "status" && t.Status == "":
				bad("tie %s %s→%s needs status: one of %s", t.Type, t.From, t.To, strings.Join(spec.Statuses, ", "))
			case need == "year" && t.Year == 0 && t.Since == 0:
				bad("tie %s %s→%s needs year (the year it took effect)", t.Type, t.From, t.To)
			case need == "role" && t.Role == "":
				bad("tie %s %s→%s needs role (the office as the document states it)", t.Type, t.From, t.To)
			}
		}
	}
	if t.Venue != "" {
		if e, exists := v.entByID[t.Venue]; !exists {
			bad("tie %s %s→%s: venue %s is not a defined entity: define the Forum or Place", t.Type, t.From, t.To, quote(t.Venue))
		} else if !slices.Contains(graph.Venues, e.Kind) {
			bad("tie %s %s→%s: venue %q is of kind %s; a venue is a %s", t.Type, t.From, t.To, t.Venue, e.Kind, graph.KindNames(graph.Venues))
		}
	}
	if t.OnBehalf != "" {
		if e, exists := v.entByID[t.From]; exists && e.Kind != graph.Person {
			bad("tie %s %s→%s: on_behalf is for a person's ties, and %q is of kind %s: state the tie from %s directly", t.Type, t.From, t.To, t.From, e.Kind, t.OnBehalf)
		}
		if _, exists := v.entByID[t.OnBehalf]; !exists {
			bad("tie %s %s→%s: on_behalf %s is not a defined entity", t.Type, t.From, t.To, quote(t.OnBehalf))
		}
	}
	if len(t.Evidence) == 0 && !t.evidenceMalformed {
		bad("tie %s %s→%s has no evidence: every tie cites a source", t.Type, t.From, t.To)
	}
	for i := range t.Evidence {
		if !v.evidence(&t.Evidence[i]) {
			ok = false
		}
	}
	return ok
}

func (v *validator) evidence(e *graph.Evidence) bool {
	n := len(v.probs)
	src, ok := v.srcByID[e.Source]
	switch {
	case e.Source == "":
		v.probs.add(e.Origin, "evidence without a source: add source (a source id)")
		return false
	case !ok && v.broken[e.Source]:
		return false // its definition could not be read: that is the problem reported
	case !ok:
		if c := v.consequence(e.Source); c != "" {
			v.probs.consequence(e.Origin, "evidence cites source %s, which is not defined%s", quote(e.Source), c)
			return false
		}
		v.probs.add(e.Origin, "evidence cites source %s, which is not defined%s%s: add it to sources or fix the id", quote(e.Source), suggest(e.Source, v.sourceIDs()), nonASCII(e.Source))
		return false
	}
	e.SourceKind = src.Kind
	if strings.ContainsAny(e.Quote, "\n\r") {
		v.probs.add(e.Origin, "quote spans lines: quote within one line of the source")
	}
	if c := utf8.RuneCountInString(e.Quote); c > MaxQuoteRunes {
		v.probs.add(e.Origin, "quote is %d characters long: keep a citation short (at most %d), one clause", c, MaxQuoteRunes)
	}
	if src.Kind == graph.OutsideSource {
		if e.Line != 0 {
			v.probs.add(e.Origin, "evidence from outside source %q has a line: line numbers are for documents; use locator", e.Source)
		}
		return len(v.probs) == n
	}
	if e.Line <= 0 {
		v.probs.add(e.Origin, "evidence from document %q needs line (the 1-based line number of the quote)", e.Source)
	}
	if strings.TrimSpace(e.Quote) == "" {
		v.probs.add(e.Origin, "evidence from document %q needs quote (a short verbatim quote from the cited line)", e.Source)
	}
	if strings.TrimSpace(e.Section) == "" {
		v.probs.add(e.Origin, "evidence from document %q needs section (the heading the line sits under)", e.Source)
	}
	if e.Locator != "" {
		v.probs.add(e.Origin, "evidence from document %q has locator: documents are located by line and section", e.Source)
	}
	lines := v.docLines[e.Source]
	if lines != nil && e.Line > 0 && e.Quote != "" {
		switch {
		case e.Line > len(lines):
			v.probs.add(e.Origin, "line %d is past the end of document %q (%d lines)", e.Line, e.Source, len(lines))
		case !strings.Contains(lines[e.Line-1], e.Quote):
			hint := "copy the quote character for character"
			var at []string
			for i, l := range lines {
				if strings.Contains(l, e.Quote) {
					at = append(at, fmt.Sprint(i+1))
				}
			}
			if len(at) > 0 {
				hint = "it stands on line " + strings.Join(at, ", ")
			}
			v.probs.add(e.Origin, "quote %s is not on line %d of %q: %s", quote(e.Quote), e.Line, e.Source, hint)
		}
	}
	return len(v.probs) == n
}

// merge folds a restatement of a tie into the first one: evidence is added,
// and attributes must agree where both give them.
func (v *validator) merge(into *graph.Tie, t graph.Tie) {
	conflict := func(name string, a, b any) {
		v.probs.add(t.Origin, "tie %s %s→%s is also stated at %s with %s %v, here %v: make them agree", t.Type, t.From, t.To, into.Origin, name, a, b)
	}
	ints := []struct {
		name string
		a    *int
		b    int
	}{{"since", &into.Since, t.Since}, {"until", &into.Until, t.Until}, {"year", &into.Year, t.Year}, {"signed", &into.Signed, t.Signed}}
	for _, f := range ints {
		switch {
		case *f.a == 0:
			*f.a = f.b
		case f.b != 0 && *f.a != f.b:
			conflict(f.name, *f.a, f.b)
		}
	}
	strs := []struct {
		name string
		a    *string
		b    string
	}{{"status", &into.Status, t.Status}, {"venue", &into.Venue, t.Venue}, {"on_behalf", &into.OnBehalf, t.OnBehalf}, {"role", &into.Role, t.Role}, {"domain", &into.Domain, t.Domain}}
	for _, f := range strs {
		switch {
		case *f.a == "":
			*f.a = f.b
		case f.b != "" && *f.a != f.b && (f.name == "status" || f.name == "venue" || f.name == "on_behalf"):
			conflict(f.name, *f.a, f.b)
		case f.b != "" && !strings.Contains(*f.a, f.b):
			*f.a += "; " + f.b // roles and domains accumulate
		}
	}
	if into.Note == "" {
		into.Note = t.Note
	}
	for _, e := range t.Evidence {
		if !slices.ContainsFunc(into.Evidence, func(x graph.Evidence) bool {
			return x.Source == e.Source && x.Line == e.Line && x.Quote == e.Quote && x.Locator == e.Locator
		}) {
			into.Evidence = append(into.Evidence, e)
		}
	}
	if into.Year != 0 && (into.Since != 0 || into.Until != 0) {
		v.probs.add(t.Origin, "tie %s %s→%s: merged with %s it has both year and since/until: state the years the same way in both places", t.Type, t.From, t.To, into.Origin)
	}
}
