package localdb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/config"
)

type fakeAssets struct{ wrote string }

func (f *fakeAssets) Write(dir string) ([]string, error) {
	f.wrote = dir
	return nil, os.MkdirAll(dir, 0o700)
}
func (f *fakeAssets) PostConnect(base string) string { return "style " + base + "/s.grass" }

func TestConfServesBrowserAssetsOnlyWhenSet(t *testing.T) {
	s := New(config.Local{DataDir: t.TempDir(), HTTPPort: 7999, BoltPort: 7998, PageCache: "64m"})
	if err := os.MkdirAll(s.root, 0o700); err != nil {
		t.Fatal(err)
	}
	conf := func() string {
		t.Helper()
		if err := s.writeConf(Dist{Plugins: "/plugins"}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(s.confPath())
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	old := Browser
	t.Cleanup(func() { Browser = old })
	Browser = nil
	// A server started by a program without assets serves and applies what
	// a later coopgraph writes into its folder.
	if c := conf(); !strings.Contains(c, "\nbrowser.post_connect_cmd=style http://localhost:7999/coopgraph/style.grass; guide http://localhost:7999/coopgraph/guide.md\n") || !strings.Contains(c, "\nserver.unmanaged_extension_classes=") {
		t.Errorf("with no assets in this binary the conf still mounts and applies them:\n%s", c)
	}
	if err := s.writeBrowserAssets(); err != nil {
		t.Fatal(err)
	}

	fake := &fakeAssets{}
	Browser = fake
	c := conf()
	for _, line := range []string{
		"server.unmanaged_extension_classes=dev.coopgraph.assets=/coopgraph",
		"dbms.security.http_auth_allowlist=/,/browser.*,/coopgraph/.*",
		"browser.post_connect_cmd=style http://localhost:7999/coopgraph/s.grass",
	} {
		if !strings.Contains(c, "\n"+line+"\n") {
			t.Errorf("conf lacks %s:\n%s", line, c)
		}
	}
	if err := s.writeBrowserAssets(); err != nil || fake.wrote != filepath.Join(s.root, "browser") {
		t.Errorf("assets written to %q (%v)", fake.wrote, err)
	}
}
