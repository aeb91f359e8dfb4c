package store

import (
	"fmt"
	"strings"

	"github.com/coopgraph/coopgraph/graph"
)

// The load statements are generated from the declarations in package graph
// (kinds, relationship types, owned properties); none is written by hand per kind.

func setList(v string, props []string) string {
	parts := make([]string, len(props))
	for i, p := range props {
		parts[i] = fmt.Sprintf("%s.%s = row.%s", v, p, p)
	}
	return strings.Join(parts, ", ")
}

// counted ends a statement with how many rows created or changed their target.
func counted(v string) string {
	return fmt.Sprintf(`
WITH %[1]s, row, old
RETURN count(*) AS matched,
       count(CASE WHEN old IS NULL THEN 1 END) AS created,
       count(CASE WHEN old IS NOT NULL AND old <> row.%[2]s THEN 1 END) AS updated`, v, graph.HashProp)
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
WITH n, row, n.%s AS old
REMOVE n:%s
SET n:%s, %s`, graph.EntityLabel, graph.HashProp, strings.Join(others, ":"), kind, setList("n", graph.NodeProps)) + counted("n")
}

func sourceStatement() string {
	return fmt.Sprintf(`UNWIND $rows AS row
MERGE (s:%s {id: row.id})
WITH s, row, s.%s AS old
SET %s`, graph.SourceLabel, graph.HashProp, setList("s", graph.SourceProps)) + counted("s")
}

// tieStatement merges ties of one type, keyed by their identity.
func tieStatement(relType string) string {
	return fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%[1]s {id: row.from})
MATCH (b:%[1]s {id: row.to})
MERGE (a)-[r:%[2]s {key: row.key}]->(b)
WITH r, row, r.%[3]s AS old
SET %[4]s`, graph.EntityLabel, relType, graph.HashProp, setList("r", graph.TieProps)) + counted("r")
}

// Cleanup removes, in bounded chunks, what an earlier dataset version owned
// and this one does not. Only items stamped by the loader are touched.
var (
	cleanupTies = fmt.Sprintf(`MATCH (:%[1]s)-[r]->(:%[1]s)
WHERE r.%[2]s IS NOT NULL AND r.%[2]s <> $version
WITH r LIMIT $limit
WITH r, type(r) AS what
DELETE r
RETURN what, count(*) AS n`, graph.EntityLabel, graph.DatasetProp)
	cleanupEntities = fmt.Sprintf(`MATCH (n:%[1]s)
WHERE n.%[2]s IS NOT NULL AND n.%[2]s <> $version
WITH n LIMIT $limit
WITH n, n.kind AS what
DETACH DELETE n
RETURN what, count(*) AS n`, graph.EntityLabel, graph.DatasetProp)
	cleanupSources = fmt.Sprintf(`MATCH (n:%[1]s)
WHERE n.%[2]s IS NOT NULL AND n.%[2]s <> $version
WITH n LIMIT $limit
WITH n, 'Source' AS what
DETACH DELETE n
RETURN what, count(*) AS n`, graph.SourceLabel, graph.DatasetProp)
	metaStatement = fmt.Sprintf(`MERGE (m:%s {id: $id})
SET m.version = $version, m.loaded_at = datetime(), m.entities = $entities, m.ties = $ties, m.sources = $sources, m.mode = $mode`,
		graph.MetaLabel)
)
