package store

import (
	"fmt"
	"strings"

	"github.com/coopgraph/coopgraph/graph"
)

// The load statements are generated from the declarations in package graph
// (kinds, relationship types, owned properties); none is written by hand per
// kind. They read nothing they write (the diff is computed beforehand), so
// the planner needs no Eager barrier and streams each batch.

func setList(v string, props []string) string {
	parts := make([]string, len(props))
	for i, p := range props {
		parts[i] = fmt.Sprintf("%s.%s = row.%s", v, p, p)
	}
	return strings.Join(parts, ", ")
}

// nodeStatement merges entities of one kind, clearing any other kind label
// a corrected entity had before.
func nodeStatement(kind string) string {
	var others []string
	for _, k := range graph.KindLabels() {
		if k != kind {
			others = append(others, k)
		}
	}
	return fmt.Sprintf(`UNWIND $rows AS row
MERGE (n:%s {id: row.id})
REMOVE n:%s
SET n:%s, %s
RETURN count(*) AS matched`, graph.EntityLabel, strings.Join(others, ":"), kind, setList("n", graph.OwnedNames(graph.OnEntity)))
}

func sourceStatement() string {
	return fmt.Sprintf(`UNWIND $rows AS row
MERGE (s:%s {id: row.id})
SET %s
RETURN count(*) AS matched`, graph.SourceLabel, setList("s", graph.OwnedNames(graph.OnSource)))
}

// newTieStatement creates ties the read-back showed the graph does not
// hold: no MERGE needed, so no scan of the ends' relationships. (Ties are
// owned by the loader alone, so no other writer creates them meanwhile.)
func newTieStatement(relType string) string {
	return fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%[1]s {id: row.from})
MATCH (b:%[1]s {id: row.to})
CREATE (a)-[r:%[2]s]->(b)
SET %[3]s
RETURN count(*) AS matched`, graph.EntityLabel, relType, setList("r", graph.OwnedNames(graph.OnTie)))
}

// tieStatement updates ties the read-back showed the graph holds. It
// matches them by key in either direction: an undirected tie restated the
// other way round is the same tie.
func tieStatement(relType string) string {
	return fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%[1]s {id: row.from})-[r:%[2]s {key: row.key}]-(b:%[1]s {id: row.to})
SET %[3]s
RETURN count(*) AS matched`, graph.EntityLabel, relType, setList("r", withoutKey(graph.OwnedNames(graph.OnTie))))
}

// withoutKey leaves out the identity a statement matches on: it never
// changes, and setting what the MATCH reads would make the planner add an
// Eager barrier.
func withoutKey(props []string) []string {
	out := make([]string, 0, len(props))
	for _, p := range props {
		if p != graph.KeyProp {
			out = append(out, p)
		}
	}
	return out
}

// What the loader owns carries its content hash; these read it back.
var (
	ownedEntities = fmt.Sprintf("MATCH (n:%s) WHERE n.%s IS NOT NULL RETURN n.id, n.%[2]s, n.kind", graph.EntityLabel, graph.HashProp)
	ownedSources  = fmt.Sprintf("MATCH (n:%s) WHERE n.%s IS NOT NULL RETURN n.id, n.%[2]s, 'Source'", graph.SourceLabel, graph.HashProp)
	ownedTies     = fmt.Sprintf("MATCH (a:%[1]s)-[r]->(b:%[1]s) WHERE r.%[2]s IS NOT NULL RETURN r.key, r.%[2]s, type(r), a.id, b.id", graph.EntityLabel, graph.HashProp)
)

// Removal statements take the rows of what the dataset no longer states.
var (
	removeTies = fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%[1]s {id: row.from})-[r]->(b:%[1]s {id: row.to})
WHERE type(r) = row.type AND r.key = row.key
DELETE r`, graph.EntityLabel)
	removeEntities = fmt.Sprintf(`UNWIND $rows AS row
MATCH (n:%s {id: row.id})
DETACH DELETE n`, graph.EntityLabel)
	removeSources = fmt.Sprintf(`UNWIND $rows AS row
MATCH (n:%s {id: row.id})
DETACH DELETE n`, graph.SourceLabel)
	metaStatement = fmt.Sprintf(`MERGE (m:%s {id: $id})
SET m.version = $version, m.loaded_at = datetime(), m.entities = $entities, m.ties = $ties, m.sources = $sources, m.mode = $mode, m.load_id = $load_id`,
		graph.MetaLabel)
)
