// Package web embeds newsgraph's built browser apps (the GraphiQL playground
// and the graph explorer) and serves them over HTTP.
//
// The assets under dist/ are built from the sources in the repository's web/
// folder by `npm ci && npm run build` and are committed, so building the Go
// binary needs no Node.js. scripts/check-web-assets.sh verifies that the
// committed files match a fresh build.
//
// Each app handler serves its index.html for the mount point itself (with or
// without a trailing slash) and the app's files below it. It works both under
// http.StripPrefix and mounted directly on a prefixed pattern:
//
//	mux.Handle("GET /playground", web.Playground())
//	mux.Handle("GET /playground/", web.Playground())
//
// Content-hashed names are made at build time: web/build.mjs has esbuild
// name every bundle, worker and asset "[name]-[hash]" ("main-JQJNCYSG.js"),
// the hash taken from the file's content, and writes those names into the
// app's index.html. So a new build gets new names, and the files are served
// with "Cache-Control: public, max-age=31536000, immutable"; index.html, the
// one name that stays, is revalidated on every load ("no-cache", with an
// ETag). Hashing at build time keeps the committed dist/ what the browser
// gets (scripts/check-web-assets.sh compares it with a fresh build) and
// leaves no rewriting of pages or bundles to do at startup.
//
// Every file but index.html is served by http.FileServerFS over the embedded
// files (conditional requests, ranges and HEAD as net/http does them), with
// the content type, cache and ETag headers set beforehand. Text assets are
// gzip-compressed on first request and the compressed bytes are kept; a
// client that accepts gzip gets them from a second http.FileServerFS over
// those encodings. index.html is written by hand, because its <base href>
// depends on the request (see serveIndex). Every response carries the pages'
// security headers, ContentSecurityPolicy among them: the one policy of the
// pages, defined here only.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed dist
var dist embed.FS

// FS returns the built assets, one folder per app ("playground/index.html",
// "explorer/index.html", ...).
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only on an invalid path name, and "dist" is valid.
		panic(fmt.Sprintf("web: sub dist: %v", err))
	}
	return sub
}

// Playground returns the handler of the GraphiQL playground. The page sends
// its GraphQL requests to /graphql on the same origin.
func Playground() http.Handler { return AppHandler(FS(), "playground") }

// Explorer returns the handler of the graph explorer page.
func Explorer() http.Handler { return AppHandler(FS(), "explorer") }

// Operations returns the names of the GraphQL operations the embedded pages
// send (the playground's example tabs, the explorer's queries, GraphiQL's
// introspection), sorted. They are found in the pages' built files, so they
// follow the pages; /metrics labels operations by these names only.
func Operations() []string { return slices.Clone(operations()) }

var operations = sync.OnceValue(func() []string { return findOperations(FS()) })

// operationDef matches a named operation definition at the start of its
// input.
var operationDef = regexp.MustCompile(`^(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)\s*[({@]`)

// operationKeywords start operation definitions. The scripts are megabytes:
// finding the keywords with bytes.Index and matching operationDef only
// where one starts a word is about 6 times faster than running the
// expression over the whole text (it has no literal prefix to look for):
// 39 ms against 241 ms for the embedded pages.
var operationKeywords = [][]byte{[]byte("query"), []byte("mutation"), []byte("subscription")}

// operationNames calls fn with the name of every operation defined in data.
func operationNames(data []byte, fn func(name []byte)) {
	for _, k := range operationKeywords {
		for i := 0; ; {
			j := bytes.Index(data[i:], k)
			if j < 0 {
				break
			}
			at := i + j
			i = at + len(k)
			if at > 0 && isWordByte(data[at-1]) {
				continue
			}
			// a definition's head is short: keyword, name, then ( { or @
			if m := operationDef.FindSubmatch(data[at:min(len(data), at+256)]); m != nil {
				fn(m[1])
			}
		}
	}
}

// isWordByte reports whether c is a word character of regexp's \b.
func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// maxOperations bounds what findOperations returns, whatever the files hold.
const maxOperations = 200

// findOperations returns the names of the GraphQL operations defined in the
// scripts and pages of fsys, sorted, at most 200 names of at most 64 bytes.
func findOperations(fsys fs.FS) []string {
	seen := map[string]bool{}
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		switch path.Ext(p) {
		case ".js", ".mjs", ".html":
		default:
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil
		}
		operationNames(data, func(name []byte) {
			if len(name) <= 64 && len(seen) < maxOperations {
				seen[string(name)] = true
			}
		})
		return nil
	})
	names := slices.Collect(maps.Keys(seen))
	slices.Sort(names)
	return names
}

