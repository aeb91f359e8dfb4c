package localdb

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Neo4jVersion is the Neo4j Community release the launcher's pom resolves.
const Neo4jVersion = "5.26.31"

// launcherSrc is the Maven project that resolves Neo4j, APOC, OpenGDS and
// the Browser and compiles the launcher. It is embedded so that the binary
// can assemble a server wherever it runs.
//
//go:embed launcher/pom.xml launcher/src
var launcherSrc embed.FS

// Dist is an assembled server: the classpath and the plugins directory.
type Dist struct {
	Root    string
	Lib     string
	Plugins string
}

func distIn(cacheDir string) Dist {
	root := filepath.Join(cacheDir, "neo4j-"+Neo4jVersion)
	return Dist{Root: root, Lib: filepath.Join(root, "dist", "lib"), Plugins: filepath.Join(root, "dist", "plugins")}
}

// srcDigest identifies the embedded Maven project, so that a changed pom
// triggers a new assembly.
func srcDigest() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(launcherSrc, "launcher", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := launcherSrc.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:16], err
}

// Assembled reports whether the cache holds a server built from the current pom.
func Assembled(cacheDir string) bool {
	d := distIn(cacheDir)
	want, err := srcDigest()
	if err != nil {
		return false
	}
	got, err := os.ReadFile(filepath.Join(d.Root, "stamp"))
	return err == nil && strings.TrimSpace(string(got)) == want
}

// Assemble resolves the server's jars with Maven into cacheDir (once; later
// calls return at once). Maven's own output goes to a log file in the cache,
// whose tail is shown if the build fails.
func Assemble(ctx context.Context, cacheDir string, progress io.Writer) (Dist, error) {
	d := distIn(cacheDir)
	if Assembled(cacheDir) {
		return d, nil
	}
	mvn, err := exec.LookPath("mvn")
	if err != nil {
		return d, fmt.Errorf("assembling Neo4j needs Maven (mvn) on PATH: install Maven 3.8+ and a JDK 17+, or set NEO4J_URI to a Neo4j of your own")
	}
	src := filepath.Join(d.Root, "src")
	// A source file left by another version of the launcher would be compiled too.
	for _, dir := range []string{src, filepath.Join(d.Root, "dist")} {
		if err := os.RemoveAll(dir); err != nil {
			return d, err
		}
	}
	if err := fs.WalkDir(launcherSrc, "launcher", func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(src, strings.TrimPrefix(path, "launcher"))
		if e.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := launcherSrc.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	}); err != nil {
		return d, fmt.Errorf("writing the launcher project to %s: %w", src, err)
	}
	fmt.Fprintf(progress, "assembling Neo4j %s with APOC, OpenGDS and Browser from Maven Central into %s (first use only; about 200 MB)\n", Neo4jVersion, d.Root)
	logPath := filepath.Join(d.Root, "maven.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return d, err
	}
	defer logFile.Close()
	cmd := exec.CommandContext(ctx, mvn, "-B", "-q", "-f", filepath.Join(src, "pom.xml"),
		"-Dcoopgraph.out="+filepath.Join(d.Root, "dist"), "package")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Run(); err != nil {
		return d, fmt.Errorf("maven could not assemble Neo4j (%v); its log is %s:\n%s", err, logPath, tail(logPath, 15))
	}
	digest, err := srcDigest()
	if err != nil {
		return d, err
	}
	return d, os.WriteFile(filepath.Join(d.Root, "stamp"), []byte(digest+"\n"), 0o644)
}

// tail returns the last n lines of a file, for error messages.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "  " + string(bytes.Join(lines, []byte("\n  ")))
}
