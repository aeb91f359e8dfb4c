// Command testenv runs a command in the environment of the managed test
// Neo4j (its data folder, ports and page cache, as internal/testneo4j
// declares them), so that the Makefile never repeats them:
//
//	go run ./internal/testneo4j/cmd/testenv ./bin/coopgraph db start
//
// With no command it prints the settings, one NAME=value a line.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"github.com/coopgraph/coopgraph/internal/testneo4j"
)

func main() {
	env := testneo4j.Env()
	if len(os.Args) < 2 {
		for _, kv := range env {
			fmt.Println(kv)
		}
		return
	}
	bin, err := exec.LookPath(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "testenv:", err)
		os.Exit(2)
	}
	// The test settings replace the caller's.
	set := map[string]bool{}
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		set[name] = true
	}
	var merged []string
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); !set[name] {
			merged = append(merged, kv)
		}
	}
	err = syscall.Exec(bin, os.Args[1:], append(merged, env...))
	fmt.Fprintln(os.Stderr, "testenv:", err)
	os.Exit(1)
}
