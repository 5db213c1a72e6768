package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// assetRefs finds the src and href values of an index.html.
var assetRefs = regexp.MustCompile(`(?:src|href)="([^"]*)"`)

// mounts returns a mux with h mounted at /playground in the two ways a
// server may do it.
func mounts(h http.Handler) map[string]http.Handler {
	strip := http.NewServeMux()
	strip.Handle("GET /playground", http.StripPrefix("/playground", h))
	strip.Handle("GET /playground/", http.StripPrefix("/playground", h))
	direct := http.NewServeMux()
	direct.Handle("GET /playground", h)
	direct.Handle("GET /playground/", h)
	return map[string]http.Handler{"StripPrefix": strip, "direct": direct}
}

func get(h http.Handler, target string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// playgroundAssets returns the local asset URLs the built index.html refers to.
func playgroundAssets(t *testing.T) []string {
	t.Helper()
	index, err := fs.ReadFile(FS(), "playground/index.html")
	if err != nil {
		t.Fatalf("read built index: %v", err)
	}
	var refs []string
	for _, m := range assetRefs.FindAllStringSubmatch(string(index), -1) {
		ref := m[1]
		if ref == "./" || strings.HasPrefix(ref, "data:") {
			continue
		}
		if strings.Contains(ref, "//") {
			t.Errorf("index.html refers to another origin: %q", ref)
		}
		refs = append(refs, ref)
	}
	if len(refs) < 2 {
		t.Fatalf("index.html refers to %v, want a script and a stylesheet", refs)
	}
	return refs
}

func TestPlaygroundServesIndexAndAssets(t *testing.T) {
	refs := playgroundAssets(t)
	for name, mux := range mounts(Playground()) {
		t.Run(name, func(t *testing.T) {
			tests := []struct {
				target   string
				wantBase string
			}{
				{"/playground", `<base href="playground/"`},
				{"/playground/", `<base href="./"`},
				{"/playground/?query=%7B__typename%7D", `<base href="./"`},
			}
			for _, tc := range tests {
				t.Run(tc.target, func(t *testing.T) {
					rec := get(mux, tc.target, nil)
					if rec.Code != http.StatusOK {
						t.Fatalf("status %d, want 200", rec.Code)
					}
					if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
						t.Errorf("Content-Type %q", ct)
					}
					if cc := rec.Header().Get("Cache-Control"); cc != "no-cache" {
						t.Errorf("Cache-Control %q, want no-cache", cc)
					}
					if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self'") {
						t.Errorf("Content-Security-Policy %q lacks connect-src 'self'", csp)
					}
					body := rec.Body.String()
					if !strings.Contains(body, tc.wantBase) {
						t.Errorf("body lacks %s:\n%s", tc.wantBase, body)
					}
					if !strings.Contains(body, `id="graphiql"`) {
						t.Errorf("body lacks the GraphiQL root element")
					}
				})
			}
			for _, ref := range refs {
				target := "/playground/" + strings.TrimPrefix(ref, "./")
				t.Run(target, func(t *testing.T) {
					rec := get(mux, target, nil)
					if rec.Code != http.StatusOK {
						t.Fatalf("status %d, want 200", rec.Code)
					}
					if cc := rec.Header().Get("Cache-Control"); cc != cacheImmutable {
						t.Errorf("Cache-Control %q, want %q", cc, cacheImmutable)
					}
					if rec.Header().Get("ETag") == "" {
						t.Errorf("no ETag")
					}
					if rec.Body.Len() == 0 {
						t.Errorf("empty body")
					}
				})
			}
		})
	}
}

func TestPlaygroundWorkersAreBuilt(t *testing.T) {
	workers, err := fs.Glob(FS(), "playground/workers/*.worker-*.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"editor", "json", "graphql"} {
		t.Run(kind, func(t *testing.T) {
			var found string
			for _, w := range workers {
				if strings.HasPrefix(w, "playground/workers/"+kind+".worker-") {
					found = w
				}
			}
			if found == "" {
				t.Fatalf("no %s worker among %v", kind, workers)
			}
			main, err := fs.Glob(FS(), "playground/main-*.js")
			if err != nil || len(main) != 1 {
				t.Fatalf("main bundle: %v %v", main, err)
			}
			js, err := fs.ReadFile(FS(), main[0])
			if err != nil {
				t.Fatal(err)
			}
			if rel := "./" + strings.TrimPrefix(found, "playground/"); !bytes.Contains(js, []byte(rel)) {
				t.Errorf("main bundle does not refer to %s", rel)
			}
		})
	}
}

