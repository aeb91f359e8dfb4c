// Package pipeline holds the named steps that `coopgraph demo`, the
// centrality command and the scheduler share: seed, the report brief,
// centrality with its exports, and the pictures. Each step takes an open
// database and returns what it wrote, so that commands only print.
package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/graph/analytics"
	"github.com/coopgraph/coopgraph/graph/analytics/engine"
	"github.com/coopgraph/coopgraph/graph/analytics/project"
	"github.com/coopgraph/coopgraph/graph/export"
	"github.com/coopgraph/coopgraph/graph/store"
	"github.com/coopgraph/coopgraph/queries"
	runner "github.com/coopgraph/coopgraph/queries/run"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// DB is the database the steps use.
type DB struct {
	Driver   neo4j.DriverWithContext
	Database string
}

// Exported is what a centrality step computed and wrote.
type Exported struct {
	Result *analytics.Result
	Paths  []string // the export files, in the order written
}

// Centrality computes what req asks for and, when out is set, writes the
// result in each of formats into out, stamped with the loaded dataset's
// version.
func Centrality(ctx context.Context, db DB, req engine.Request, formats []string, out string) (*Exported, error) {
	res, err := engine.Run(ctx, db.Driver, db.Database, req)
	if err != nil {
		return nil, err
	}
	x := &Exported{Result: res}
	if out == "" {
		return x, nil
	}
	meta, _, err := store.New(db.Driver, db.Database).LoadedMeta(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the dataset version for the export: %w", err)
	}
	x.Paths, err = export.WriteAll(ctx, out, formats, export.Snapshot{Result: res, DatasetVersion: meta.Version, Time: time.Now().UTC()})
	if err != nil {
		return nil, fmt.Errorf("exporting to %s: %w", out, err)
	}
	return x, nil
}

// Brief runs every report with its defaults into dir (brief.md and a file
// per report in each format).
func Brief(ctx context.Context, db DB, dir string) (*runner.BriefSummary, error) {
	all, err := queries.All()
	if err != nil {
		return nil, err
	}
	return runner.New(db.Driver, db.Database).Brief(ctx, all, dir)
}

// Pictures draws the state graph of res once for each of opts into dir
// (camps derived once, from the graph as of res's year), and adds them to
// the brief at briefPath, in one section, when it is set.
func Pictures(ctx context.Context, db DB, res *analytics.Result, dir, briefPath string, opts ...PictureOptions) ([]Picture, string, error) {
	camps, err := project.Camps(ctx, db.Driver, db.Database, res.AsOf)
	if err != nil {
		return nil, "", err
	}
	var pics []Picture
	var skipped string
	for _, o := range opts {
		p, s, err := WritePictures(ctx, dir, res, camps, o)
		if err != nil {
			return nil, "", err
		}
		pics, skipped = append(pics, p...), cmp.Or(s, skipped)
	}
	if briefPath == "" {
		return pics, skipped, nil
	}
	return pics, skipped, appendPictures(briefPath, pics, skipped)
}

// appendPictures adds a section with the pictures to the brief, linked
// relative to it.
func appendPictures(briefPath string, pics []Picture, skipped string) error {
	var b strings.Builder
	b.WriteString("\n## Pictures\n\n")
	for _, p := range pics {
		src := p.PNG
		if src == "" {
			src = p.SVG
		}
		rel, err := filepath.Rel(filepath.Dir(briefPath), src)
		if err != nil {
			rel = src
		}
		svg, _ := filepath.Rel(filepath.Dir(briefPath), p.SVG)
		fmt.Fprintf(&b, "### %s\n\n![%s](%s)\n\n(SVG: [%s](%s))\n\n", p.Title, p.Title, filepath.ToSlash(rel), filepath.Base(p.SVG), filepath.ToSlash(svg))
	}
	if skipped != "" {
		fmt.Fprintf(&b, "PNG pictures were not drawn: %s\n", skipped)
	}
	f, err := os.OpenFile(briefPath, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