// AppHandler returns a handler serving the app in folder name of fsys. If the
// folder has no index.html, the handler answers every request with 503 and a
// message that names the missing build.
func AppHandler(fsys fs.FS, name string) http.Handler {
	sub, err := fs.Sub(fsys, name)
	if err == nil {
		var a *app
		if a, err = newApp(sub); err == nil {
			return a
		}
	}
	msg := fmt.Sprintf("web: %s assets are missing (run `npm ci && npm run build` in web/): %v", name, err)
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, msg, http.StatusServiceUnavailable)
	})
}

// ContentSecurityPolicy is the one policy of the pages: they load and send
// nothing outside their own origin. Monaco and React set inline styles, hence
// 'unsafe-inline' for styles only; fonts and images may be data: URLs, and
// Monaco starts its workers from blob: URLs. No page may be framed.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers of every response of an app, the
// Content-Security-Policy among them. A server may wrap the handler with
// stricter headers of its own; they are kept.
func securityHeaders(h http.Header) {
	setDefault(h, "Content-Security-Policy", ContentSecurityPolicy)
	setDefault(h, "X-Content-Type-Options", "nosniff")
	setDefault(h, "Referrer-Policy", "no-referrer")
	setDefault(h, "X-Frame-Options", "DENY")
}

const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
	// gzipMinSize is the size below which compressing is not worth it.
	gzipMinSize = 1024
)

// hashedName matches the content-hashed names esbuild writes ("main-JQJNCYSG.js").
var hashedName = regexp.MustCompile(`-[A-Z0-9]{8}\.[a-z0-9]+$`)