func TestContentTypes(t *testing.T) {
	h := Playground()
	js, _ := fs.Glob(FS(), "playground/main-*.js")
	css, _ := fs.Glob(FS(), "playground/main-*.css")
	fonts, _ := fs.Glob(FS(), "playground/assets/*.ttf")
	if len(js) == 0 || len(css) == 0 || len(fonts) == 0 {
		t.Fatalf("build output incomplete: js %v css %v fonts %v", js, css, fonts)
	}
	tests := []struct {
		file string
		want string
	}{
		{js[0], "text/javascript; charset=utf-8"},
		{css[0], "text/css; charset=utf-8"},
		{fonts[0], "font/ttf"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			rec := get(h, "/"+strings.TrimPrefix(tc.file, "playground/"), nil)
			if got := rec.Header().Get("Content-Type"); got != tc.want {
				t.Errorf("Content-Type %q, want %q", got, tc.want)
			}
			if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
		})
	}
}

func testApp(t *testing.T) http.Handler {
	t.Helper()
	big := strings.Repeat("console.log('newsgraph');\n", 200)
	return AppHandler(fstest.MapFS{
		"app/index.html":            {Data: []byte(`<html><head><base href="./" /></head><body>hi</body></html>`)},
		"app/main-ABCDEFGH.js":      {Data: []byte(big)},
		"app/small.js":              {Data: []byte("1")},
		"app/assets/x-ABCDEFGH.ttf": {Data: []byte("font")},
	}, "app")
}

func TestStatusCodes(t *testing.T) {
	h := testApp(t)
	tests := []struct {
		method string
		target string
		want   int
	}{
		{http.MethodGet, "/", http.StatusOK},
		{http.MethodHead, "/", http.StatusOK},
		{http.MethodGet, "/main-ABCDEFGH.js", http.StatusOK},
		{http.MethodGet, "/assets/x-ABCDEFGH.ttf", http.StatusOK},
		{http.MethodGet, "/some/route", http.StatusOK}, // client-side route: index
		{http.MethodGet, "/missing.js", http.StatusNotFound},
		{http.MethodGet, "/../../web.go", http.StatusNotFound},
		{http.MethodGet, "/assets/../../../etc/passwd.txt", http.StatusNotFound},
		{http.MethodPost, "/", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/main-ABCDEFGH.js", http.StatusMethodNotAllowed},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, "/", nil)
			req.URL.Path = tc.target // keep ".." segments for the handler to clean
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Errorf("status %d, want %d", rec.Code, tc.want)
			}
		})
	}
}

func TestCacheHeaders(t *testing.T) {
	h := testApp(t)
	tests := []struct {
		target string
		want   string
	}{
		{"/", "no-cache"},
		{"/index.html", "no-cache"},
		{"/main-ABCDEFGH.js", cacheImmutable},
		{"/small.js", "no-cache"},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			if got := get(h, tc.target, nil).Header().Get("Cache-Control"); got != tc.want {
				t.Errorf("Cache-Control %q, want %q", got, tc.want)
			}
		})
	}
}

func TestGzipAndConditionalRequests(t *testing.T) {
	h := testApp(t)
	plain := get(h, "/main-ABCDEFGH.js", nil)
	if plain.Header().Get("Content-Encoding") != "" {
		t.Fatalf("plain request got Content-Encoding %q", plain.Header().Get("Content-Encoding"))
	}
	tests := []struct {
		name           string
		acceptEncoding string
		wantGzip       bool
	}{
		{"gzip", "gzip", true},
		{"list", "br, gzip;q=0.8, deflate", true},
		{"refused", "gzip;q=0, br", false},
		{"none", "", false},
		{"identity", "identity", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(h, "/main-ABCDEFGH.js", http.Header{"Accept-Encoding": {tc.acceptEncoding}})
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
				t.Errorf("Vary %q lacks Accept-Encoding", rec.Header().Get("Vary"))
			}
			body := rec.Body.Bytes()
			gotGzip := rec.Header().Get("Content-Encoding") == "gzip"
			if gotGzip != tc.wantGzip {
				t.Fatalf("gzip %v, want %v", gotGzip, tc.wantGzip)
			}
			if gotGzip {
				if cl := rec.Header().Get("Content-Length"); cl != strconv.Itoa(len(body)) {
					t.Errorf("Content-Length %q, want %d", cl, len(body))
				}
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(body, plain.Body.Bytes()) {
				t.Errorf("decoded body differs from the plain one")
			}
			etag := rec.Header().Get("ETag")
			again := get(h, "/main-ABCDEFGH.js", http.Header{
				"Accept-Encoding": {tc.acceptEncoding},
				"If-None-Match":   {etag},
			})
			if again.Code != http.StatusNotModified {
				t.Errorf("If-None-Match %s: status %d, want 304", etag, again.Code)
			}
		})
	}
	t.Run("small files stay plain", func(t *testing.T) {
		rec := get(h, "/small.js", http.Header{"Accept-Encoding": {"gzip"}})
		if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != "1" {
			t.Errorf("small file: encoding %q body %q", rec.Header().Get("Content-Encoding"), rec.Body.String())
		}
	})
}

