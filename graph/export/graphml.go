package export

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/graph/analytics"
)

// GraphML as http://graphml.graphdrawing.org/ defines it. Attribute names
// are those Gephi and networkx pick up: "label" is the English name (Gephi's
// caption), "weight" the edge weight.
type gmlDoc struct {
	XMLName        xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	XSI            string   `xml:"xmlns:xsi,attr"`
	SchemaLocation string   `xml:"xsi:schemaLocation,attr"`
	Keys           []gmlKey `xml:"key"`
	Graph          gmlGraph `xml:"graph"`
}

type gmlKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type gmlGraph struct {
	ID          string    `xml:"id,attr"`
	EdgeDefault string    `xml:"edgedefault,attr"`
	Data        []gmlData `xml:"data"`
	Nodes       []gmlNode `xml:"node"`
	Edges       []gmlEdge `xml:"edge"`
}

type gmlNode struct {
	ID   string    `xml:"id,attr"`
	Data []gmlData `xml:"data"`
}

type gmlEdge struct {
	ID     string    `xml:"id,attr"`
	Source string    `xml:"source,attr"`
	Target string    `xml:"target,attr"`
	Data   []gmlData `xml:"data"`
}

type gmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// WriteGraphML writes s as GraphML: nodes with label (English name),
// name_zh, kind, a double per measure and a long community id per
// algorithm; edges with weight, relations (the relationship types, joined
// by ";") and since/until years where known; the export's metadata as graph
// data.
func WriteGraphML(w io.Writer, s Snapshot) error {
	res := s.Result
	measures, comms := measures(res), communities(res)
	doc := gmlDoc{
		XSI:            "http://www.w3.org/2001/XMLSchema-instance",
		SchemaLocation: "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
	}
	key := func(scope, name, typ string) string {
		id := scope[:1] + "_" + name
		doc.Keys = append(doc.Keys, gmlKey{ID: id, For: scope, Name: name, Type: typ})
		return id
	}
	meta := metadata(s)
	for _, m := range meta {
		key("graph", m.name, m.typ)
	}
	for _, k := range []string{"label", "name_zh", "kind"} {
		key("node", k, "string")
	}
	for _, m := range measures {
		key("node", column(m), "double")
	}
	for _, c := range comms {
		key("node", "community_"+column(c), "long")
	}
	key("edge", "weight", "double")
	key("edge", "relations", "string")
	key("edge", "since", "int")
	key("edge", "until", "int")

	doc.Graph = gmlGraph{ID: base(res.Projection), EdgeDefault: "undirected"}
	for _, m := range meta {
		doc.Graph.Data = append(doc.Graph.Data, gmlData{"g_" + m.name, m.value})
	}
	for _, n := range res.Nodes {
		gn := gmlNode{ID: n.ID, Data: []gmlData{{"n_label", label(n)}, {"n_name_zh", n.NameZh}, {"n_kind", n.Kind}}}
		for _, m := range measures {
			if v, ok := n.Scores[m]; ok {
				gn.Data = append(gn.Data, gmlData{"n_" + column(m), formatFloat(v)})
			}
		}
		for _, c := range comms {
			if id, ok := n.Community[c]; ok {
				gn.Data = append(gn.Data, gmlData{"n_community_" + column(c), strconv.FormatInt(id, 10)})
			}
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, gn)
	}
	for i, e := range res.Edges {
		ge := gmlEdge{ID: "e" + strconv.Itoa(i), Source: e.Source, Target: e.Target,
			Data: []gmlData{{"e_weight", formatFloat(e.Weight)}, {"e_relations", strings.Join(e.Types, ";")}}}
		if e.Since != nil {
			ge.Data = append(ge.Data, gmlData{"e_since", strconv.Itoa(*e.Since)})
		}
		if e.Until != nil {
			ge.Data = append(ge.Data, gmlData{"e_until", strconv.Itoa(*e.Until)})
		}
		doc.Graph.Edges = append(doc.Graph.Edges, ge)
	}
	return encodeXML(w, doc)
}

// metaField is one piece of an export's metadata, as a typed graph attribute.
type metaField struct{ name, typ, value string }

// metadata is what every graph file says about its export. Absent values
// (no as_of) are left out rather than written empty, so that typed readers
// do not choke on an empty int.
func metadata(s Snapshot) []metaField {
	params, err := json.Marshal(s.Result.Params)
	if err != nil || s.Result.Params == nil {
		params = []byte("{}")
	}
	out := []metaField{
		{"exported_at", "string", s.Time.UTC().Format(time.RFC3339)},
		{"dataset_version", "string", s.DatasetVersion},
		{"projection", "string", s.Result.Projection},
		{"engine", "string", s.Result.Engine},
		{"params", "string", string(params)},
	}
	if s.Result.AsOf != nil {
		out = append(out, metaField{"as_of", "int", strconv.Itoa(*s.Result.AsOf)})
	}
	if len(s.Result.Notes) > 0 {
		out = append(out, metaField{"notes", "string", strings.Join(s.Result.Notes, " ")})
	}
	return out
}

// label is a node's caption: its English name, or its id when it has none.
func label(n analytics.NodeScore) string {
	if n.Name != "" {
		return n.Name
	}
	return n.ID
}

func encodeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encoding XML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
