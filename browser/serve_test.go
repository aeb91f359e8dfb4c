package browser_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/browser"
	"github.com/coopgraph/coopgraph/internal/localdb"
	"github.com/coopgraph/coopgraph/internal/testneo4j"
)

// The test server this binary starts or reuses serves the assets, as the
// program's own servers do.
func TestMain(m *testing.M) {
	localdb.Browser = browser.Assets{}
	os.Exit(m.Run())
}

// managed returns the managed test server, or stops the test when tests run
// against a Neo4j of the user's own (which serves no assets).
func managed(t *testing.T) testneo4j.Server {
	t.Helper()
	srv := testneo4j.Get(t)
	if srv.Local == nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("serving the Browser assets needs the managed local Neo4j; unset NEO4J_URI")
		}
		t.Skip("serving the Browser assets needs the managed local Neo4j; unset NEO4J_URI")
	}
	conf, err := os.ReadFile(filepath.Join(filepath.Dir(srv.Local.PasswordFile()), "neo4j.conf"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(conf), "\nbrowser.post_connect_cmd=") {
		t.Fatalf("the running test server was started without the Browser settings (by a program that does not set localdb.Browser): stop it with `%s coopgraph db stop` and run the tests again",
			"COOPGRAPH_DATA_DIR="+filepath.Dir(filepath.Dir(srv.Local.PasswordFile())))
	}
	return srv
}

func get(t *testing.T, method, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// The managed server serves this binary's assets on its own HTTP port,
// without authentication, answers Browser's CORS preflight, and serves
// nothing but the asset files.
func TestManagedServerServesTheAssets(t *testing.T) {
	srv := managed(t)
	base := srv.Local.AssetsURL()
	if !strings.HasPrefix(base, "http://localhost:") {
		t.Fatalf("assets at %s: Browser's whitelist matches host names, so it must be localhost", base)
	}
	assets, err := browser.Files()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range assets {
		res, body := get(t, "GET", base+"/"+name, map[string]string{"Origin": "http://127.0.0.1:7474"})
		if res.StatusCode != 200 || body != want {
			t.Errorf("GET %s: %s, %d bytes, want the %d bytes of browser.Assets", name, res.Status, len(body), len(want))
		}
		if res.Header.Get("Access-Control-Allow-Origin") == "" {
			t.Errorf("GET %s has no Access-Control-Allow-Origin", name)
		}
		res, _ = get(t, "OPTIONS", base+"/"+name, map[string]string{
			"Origin": "http://127.0.0.1:7474", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "pragma,cache-control",
		})
		if res.StatusCode/100 != 2 || res.Header.Get("Access-Control-Allow-Origin") == "" ||
			!strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "cache-control") {
			t.Errorf("OPTIONS %s: %s %v", name, res.Status, res.Header)
		}
	}
	// The conf and the password sit one folder up; nothing reaches them.
	pw, err := os.ReadFile(srv.Local.PasswordFile())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/password", "/..%2fpassword", "/%2e%2e%2fpassword", "/..%2fneo4j.conf", "/neo4j.conf", "/nope.md", "/style.grass.tmp"} {
		res, body := get(t, "GET", base+p, nil)
		if res.StatusCode == 200 || strings.Contains(body, strings.TrimSpace(string(pw))) || strings.Contains(body, "dbms.") {
			t.Errorf("GET %s: %s, %q", p, res.Status, body)
		}
	}
	// What Start wrote is what is served.
	b, err := os.ReadFile(filepath.Join(srv.Local.BrowserDir(), browser.GuideFile))
	if err != nil || string(b) != assets[browser.GuideFile] {
		t.Errorf("%s differs from the generated guide (%v)", browser.GuideFile, err)
	}
}

// The server's settings apply the style and open the guide on connect.
func TestManagedServerAppliesThemOnConnect(t *testing.T) {
	srv := managed(t)
	conf, err := os.ReadFile(filepath.Join(filepath.Dir(srv.Local.PasswordFile()), "neo4j.conf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"browser.post_connect_cmd=" + browser.PostConnect(srv.Local.AssetsURL()),
		"server.unmanaged_extension_classes=dev.coopgraph.assets=/coopgraph",
		"dbms.security.http_auth_allowlist=/,/browser.*,/coopgraph/.*",
	} {
		if !strings.Contains(string(conf), "\n"+line+"\n") {
			t.Errorf("neo4j.conf lacks %s", line)
		}
	}
}