func TestBaseHref(t *testing.T) {
	tests := []struct {
		requestURI string
		urlPath    string
		want       string
	}{
		{"/playground", "", "playground/"},
		{"/playground/", "/", "./"},
		{"/", "/", "./"},
		{"/a/b?x=1", "/b", "b/"},
		{"", "/playground", "playground/"}, // a handler called directly, as in tests
		{"/odd%20name", "", "odd%20name/"},
	}
	for _, tc := range tests {
		t.Run(tc.requestURI+"|"+tc.urlPath, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RequestURI = tc.requestURI
			req.URL.Path = tc.urlPath
			if got := baseHref(req); got != tc.want {
				t.Errorf("baseHref = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMissingAssets(t *testing.T) {
	h := AppHandler(fstest.MapFS{"other/index.html": {Data: []byte("x")}}, "app")
	rec := get(h, "/", nil)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "npm run build") {
		t.Errorf("status %d body %q, want 503 naming the build", rec.Code, rec.Body.String())
	}
}

func TestExplorerPlaceholder(t *testing.T) {
	rec := get(Explorer(), "/", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	if !strings.Contains(body, "explorer") {
		t.Errorf("explorer page does not mention the explorer:\n%s", body)
	}
}

func TestConcurrentGzip(t *testing.T) {
	h := testApp(t)
	const n = 8
	bodies := make(chan []byte, n)
	for range n {
		go func() {
			bodies <- get(h, "/main-ABCDEFGH.js", http.Header{"Accept-Encoding": {"gzip"}}).Body.Bytes()
		}()
	}
	first := <-bodies
	for range n - 1 {
		if b := <-bodies; !bytes.Equal(b, first) {
			t.Fatalf("concurrent requests got different gzip bodies")
		}
	}
}

func TestKeepsHeadersOfWrappingServer(t *testing.T) {
	strict := "default-src 'none'"
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", strict)
		testApp(t).ServeHTTP(w, r)
	})
	if got := get(h, "/", nil).Header().Get("Content-Security-Policy"); got != strict {
		t.Errorf("Content-Security-Policy %q, want the wrapper's %q", got, strict)
	}
	if got := get(testApp(t), "/", nil).Header().Get("Content-Security-Policy"); got != ContentSecurityPolicy {
		t.Errorf("Content-Security-Policy %q, want the default", got)
	}
}

// TestOperations: the operation names found in the built pages are the
// playground's example tabs and the explorer's queries, a small set.
func TestOperations(t *testing.T) {
	ops := Operations()
	for _, want := range []string{
		"Search", "EntityWithEvidence", "Neighborhood", "Paths", "Stats", // the playground's tabs
		"ExplorerSearch", "ExplorerLoad", "ExplorerStats", // some of the explorer's queries
	} {
		if !slices.Contains(ops, want) {
			t.Errorf("Operations() = %v lacks %s", ops, want)
		}
	}
	if len(ops) > 40 {
		t.Errorf("Operations() has %d names, want a small set: %v", len(ops), ops)
	}
}

func TestFindOperations(t *testing.T) {
	long := strings.Repeat("L", 65)
	fsys := fstest.MapFS{
		"a/main.js": {Data: []byte("const q = `query One($x: ID!) { a }`, m = 'mutation Two { b }', s = \"subscription Three @live { c }\";\n" +
			"// query ( is no operation, nor queryFour { no }, nor query " + long + " { too long }\n" +
			"gql(`query Five(${defs}) { x }`); gql(`query One { again }`);")},
		"a/index.html": {Data: []byte(`<script>fetch("/graphql", {body: JSON.stringify({query: "query Six { s }"})})</script>`)},
		"a/style.css":  {Data: []byte(`/* query Seven { } */`)},
	}
	got := findOperations(fsys)
	if want := []string{"Five", "One", "Six", "Three", "Two"}; !slices.Equal(got, want) {
		t.Errorf("findOperations = %v, want %v", got, want)
	}
	var many strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&many, "query Q%d { a }\n", i)
	}
	if got := findOperations(fstest.MapFS{"m.js": {Data: []byte(many.String())}}); len(got) != maxOperations {
		t.Errorf("findOperations of 1000 names kept %d, want the bound %d", len(got), maxOperations)
	}
}

