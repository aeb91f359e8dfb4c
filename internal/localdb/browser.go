package localdb

import (
	"fmt"
	"path/filepath"
)

// BrowserAssets is what the managed server serves to Neo4j Browser: files
// written into a folder, and the Browser commands that apply them once they
// are served under a base URL (browser.post_connect_cmd).
type BrowserAssets interface {
	Write(dir string) ([]string, error)
	PostConnect(base string) string
}

// Browser, when set, is written at every Start, served on the HTTP port and
// applied when Browser connects. The program sets it to package browser's
// assets; localdb cannot import that package itself, because the report
// packs it reads have tests that start servers through this one. Nil: the
// server serves no assets and leaves Browser as it is.
var Browser BrowserAssets

// The launcher jar's unmanaged JAX-RS extension that serves the assets
// (launcher/src/main/java/dev/coopgraph/assets), where it is mounted, and
// the system property that names its folder.
const (
	assetsPackage  = "dev.coopgraph.assets"
	assetsMount    = "/coopgraph"
	assetsProperty = "coopgraph.browser.dir"
)

// BrowserDir is where the Browser assets are written and served from.
func (s *Server) BrowserDir() string { return filepath.Join(s.root, "browser") }

// AssetsURL is where the assets are served. It names localhost, not
// 127.0.0.1: Browser's remote-content whitelist matches host names.
func (s *Server) AssetsURL() string {
	return fmt.Sprintf("http://localhost:%d%s", s.cfg.HTTPPort, assetsMount)
}

// writeBrowserAssets writes this binary's assets, so that what Browser shows
// never drifts from the code that runs.
func (s *Server) writeBrowserAssets() error {
	if Browser == nil {
		return nil
	}
	if _, err := Browser.Write(s.BrowserDir()); err != nil {
		return fmt.Errorf("writing the Neo4j Browser style and guide: %w", err)
	}
	return nil
}

// browserConf mounts the assets extension, lets its path through without
// authentication (like the Browser's own files), applies the assets when
// Browser connects, and keeps Browser from sending usage data, as the server
// itself does not (dbms.usage_report.enabled).
//
// The settings do not depend on whether this binary has assets: a server
// started by a program without them (a test binary) still serves and applies
// what the next coopgraph writes into its folder at start or reuse.
func (s *Server) browserConf() []string {
	post := fmt.Sprintf("style %[1]s/style.grass; guide %[1]s/guide.md", s.AssetsURL())
	if Browser != nil {
		post = Browser.PostConnect(s.AssetsURL())
	}
	return []string{
		"server.unmanaged_extension_classes=" + assetsPackage + "=" + assetsMount,
		"dbms.security.http_auth_allowlist=/,/browser.*," + assetsMount + "/.*",
		"browser.post_connect_cmd=" + post,
		"client.allow_telemetry=false",
	}
}
