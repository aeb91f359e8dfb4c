// Package seed holds the curated dataset drawn from the source documents
// (data/*.yaml, embedded in the binary) and the code that reads and
// validates it. Reading never touches a database.
package seed

import (
	"embed"
	"io/fs"
)

// Data is the curated dataset shipped with coopgraph.
//
//go:embed data/*.yaml
var Data embed.FS

// DataFS returns the embedded dataset as a file system rooted at its files.
func DataFS() fs.FS {
	sub, err := fs.Sub(Data, "data")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}
