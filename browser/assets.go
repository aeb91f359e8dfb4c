package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/coopgraph/coopgraph/queries"
)

// File names of the assets, as served and as written.
const (
	StyleFile = "style.grass"
	GuideFile = "guide.md"
)

// PostConnect is the value of Browser's browser.post_connect_cmd setting that
// applies the style and opens the guide in the sidebar, with the assets
// served under base (e.g. http://localhost:7474/coopgraph). Browser runs each
// part, split on ";", as a command with a leading colon. base must name the
// host as Browser's remote-content whitelist does (localhost by default):
// the whitelist matches host names, and refuses 127.0.0.1.
func PostConnect(base string) string {
	base = strings.TrimRight(base, "/")
	return fmt.Sprintf("style %s/%s; guide %s/%s", base, StyleFile, base, GuideFile)
}

// Assets are the style sheet and the guide as the managed local Neo4j takes
// them (localdb.Browser): it writes them at every start, serves them and
// applies them on connect.
type Assets struct{}

// Write writes the assets into dir; see the function Write.
func (Assets) Write(dir string) ([]string, error) { return Write(dir) }

// PostConnect is the function PostConnect.
func (Assets) PostConnect(base string) string { return PostConnect(base) }

// Files returns the contents of each asset by file name.
func Files() (map[string]string, error) {
	reports, err := queries.All()
	if err != nil {
		return nil, fmt.Errorf("reading the reports for the guide: %w", err)
	}
	return map[string]string{StyleFile: Style(), GuideFile: Guide(reports)}, nil
}

// Write writes the assets into dir (created if missing) and returns their
// paths. Each file is replaced whole (written beside it, then renamed), so a
// server reading it meanwhile never sees half a file.
func Write(dir string) ([]string, error) {
	assets, err := Files()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	var paths []string
	for _, name := range []string{StyleFile, GuideFile} {
		p := filepath.Join(dir, name)
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, []byte(assets[name]), 0o644); err != nil {
			return nil, fmt.Errorf("writing %s: %w", p, err)
		}
		if err := os.Rename(tmp, p); err != nil {
			return nil, fmt.Errorf("writing %s: %w", p, err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}
