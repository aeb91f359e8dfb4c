package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"

	"github.com/coopgraph/coopgraph/graph"
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

// The owned property names of each element in sorted order, for hashing.
var (
	nodeHashKeys   = slices.Sorted(slices.Values(graph.OwnedNames(graph.OnEntity)))
	sourceHashKeys = slices.Sorted(slices.Values(graph.OwnedNames(graph.OnSource)))
	tieHashKeys    = slices.Sorted(slices.Values(graph.OwnedNames(graph.OnTie)))
)

// The rows carry every owned property the declarations derive (nil where
// the dataset gives none), plus identity, plus the content hash.

func entityRow(e graph.Entity) row {
	r := row(graph.EntityValues(e))
	r[graph.IDProp] = e.ID
	r[graph.HashProp] = hashOf(r, nodeHashKeys)
	return r
}

func sourceRow(s graph.Source) row {
	r := row(graph.SourceValues(s))
	r[graph.IDProp] = s.ID
	r[graph.HashProp] = hashOf(r, sourceHashKeys)
	return r
}

func tieRow(t graph.Tie) row {
	r := row(graph.TieValues(t))
	r["from"], r["to"] = t.From, t.To
	r[graph.HashProp] = hashOf(r, tieHashKeys)
	return r
}