// contentType names the types of the files the build writes, so that they do
// not depend on the host's mime tables.
func contentType(ext string) string {
	switch ext {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json", ".map":
		return "application/json"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	case ".ttf":
		return "font/ttf"
	case ".woff":
		return "font/woff"
	case ".woff2":
		return "font/woff2"
	case ".wasm":
		return "application/wasm"
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// compressible reports whether files with extension ext are worth gzipping.
func compressible(ext string) bool {
	switch ext {
	case ".html", ".js", ".mjs", ".css", ".json", ".map", ".txt", ".svg", ".ttf":
		return true
	}
	return false
}

// app serves one built app: index.html by hand (its <base href> depends on
// the request), every other file through http.FileServerFS.
type app struct {
	fsys  fs.FS
	files map[string]*file // by slash path relative to the app root
	index *file
	// indexData is index.html as built.
	indexData []byte
	// plain serves the files of fsys; gzip serves their gzip encodings
	// (gzipFS). Both are http.FileServerFS, so conditional requests, ranges
	// and HEAD follow net/http.
	plain, gzip http.Handler
}

// file is one asset with its precomputed headers and, once asked for, its
// gzip encoding.
type file struct {
	name         string
	etag         string // quoted strong ETag of the file's bytes
	contentType  string
	cacheControl string
	compressible bool

	gzOnce sync.Once
	gz     []byte // nil when compression did not make it smaller
}

func newApp(fsys fs.FS) (*app, error) {
	a := &app{fsys: fsys, files: map[string]*file{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		a.files[p] = newFile(p, data)
		if p == "index.html" {
			a.indexData = data
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: read assets: %w", err)
	}
	a.index = a.files["index.html"]
	if a.index == nil {
		return nil, fmt.Errorf("web: read assets: no index.html")
	}
	a.index.cacheControl = cacheRevalidate
	a.plain = http.FileServerFS(fsys)
	a.gzip = http.FileServerFS(gzipFS{a})
	return a, nil
}

func newFile(name string, data []byte) *file {
	ext := path.Ext(name)
	cc := cacheRevalidate
	if hashedName.MatchString(name) {
		cc = cacheImmutable
	}
	return &file{
		name:         name,
		etag:         etagOf(data),
		contentType:  contentType(ext),
		cacheControl: cc,
		compressible: compressible(ext) && len(data) >= gzipMinSize,
	}
}

func etagOf(data []byte) string {
	sum := sha256.Sum256(data)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
}

// gzipped returns the gzip encoding of f, read from fsys, or nil when it is
// not smaller (or the file cannot be read: the plain path then answers).
func (f *file) gzipped(fsys fs.FS) []byte {
	f.gzOnce.Do(func() {
		data, err := fs.ReadFile(fsys, f.name)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return
		}
		if _, err := zw.Write(data); err != nil {
			return
		}
		if err := zw.Close(); err != nil {
			return
		}
		if buf.Len() < len(data) {
			f.gz = buf.Bytes()
		}
	})
	return f.gz
}

// gzipFS is the file system of an app's gzip encodings, under the names of
// the files they encode.
type gzipFS struct{ a *app }

// Open implements fs.FS.
func (g gzipFS) Open(name string) (fs.File, error) {
	f := g.a.files[name]
	if f == nil || !f.compressible {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	gz := f.gzipped(g.a.fsys)
	if gz == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{Reader: bytes.NewReader(gz), name: path.Base(name)}, nil
}

// memFile is an open file of bytes in memory; it implements fs.File and
// io.Seeker, as http.FileServerFS needs.
type memFile struct {
	*bytes.Reader
	name string
}

func (m *memFile) Stat() (fs.FileInfo, error) { return memInfo{m}, nil }
func (m *memFile) Close() error               { return nil }

// memInfo describes a memFile.
type memInfo struct{ m *memFile }

func (i memInfo) Name() string       { return i.m.name }
func (i memInfo) Size() int64        { return i.m.Reader.Size() }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

// lookup finds the file a request path names. The path may still carry the
// mount prefix ("/playground/main-X.js" when mounted without StripPrefix), so
// the longest suffix of its segments that names a file wins. Paths with no
// file extension that name no file get index.html: that covers the mount
// point itself ("/playground") and client-side routes.
func (a *app) lookup(urlPath string) (f *file, isIndex bool) {
	clean := strings.Trim(path.Clean("/"+urlPath), "/")
	if clean == "" {
		return a.index, true
	}
	segs := strings.Split(clean, "/")
	for i := range segs {
		if f := a.files[strings.Join(segs[i:], "/")]; f != nil {
			return f, f == a.index
		}
	}
	if path.Ext(segs[len(segs)-1]) == "" {
		return a.index, true
	}
	return nil, false
}

// ServeHTTP implements http.Handler.
func (a *app) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w.Header())
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	f, isIndex := a.lookup(r.URL.Path)
	if f == nil {
		http.NotFound(w, r)
		return
	}
	if isIndex {
		a.serveIndex(w, r)
		return
	}
	h := w.Header()
	// set before the file server runs, which keeps them (and checks
	// If-None-Match against the ETag)
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", f.cacheControl)
	server, etag := a.plain, f.etag
	if f.compressible {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			if gz := f.gzipped(a.fsys); gz != nil {
				server, etag = a.gzip, f.etag[:len(f.etag)-1]+`.gz"`
				h.Set("Content-Encoding", "gzip")
				// ServeContent leaves Content-Length out when
				// Content-Encoding is set; the encoded size is known
				h.Set("Content-Length", strconv.Itoa(len(gz)))
			}
		}
	}
	h.Set("ETag", etag)
	server.ServeHTTP(w, withPath(r, "/"+f.name))
}

// withPath returns a shallow copy of r whose URL path is p, as
// http.StripPrefix makes one.
func withPath(r *http.Request, p string) *http.Request {
	r2 := new(http.Request)
	*r2 = *r
	r2.URL = new(url.URL)
	*r2.URL = *r.URL
	r2.URL.Path = p
	r2.URL.RawPath = ""
	return r2
}

// serveIndex writes index.html with its <base href> set so that the page's
// relative asset URLs resolve below the mount point whether or not the
// browser's URL ends with a slash.
func (a *app) serveIndex(w http.ResponseWriter, r *http.Request) {
	body := a.indexData
	if base := baseHref(r); base != "./" {
		body = bytes.Replace(body, []byte(`<base href="./"`), []byte(`<base href="`+html.EscapeString(base)+`"`), 1)
	}
	h := w.Header()
	h.Set("Content-Type", a.index.contentType)
	h.Set("Cache-Control", cacheRevalidate)
	h.Set("ETag", etagOf(body))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// setDefault sets header key to value unless it is set already.
func setDefault(h http.Header, key, value string) {
	if h.Get(key) == "" {
		h.Set(key, value)
	}
}

// baseHref returns the base URL, relative to the page, of the app's assets:
// "./" when the browser's path ends with a slash, else its last segment and a
// slash ("/playground" gives "playground/").
func baseHref(r *http.Request) string {
	p := r.URL.Path
	if r.RequestURI != "" {
		// http.StripPrefix shortens r.URL.Path; RequestURI is what the
		// browser asked for.
		if u, err := url.ParseRequestURI(r.RequestURI); err == nil {
			p = u.Path
		}
	}
	if p == "" || strings.HasSuffix(p, "/") {
		return "./"
	}
	return url.PathEscape(path.Base(p)) + "/"
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
