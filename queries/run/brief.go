package run

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/coopgraph/coopgraph/graph"
	"github.com/coopgraph/coopgraph/queries"
	"github.com/coopgraph/coopgraph/queries/format"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// BriefSummary says what Brief wrote.
type BriefSummary struct {
	Path    string   // the brief
	Reports int      // reports that ran
	Rows    int      // rows in all
	Files   int      // files written, the brief included
	Failed  []string // "name: error" for each report that could not run
}

// Brief runs every report with its defaults and writes dir/brief.md, one
// Markdown brief with an index and every table, and beside it each
// report in every format (dir/<name>.txt, .csv, .json, .md). A report
// that fails is named in the brief and in Failed; the others still run.
func (x *Runner) Brief(ctx context.Context, reports []queries.Report, dir string) (*BriefSummary, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	sum := &BriefSummary{Path: filepath.Join(dir, "brief.md")}
	tables := make([]*format.Table, len(reports))
	errs := make([]error, len(reports))
	for i, r := range reports {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tables[i], errs[i] = x.Report(ctx, r, nil, nil)
		if errs[i] != nil {
			sum.Failed = append(sum.Failed, fmt.Sprintf("%s: %v", r.Name, errs[i]))
			continue
		}
		sum.Reports++
		sum.Rows += len(tables[i].Rows)
		for _, f := range format.Formats {
			var b bytes.Buffer
			if err := format.Write(&b, f, tables[i], format.DefaultWidth); err != nil {
				return nil, err
			}
			if err := os.WriteFile(filepath.Join(dir, r.Name+f.Ext()), b.Bytes(), 0o644); err != nil {
				return nil, err
			}
			sum.Files++
		}
	}

	var b bytes.Buffer
	b.WriteString("# coopgraph brief\n\n")
	if v := x.datasetLine(ctx); v != "" {
		b.WriteString(v + " ")
	}
	fmt.Fprintf(&b, "Every prepared report with its default parameters (%d of %d ran, %d rows). ", sum.Reports, len(reports), sum.Rows)
	b.WriteString("Each report is also beside this file as `<name>.txt` (for terminals), `.csv`, `.json` and `.md`; `coopgraph report show <name>` prints its Cypher and a Neo4j Browser link.\n\n")
	b.WriteString("## Index\n\n")
	pack := ""
	for i, r := range reports {
		if r.Pack != pack {
			pack = r.Pack
			fmt.Fprintf(&b, "- **%s**\n", pack)
		}
		status := "failed"
		if errs[i] == nil {
			status = rowText(len(tables[i].Rows))
		}
		fmt.Fprintf(&b, "  - [%s](#%s) (`%s`): %s\n", mdText(r.Title), r.Name, r.Name, status)
	}
	pack = ""
	for i, r := range reports {
		if r.Pack != pack {
			pack = r.Pack
			fmt.Fprintf(&b, "\n## %s\n", pack)
		}
		fmt.Fprintf(&b, "\n<a id=\"%s\"></a>\n\n### %s\n\n%s\n\n", r.Name, mdText(r.Title), mdText(r.Description))
		if errs[i] != nil {
			fmt.Fprintf(&b, "**Could not run:** %s\n", mdText(errs[i].Error()))
			continue
		}
		t := tables[i]
		fmt.Fprintf(&b, "`%s`", r.Name)
		if p := t.ParamText(); p != "" {
			fmt.Fprintf(&b, " with %s", mdText(p))
		}
		fmt.Fprintf(&b, ": %s. Files: ", rowText(len(t.Rows)))
		for j, f := range format.Formats {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "[%s](%s%s)", strings.TrimPrefix(f.Ext(), "."), r.Name, f.Ext())
		}
		b.WriteString("\n\n")
		if err := format.MarkdownTable(&b, t); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(sum.Path, b.Bytes(), 0o644); err != nil {
		return nil, err
	}
	sum.Files++
	if len(sum.Failed) > 0 {
		return sum, fmt.Errorf("%d of %d reports could not run (the brief %s names them):\n  %s", len(sum.Failed), len(reports), sum.Path, strings.Join(sum.Failed, "\n  "))
	}
	return sum, nil
}

