package main

import (
	"fmt"

	"github.com/coopgraph/coopgraph/browser"
	"github.com/coopgraph/coopgraph/internal/localdb"
	"github.com/spf13/cobra"
)

// Every managed server this program starts or reuses writes, serves and
// applies this binary's Browser style and guide.
func init() { localdb.Browser = browser.Assets{} }

func newCmdBrowser(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "browser",
		Short: "Neo4j Browser's style sheet and guide for the graph",
	}
	var out string
	assets := &cobra.Command{
		Use:   "assets --out DIR",
		Short: "Write the GraSS style sheet and the guide (Markdown) into DIR",
		Long: `Write style.grass (nodes captioned by name, coloured and sized by kind) and
guide.md (the graph model and every report, runnable) into DIR.

The managed local Neo4j writes and serves them itself and applies them when
Browser connects. For a Neo4j of your own, serve DIR over HTTP on localhost
and run ':style URL' and ':guide URL' in Browser, or drag style.grass onto it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("browser assets needs --out DIR: the folder to write style.grass and guide.md into")
			}
			paths, err := browser.Write(out)
			if err != nil {
				return err
			}
			for _, p := range paths {
				fmt.Fprintln(f.Out, p)
			}
			return nil
		},
	}
	assets.Flags().StringVar(&out, "out", "", "folder to write style.grass and guide.md into (created if missing)")
	cmd.AddCommand(assets)
	return cmd
}
