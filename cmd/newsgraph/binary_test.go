package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestRefusesBinary: `cp /bin/ls x.txt && newsgraph ingest x.txt`
// fails with an error naming the file, and writes nothing of it; the text
// files of the same batch go in.
func TestIngestRefusesBinary(t *testing.T) {
	exe, err := os.ReadFile("/bin/ls")
	if err != nil {
		if exe, err = os.ReadFile("/proc/self/exe"); err != nil {
			t.Skip("no executable to copy")
		}
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	binTxt := write("x.txt", exe)
	binHTML := write("page.html", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	good := write("good.txt", []byte("NATO condemned Russia for the cyberattack on Ukraine.\n"))

	alone := filepath.Join(dir, "alone.db")
	stdout, stderr, code := run(t, "ingest", "--db", alone, binTxt)
	if code == 0 || !strings.Contains(stderr, "x.txt") || !strings.Contains(stderr, "not text") {
		t.Errorf("ingest x.txt: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "entities: +0") {
		t.Errorf("ingest x.txt wrote entities: %s", stdout)
	}

	db := filepath.Join(dir, "batch.db")
	_, stderr, code = run(t, "ingest", "--db", db, binTxt, binHTML, good)
	if code != 1 || !strings.Contains(stderr, "x.txt: not text") || !strings.Contains(stderr, "page.html: not text: a PNG image") {
		t.Errorf("batch: exit %d, stderr %q", code, stderr)
	}
	out, _, _ := run(t, "query", "--db", db, `{ stats { documents } }`)
	if !strings.Contains(out, `"documents": 1`) {
		t.Errorf("the text file was not ingested next to the binary ones: %s", out)
	}
}
