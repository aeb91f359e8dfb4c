package export

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/coopgraph/coopgraph/graph/analytics"
)

// GEXF 1.3 (http://gexf.net/1.3, the schema at gexf.net/1.3/gexf.xsd).
type gexfDoc struct {
	XMLName xml.Name  `xml:"http://gexf.net/1.3 gexf"`
	Version string    `xml:"version,attr"`
	Meta    gexfMeta  `xml:"meta"`
	Graph   gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	LastModified string `xml:"lastmodifieddate,attr"`
	Creator      string `xml:"creator"`
	Keywords     string `xml:"keywords"`
	Description  string `xml:"description"`
}

type gexfGraph struct {
	DefaultEdgeType    string           `xml:"defaultedgetype,attr"`
	Mode               string           `xml:"mode,attr"`
	TimeFormat         string           `xml:"timeformat,attr,omitempty"`
	TimeRepresentation string           `xml:"timerepresentation,attr,omitempty"`
	Attributes         []gexfAttributes `xml:"attributes"`
	Nodes              gexfNodes        `xml:"nodes"`
	Edges              gexfEdges        `xml:"edges"`
}

type gexfAttributes struct {
	Class string     `xml:"class,attr"`
	Attrs []gexfAttr `xml:"attribute"`
}

type gexfAttr struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfNodes struct {
	Count int        `xml:"count,attr"`
	Nodes []gexfNode `xml:"node"`
}

type gexfNode struct {
	ID     string      `xml:"id,attr"`
	Label  string      `xml:"label,attr"`
	Values *gexfValues `xml:"attvalues"`
}

type gexfEdges struct {
	Count int        `xml:"count,attr"`
	Edges []gexfEdge `xml:"edge"`
}

type gexfEdge struct {
	ID     string      `xml:"id,attr"`
	Source string      `xml:"source,attr"`
	Target string      `xml:"target,attr"`
	Weight string      `xml:"weight,attr"`
	Values *gexfValues `xml:"attvalues"`
	Spells *gexfSpells `xml:"spells"`
}

type gexfValues struct {
	Values []gexfValue `xml:"attvalue"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfSpells struct {
	Spells []gexfSpell `xml:"spell"`
}

type gexfSpell struct {
	Start string `xml:"start,attr"`
	End   string `xml:"end,attr"`
}

// WriteGEXF writes s as GEXF 1.3: node label (English name) and typed
// attributes name_zh, kind, a double per measure and a long community id
// per algorithm; edge weight and attributes relations (the relationship
// types joined by ";"; not "type", which GEXF reserves for the direction),
// since and until. An edge with years gets a time spell, with the graph in
// dynamic mode and integer years, so that Gephi's timeline plays the network
// year by year; see spell for how open ends are closed.
func WriteGEXF(w io.Writer, s Snapshot) error {
	res := s.Result
	measures, comms := measures(res), communities(res)
	g := gexfGraph{DefaultEdgeType: "undirected", Mode: "static"}

	node := gexfAttributes{Class: "node"}
	add := func(a *gexfAttributes, title, typ string) {
		a.Attrs = append(a.Attrs, gexfAttr{ID: title, Title: title, Type: typ})
	}
	add(&node, "name_zh", "string")
	add(&node, "kind", "string")
	for _, m := range measures {
		add(&node, column(m), "double")
	}
	for _, c := range comms {
		add(&node, "community_"+column(c), "long")
	}
	edge := gexfAttributes{Class: "edge"}
	add(&edge, "relations", "string")
	add(&edge, "since", "integer")
	add(&edge, "until", "integer")
	g.Attributes = []gexfAttributes{node, edge}

	g.Nodes.Count = len(res.Nodes)
	for _, n := range res.Nodes {
		v := &gexfValues{Values: []gexfValue{{"name_zh", n.NameZh}, {"kind", n.Kind}}}
		for _, m := range measures {
			if x, ok := n.Scores[m]; ok {
				v.Values = append(v.Values, gexfValue{column(m), formatFloat(x)})
			}
		}
		for _, c := range comms {
			if id, ok := n.Community[c]; ok {
				v.Values = append(v.Values, gexfValue{"community_" + column(c), strconv.FormatInt(id, 10)})
			}
		}
		g.Nodes.Nodes = append(g.Nodes.Nodes, gexfNode{ID: n.ID, Label: label(n), Values: v})
	}

	first, last := timeline(s)
	g.Edges.Count = len(res.Edges)
	for i, e := range res.Edges {
		v := &gexfValues{Values: []gexfValue{{"relations", strings.Join(e.Types, ";")}}}
		if e.Since != nil {
			v.Values = append(v.Values, gexfValue{"since", strconv.Itoa(*e.Since)})
		}
		if e.Until != nil {
			v.Values = append(v.Values, gexfValue{"until", strconv.Itoa(*e.Until)})
		}
		ge := gexfEdge{ID: "e" + strconv.Itoa(i), Source: e.Source, Target: e.Target, Weight: formatFloat(e.Weight), Values: v}
		if start, end, ok := spell(e, first, last); ok {
			ge.Spells = &gexfSpells{Spells: []gexfSpell{{strconv.Itoa(start), strconv.Itoa(end)}}}
			g.Mode, g.TimeFormat, g.TimeRepresentation = "dynamic", "integer", "interval"
		}
		g.Edges.Edges = append(g.Edges.Edges, ge)
	}

	desc := "coopgraph centrality export"
	for _, m := range metadata(s) {
		desc += "; " + m.name + "=" + m.value
	}
	doc := gexfDoc{
		Version: "1.3",
		Meta: gexfMeta{
			LastModified: s.Time.UTC().Format("2006-01-02"),
			Creator:      "coopgraph",
			Keywords:     "cooperation, cyberspace governance, digital economy, " + base(res.Projection),
			Description:  desc,
		},
		Graph: g,
	}
	return encodeXML(w, doc)
}

// timeline is the span of years the export speaks for: from the earliest
// year any edge carries to the as_of year (or the year of the export, or the
// latest year an edge carries, whichever is later).
func timeline(s Snapshot) (first, last int) {
	last = s.Time.UTC().Year()
	if s.Result.AsOf != nil {
		last = *s.Result.AsOf
	}
	first = last
	for _, e := range s.Result.Edges {
		for _, y := range []*int{e.Since, e.Until} {
			if y != nil {
				first, last = min(first, *y), max(last, *y)
			}
		}
	}
	return first, last
}

// spell is the closed interval of years an edge is in force. An edge with
// no year at all gets none (it is present throughout, as undated ties count
// as in force everywhere else). An open end is closed at the timeline's
// end (a tie still in force is known to hold up to the export's year) or
// start: strict readers (networkx) need both ends, and Gephi plays the same
// network either way.
func spell(e analytics.Edge, first, last int) (start, end int, ok bool) {
	if e.Since == nil && e.Until == nil {
		return 0, 0, false
	}
	start, end = first, last
	if e.Since != nil {
		start = *e.Since
	}
	if e.Until != nil {
		end = *e.Until
	}
	return start, max(start, end), true
}