// TestBuiltAssetsAreHashed: every built file but the pages has a
// content-hashed name and is served for immutable caching under it, and every
// local asset a page refers to is such a file.
func TestBuiltAssetsAreHashed(t *testing.T) {
	apps := map[string]http.Handler{"playground": Playground(), "explorer": Explorer()}
	err := fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		appName, rel, _ := strings.Cut(p, "/")
		if rel == "index.html" {
			return nil
		}
		t.Run(p, func(t *testing.T) {
			if !hashedName.MatchString(rel) {
				t.Fatalf("%s has no content-hashed name", p)
			}
			rec := get(apps[appName], "/"+rel, nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			if cc := rec.Header().Get("Cache-Control"); cc != cacheImmutable {
				t.Errorf("Cache-Control %q, want %q", cc, cacheImmutable)
			}
			want, _ := fs.ReadFile(FS(), p)
			if !bytes.Equal(rec.Body.Bytes(), want) {
				t.Errorf("body differs from the built file")
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range apps {
		t.Run(name+"/index.html", func(t *testing.T) {
			index, err := fs.ReadFile(FS(), name+"/index.html")
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, m := range assetRefs.FindAllStringSubmatch(string(index), -1) {
				ref := m[1]
				if strings.HasPrefix(ref, "data:") || path.Ext(ref) == "" {
					continue // a data: URL, a link to a page
				}
				n++
				if !hashedName.MatchString(ref) {
					t.Errorf("index.html refers to %q, not a content-hashed name", ref)
				}
				if _, err := fs.Stat(FS(), name+"/"+strings.TrimPrefix(ref, "./")); err != nil {
					t.Errorf("index.html refers to %q, which the build lacks", ref)
				}
			}
			if n == 0 {
				t.Errorf("index.html refers to no asset")
			}
		})
	}
}

// TestFileServerFeatures: the assets are served by net/http's file server, so
// HEAD, ranges and directory paths behave as it makes them, with the app's
// headers kept.
func TestFileServerFeatures(t *testing.T) {
	h := testApp(t)
	full := get(h, "/main-ABCDEFGH.js", nil).Body.Bytes()
	tests := []struct {
		name     string
		method   string
		target   string
		header   http.Header
		wantCode int
		wantBody []byte
		wantLen  string
	}{
		{"head", http.MethodHead, "/main-ABCDEFGH.js", nil, http.StatusOK, nil, strconv.Itoa(len(full))},
		{"range", http.MethodGet, "/main-ABCDEFGH.js", http.Header{"Range": {"bytes=0-9"}}, http.StatusPartialContent, full[:10], "10"},
		{"range past the end", http.MethodGet, "/main-ABCDEFGH.js", http.Header{"Range": {"bytes=999999-"}}, http.StatusRequestedRangeNotSatisfiable, nil, ""},
		{"directory", http.MethodGet, "/assets/", nil, http.StatusOK, nil, ""}, // index.html, no listing
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, nil)
			maps.Copy(req.Header, tc.header)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.wantCode {
				t.Fatalf("status %d, want %d", rec.Code, tc.wantCode)
			}
			if tc.wantBody != nil && !bytes.Equal(rec.Body.Bytes(), tc.wantBody) {
				t.Errorf("body %q, want %q", rec.Body.Bytes(), tc.wantBody)
			}
			if tc.method == http.MethodHead && rec.Body.Len() != 0 {
				t.Errorf("HEAD has a body")
			}
			if tc.wantLen != "" && rec.Header().Get("Content-Length") != tc.wantLen {
				t.Errorf("Content-Length %q, want %s", rec.Header().Get("Content-Length"), tc.wantLen)
			}
			if tc.name == "directory" && !strings.Contains(rec.Body.String(), "hi") {
				t.Errorf("directory path: body %q, want the app's index.html", rec.Body.String())
			}
			if csp := rec.Header().Get("Content-Security-Policy"); csp != ContentSecurityPolicy {
				t.Errorf("Content-Security-Policy %q", csp)
			}
		})
	}
}
