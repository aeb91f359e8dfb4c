package seed

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coopgraph/coopgraph/seed/synth"
)

func benchEnv(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// BenchmarkValidate reads and validates a synthetic dataset from its files,
// as `coopgraph validate --data DIR` does, and reports throughput (MB/s of
// YAML), the peak live heap seen while it ran and the process's peak RSS.
//
// Sizes are opt-in: BENCH_VALIDATE_NODES, BENCH_VALIDATE_TIES (default 5000
// and 50000) and BENCH_VALIDATE_PER_FILE (items a file, default 50000; set it
// above the tie count for one big file); or BENCH_VALIDATE_DATA=DIR to read
// an existing folder, such as one written by
// `coopgraph synth --out /tmp/synth1m --nodes 100000 --ties 1000000`.
func BenchmarkValidate(b *testing.B) {
	dir := os.Getenv("BENCH_VALIDATE_DATA")
	if dir == "" {
		nodes, ties := benchEnv("BENCH_VALIDATE_NODES", 5000), benchEnv("BENCH_VALIDATE_TIES", 50000)
		dir = b.TempDir()
		ds := synth.Generate(synth.Config{Seed: 42, Nodes: nodes, Ties: ties})
		if err := synth.WriteFiles(dir, ds, benchEnv("BENCH_VALIDATE_PER_FILE", 50000)); err != nil {
			b.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	var size int64
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		size += st.Size()
	}
	b.SetBytes(size)
	runtime.GC()
	peak := sampleHeap()
	b.ResetTimer()
	for b.Loop() {
		ds, err := LoadDir(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		runtime.KeepAlive(ds)
	}
	b.StopTimer()
	b.ReportMetric(float64(peak())/1e6, "peak-heap-MB")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1e3, "max-RSS-MB") // Linux reports kilobytes
	}
}

// sampleHeap polls the live heap every few milliseconds until the returned
// func is called, which stops the polling and returns the largest value seen.
func sampleHeap() func() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		wg.Wait()
		return peak
	}
}
