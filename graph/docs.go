package graph

import (
	"fmt"
	"slices"
	"strings"
)

// DocTables writes the Markdown tables of kinds, relationship types and
// properties that the dataset documentation shows, from the declarations.
func DocTables() string {
	var b strings.Builder
	b.WriteString("<!-- generated from package graph's declarations by `go test ./seed -run TestREADMETables -update`; do not edit -->\n\n")
	b.WriteString("### Kinds\n\n| kind | what |\n|---|---|\n")
	for _, k := range Kinds {
		fmt.Fprintf(&b, "| %s | %s |\n", k.Kind, cell(k.Description))
	}
	b.WriteString("\n### Relationship types\n\n| type | from → to | meaning | status values |\n|---|---|---|---|\n")
	for _, r := range RelTypes {
		ends := KindNames(r.From) + " → " + KindNames(r.To)
		if r.From != nil && slices.Equal(r.From, r.To) {
			ends = KindNames(r.From) + " → same"
		}
		meaning := r.Description
		if r.Symmetric {
			meaning += " (undirected)"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.Type, ends, cell(meaning), strings.Join(r.Statuses, ", "))
	}
	for _, el := range []struct {
		on    Element
		title string
	}{{OnEntity, "Entity node properties"}, {OnTie, "Tie (relationship) properties"}, {OnSource, "Source node properties"}} {
		fmt.Fprintf(&b, "\n### %s\n\n| property | type | carried by | owned by the loader | meaning |\n|---|---|---|---|---|\n", el.title)
		for _, p := range PropertiesOn(el.on) {
			name, carrier, owned := "`"+p.Name+"`", p.Carrier, "yes"
			if p.Prefix {
				name = "`" + p.Name + "*`"
			}
			if carrier == "" {
				carrier = "all"
			}
			switch {
			case p.Prefix:
				owned = "no: analytics"
			case !p.Owned:
				owned = "identity"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", name, p.Type, carrier, owned, cell(p.Meaning))
		}
	}
	return b.String()
}

// KindNames lists kinds as "Country, Agency", or "any" for nil (any kind).
func KindNames(ks []Kind) string {
	if ks == nil {
		return "any"
	}
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// cell escapes a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