// datasetLine says which dataset the graph holds, from the loader's meta node.
func (x *Runner) datasetLine(ctx context.Context) string {
	res, err := neo4j.ExecuteQuery(ctx, x.Driver, fmt.Sprintf("MATCH (m:%s {id: $id}) RETURN m.version, toString(m.loaded_at), m.entities, m.ties", graph.MetaLabel),
		map[string]any{"id": graph.MetaID}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(x.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil || len(res.Records) == 0 {
		return ""
	}
	v := res.Records[0].Values
	return fmt.Sprintf("Dataset `%v`, loaded %v, %v entities and %v ties.", v[0], strings.SplitN(fmt.Sprint(v[1]), "T", 2)[0], v[2], v[3])
}

func rowText(n int) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

var mdReplacer = strings.NewReplacer(`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`)

func mdText(s string) string { return mdReplacer.Replace(s) }

// List writes every report, grouped by pack, with its title and parameters.
func List(w io.Writer, reports []queries.Report) error {
	width := 0
	for _, r := range reports {
		width = max(width, len(r.Name))
	}
	var b strings.Builder
	pack := ""
	for _, r := range reports {
		if r.Pack != pack {
			if pack != "" {
				b.WriteString("\n")
			}
			pack = r.Pack
			b.WriteString(pack + "\n")
		}
		fmt.Fprintf(&b, "  %-*s  %s\n", width, r.Name, r.Title)
		if len(r.Params) > 0 {
			fmt.Fprintf(&b, "  %-*s  %s\n", width, "", paramSummary(r))
		}
	}
	fmt.Fprintf(&b, "\n%d reports. `coopgraph report show NAME` prints one; `coopgraph report run NAME --param k=v` runs it.\n", len(reports))
	_, err := io.WriteString(w, b.String())
	return err
}

func paramSummary(r queries.Report) string {
	parts := make([]string, len(r.Params))
	for i, p := range r.Params {
		if p.Default != "" {
			parts[i] = fmt.Sprintf("%s=%s (%s)", p.Name, p.Default, p.Type)
		} else {
			parts[i] = fmt.Sprintf("%s (%s, optional)", p.Name, p.Type)
		}
	}
	return strings.Join(parts, ", ")
}

// Browser says where the configured server's Neo4j Browser is.
type Browser struct {
	URL      string // the Browser's address, connect form included, for the managed server; "" if unknown
	BoltURI  string // the configured server, for the hosted-Browser link
	Database string
}

// Link is a Browser address that opens cypher in the editor, or "" when
// the server's own Browser is not known.
func (b Browser) Link(cypher string) string {
	if b.URL == "" {
		return ""
	}
	sep := "?"
	if strings.Contains(b.URL, "?") {
		sep = "&"
	}
	return b.URL + sep + "cmd=edit&arg=" + escape(cypher)
}

// HostedLink opens cypher in the hosted Neo4j Browser with the connect
// form set to the configured server (for servers it can reach, such as Aura).
func (b Browser) HostedLink(cypher string) string {
	q := "dbms=" + escape(b.BoltURI)
	if b.Database != "" {
		q += "&db=" + escape(b.Database)
	}
	return "https://browser.neo4j.io/?" + q + "&cmd=edit&arg=" + escape(cypher)
}

// escape is query escaping with %20 for spaces, which every decoder reads.
func escape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// Show writes a report: what its header declares, the :param lines that
// set its defaults, the Cypher as it stands, and a Browser link.
func Show(w io.Writer, r queries.Report, b Browser) error {
	fmt.Fprintf(w, "%s: %s\n", r.Name, r.Title)
	fmt.Fprintf(w, "pack %s, file queries/%s\n\n%s\n\n", r.Pack, r.File, r.Description)
	if len(r.Params) > 0 {
		fmt.Fprintln(w, "Parameters:")
		for _, p := range r.Params {
			def := "optional, null unless given"
			if p.Default != "" {
				def = "default " + p.Default
			}
			fmt.Fprintf(w, "  %s (%s, %s): %s\n", p.Name, p.Type, def, p.Meaning)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Columns: %s\n", strings.Join(r.Columns, ", "))
	if r.Plan != "" {
		fmt.Fprintf(w, "Plan: %s\n", r.Plan)
	}
	if r.Bound != "" {
		fmt.Fprintf(w, "Bound: %s\n", r.Bound)
	}
	if len(r.Params) > 0 {
		fmt.Fprintf(w, "\nSet the parameters first (Neo4j Browser or cypher-shell):\n%s\n", strings.Join(r.ParamLines(), "\n"))
	}
	fmt.Fprintf(w, "\n--- %s\n%s", r.File, r.Cypher)
	if !strings.HasSuffix(r.Cypher, "\n") {
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "---")
	if r.Visual != "" {
		fmt.Fprintf(w, "\nA picture of it for Neo4j Browser (paths), in %s:\n%s", r.VisualFile, r.Visual)
		if !strings.HasSuffix(r.Visual, "\n") {
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintln(w)
	if link := b.Link(r.Cypher); link != "" {
		fmt.Fprintf(w, "Open it in Neo4j Browser (the managed local server):\n%s\n", link)
		if r.Visual != "" {
			fmt.Fprintf(w, "\nThe picture:\n%s\n", b.Link(r.Visual))
		}
		return nil
	}
	_, err := fmt.Fprintf(w, "The configured server %s is not the managed local one, so coopgraph does not know where its Browser is.\n"+
		"Open its Neo4j Browser (often http://<host>:7474/browser/) and add ?cmd=edit&arg=<the query, URL-encoded> to the address,\n"+
		"or open the hosted Browser, which connects from your web browser to servers it can reach (such as Aura):\n%s\n", b.BoltURI, b.HostedLink(r.Cypher))
	return err
}
