package main

import (
	"fmt"

	"github.com/coopgraph/coopgraph/seed/synth"
	"github.com/spf13/cobra"
)

func (a *app) synthCommand() *cobra.Command {
	var cfg synth.Config
	var out string
	var perFile int
	c := &cobra.Command{
		Use:   "synth --out DIR",
		Short: "Write a synthetic dataset (deterministic from --seed, skewed degrees) for scale tests and benchmarks",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("synth needs --out DIR")
			}
			if cfg.Nodes < 20 || cfg.Ties < 1 {
				return usagef("synth needs --nodes of at least 20 and --ties of at least 1")
			}
			ds := synth.Generate(cfg)
			if err := synth.WriteFiles(out, ds, perFile); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "wrote %d entities and %d ties to %s (load with `coopgraph seed --data %s`)\n", len(ds.Entities), len(ds.Ties), out, out)
			return nil
		},
	}
	c.Flags().IntVar(&cfg.Nodes, "nodes", 10000, "number of nodes")
	c.Flags().IntVar(&cfg.Ties, "ties", 100000, "number of ties")
	c.Flags().Int64Var(&cfg.Seed, "seed", 1, "random seed")
	c.Flags().StringVar(&out, "out", "", "folder to write the dataset files into")
	c.Flags().IntVar(&perFile, "per-file", 50000, "entities or ties per file")
	return c
}
