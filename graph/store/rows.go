package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/seed"
)

// row is one node or tie as the load statements take it: its own properties
// (every owned property present, nil where the dataset gives none, so that
// SET removes what the dataset dropped) plus identity fields.
type row map[string]any

// hashOf digests a row's own properties, so that a load can tell an update
// from a no-op and the digest stays stable across identical loads. It
// encodes the few value types rows hold directly (a JSON encoder per field
// made planning a 100k-tie load cost a second).
func hashOf(r row, keys []string) string {
	h := sha256.New()
	buf := make([]byte, 0, 256)
	for _, k := range keys {
		if k == graph.HashProp {
			continue
		}
		buf = append(buf[:0], k...)
		buf = append(buf, 0)
		switch v := r[k].(type) {
		case nil:
			buf = append(buf, 'n')
		case string:
			buf = append(buf, 's')
			buf = strconv.AppendQuote(buf, v)
		case int64:
			buf = append(buf, 'i')
			buf = strconv.AppendInt(buf, v, 10)
		case bool:
			buf = append(buf, 'b')
			buf = strconv.AppendBool(buf, v)
		case []string:
			buf = append(buf, 'S')
			for _, x := range v {
				buf = strconv.AppendQuote(buf, x)
				buf = append(buf, ',')
			}
		case []int64:
			buf = append(buf, 'I')
			for _, x := range v {
				buf = strconv.AppendInt(buf, x, 10)
				buf = append(buf, ',')
			}
		default:
			panic(fmt.Sprintf("hashOf: unexpected %T in %s", v, k)) // rows are built in this file
		}
		buf = append(buf, 0)
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// The owned property lists in sorted order, for hashing.
var (
	nodeHashKeys   = sortedCopy(graph.NodeProps)
	sourceHashKeys = sortedCopy(graph.SourceProps)
	tieHashKeys    = sortedCopy(graph.TieProps)
)

func sortedCopy(props []string) []string {
	out := append([]string(nil), props...)
	sort.Strings(out)
	return out
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nilIfZero(n int) any {
	if n == 0 {
		return nil
	}
	return int64(n)
}

func entityRow(e seed.Entity) row {
	var aliases any
	if len(e.Aliases) > 0 {
		aliases = append([]string(nil), e.Aliases...)
	}
	names := []string{e.Name}
	if e.NameZh != "" {
		names = append(names, e.NameZh)
	}
	names = append(names, e.Aliases...)
	r := row{
		"id":            e.ID,
		"kind":          e.Kind,
		"name":          e.Name,
		"name_zh":       nilIfEmpty(e.NameZh),
		"aliases":       aliases,
		graph.NamesProp: strings.Join(names, " | "),
		"category":      nilIfEmpty(e.Category),
		"note":          nilIfEmpty(e.Note),
		"iso3":          nilIfEmpty(e.ExternalIDs["iso3"]),
		"wikidata":      nilIfEmpty(e.ExternalIDs["wikidata"]),
	}
	r[graph.HashProp] = hashOf(r, nodeHashKeys)
	return r
}

func sourceRow(s seed.Source) row {
	var authors any
	if len(s.Authors) > 0 {
		authors = append([]string(nil), s.Authors...)
	}
	r := row{
		"id": s.ID, "kind": s.Kind, "title": s.Title, "title_en": nilIfEmpty(s.TitleEn), "authors": authors,
		"language": nilIfEmpty(s.Language), "year": nilIfZero(s.Year), "publisher": nilIfEmpty(s.Publisher),
		"url": nilIfEmpty(s.URL), "as_of": nilIfEmpty(s.AsOf), "note": nilIfEmpty(s.Note),
	}
	r[graph.HashProp] = hashOf(r, sourceHashKeys)
	return r
}

// KeyString is a tie's identity as stored on the relationship.
func KeyString(k seed.Key) string {
	s := k.Type + "|" + k.From + "|" + k.To
	if k.Proposal {
		s += "|proposal"
	}
	return s
}

func tieRow(t seed.Tie, kinds map[string]string) row {
	n := len(t.Evidence)
	src, kind, section, quote, locator := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	line := make([]int64, n)
	var sources []string
	documented := false
	for i, e := range t.Evidence {
		src[i], kind[i], section[i], quote[i], locator[i], line[i] = e.Source, kinds[e.Source], e.Section, e.Quote, e.Locator, int64(e.Line)
		documented = documented || kinds[e.Source] == seed.DocumentSource
		if !slices.Contains(sources, e.Source) {
			sources = append(sources, e.Source)
		}
	}
	r := row{
		"from": t.From, "to": t.To,
		"key": KeyString(t.Key()), "since": nilIfZero(t.Since), "until": nilIfZero(t.Until), "year": nilIfZero(t.Year),
		"signed": nilIfZero(t.Signed), "status": nilIfEmpty(t.Status), "role": nilIfEmpty(t.Role), "domain": nilIfEmpty(t.Domain),
		"proposal": t.Proposal, "note": nilIfEmpty(t.Note),
		"ev_source": src, "ev_kind": kind, "ev_line": anyLine(line), "ev_section": anyText(section), "ev_quote": anyText(quote), "ev_locator": anyText(locator),
		"sources": sources, "documented": documented,
	}
	r[graph.HashProp] = hashOf(r, tieHashKeys)
	return r
}

// anyText keeps a parallel evidence list only if some element is set: an
// outside source has no line, section or quote, and a property the tie does
// not need costs the server a write. Reading r.ev_quote[i] of a missing
// list gives null, as an empty element would.
func anyText(list []string) any {
	for _, x := range list {
		if x != "" {
			return list
		}
	}
	return nil
}

func anyLine(list []int64) any {
	for _, x := range list {
		if x != 0 {
			return list
		}
	}
	return nil
}
