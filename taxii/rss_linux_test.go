//go:build linux

package taxii_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestPagingMemory: `newsgraph serve` with ATT&CK imported, paged through by a
// TAXII client at limit=1000, keeps its resident set within 50 MB of what
// it was idle (measured on the serve process itself, every 10 ms).
func TestPagingMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports ATT&CK")
	}
	const attack = "../../shared/data/attack/enterprise-attack-v18.1.json.gz"
	if _, err := os.Stat(attack); err != nil {
		t.Skip("../shared/data/attack is absent")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "newsgraph")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/newsgraph").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "attack.db")
	if out, err := exec.Command(bin, "import", "--db", db, attack).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	srv := exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0", "--token", token)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { srv.Process.Kill(); srv.Wait() }()
	var base string
	for start := time.Now(); base == "" && time.Since(start) < time.Minute; time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(db + ".serving"); err == nil {
			base = strings.TrimSpace(string(b))
		}
	}
	if base == "" {
		t.Fatal("the server did not start")
	}
	get := func(u string, out any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Accept", "application/taxii+json;version=2.1")
		req.SetBasicAuth("client", token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s", u, resp.Status)
		}
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
	var cols struct{ Collections []struct{ ID, Title string } }
	get(base+"/taxii2/newsgraph/collections/", &cols)
	var objects string
	for _, c := range cols.Collections {
		if c.Title == "newsgraph" {
			objects = base + "/taxii2/newsgraph/collections/" + c.ID + "/objects/"
		}
	}
	time.Sleep(time.Second) // settle
	idle := rssOf(t, srv.Process.Pid)
	var peak atomic.Int64
	done := make(chan struct{})
	go func() {
		for {
			peak.Store(max(peak.Load(), int64(rssOf(t, srv.Process.Pid))))
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	n, pages := 0, 0
	for q := (url.Values{"limit": {"1000"}}); ; pages++ {
		var env struct {
			More    bool
			Next    string
			Objects []json.RawMessage
		}
		get(objects+"?"+q.Encode(), &env)
		n += len(env.Objects)
		if !env.More {
			break
		}
		q.Set("next", env.Next)
	}
	close(done)
	grew := float64(peak.Load())/(1<<20) - idle/(1<<20)
	t.Logf("%d objects in %d pages, %v; server RSS idle %.0f MB, peak %.0f MB (+%.0f MB)",
		n, pages+1, time.Since(start).Round(time.Millisecond), idle/(1<<20), float64(peak.Load())/(1<<20), grew)
	if n < 19000 {
		t.Errorf("%d objects of ATT&CK", n)
	}
	if grew > 50 {
		t.Errorf("paging grew the server's RSS by %.0f MB; the limit is 50 MB", grew)
	}
}

// rssOf is the resident set size of a process, in bytes.
func rssOf(t *testing.T, pid int) float64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseFloat(f[1], 64)
	return pages * float64(os.Getpagesize())
}
