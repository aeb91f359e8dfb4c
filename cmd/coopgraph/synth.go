package main

import (
	"context"
	"fmt"
	"io"

	"github.com/coopgraph/coopgraph/seed/synth"
	"github.com/spf13/cobra"
)

type synthOptions struct {
	Synth   synth.Config
	OutDir  string
	PerFile int
	Out     io.Writer
}

// newCmdSynth builds `synth`; runF replaces runSynth in tests.
func newCmdSynth(f *factory, runF func(context.Context, *synthOptions) error) *cobra.Command {
	o := &synthOptions{}
	c := &cobra.Command{
		Use:   "synth --out DIR",
		Short: "Write a synthetic dataset (deterministic from --seed, skewed degrees) for scale tests and benchmarks",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Out = f.Out
			if o.OutDir == "" {
				return usagef("synth needs --out DIR")
			}
			if o.Synth.Nodes < 20 || o.Synth.Ties < 1 {
				return usagef("synth needs --nodes of at least 20 and --ties of at least 1")
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return runSynth(cmd.Context(), o)
		},
	}
	c.Flags().IntVar(&o.Synth.Nodes, "nodes", 10000, "number of nodes")
	c.Flags().IntVar(&o.Synth.Ties, "ties", 100000, "number of ties")
	c.Flags().Int64Var(&o.Synth.Seed, "seed", 1, "random seed")
	c.Flags().StringVar(&o.OutDir, "out", "", "folder to write the dataset files into")
	c.Flags().IntVar(&o.PerFile, "per-file", 50000, "entities or ties per file")
	return c
}

func runSynth(_ context.Context, o *synthOptions) error {
	ds := synth.Generate(o.Synth)
	if err := synth.WriteFiles(o.OutDir, ds, o.PerFile); err != nil {
		return err
	}
	fmt.Fprintf(o.Out, "wrote %d entities and %d ties to %s (load with `coopgraph seed --data %s`)\n", len(ds.Entities), len(ds.Ties), o.OutDir, o.OutDir)
	return nil
}
