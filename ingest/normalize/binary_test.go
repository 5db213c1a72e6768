package normalize

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// sample returns the bytes of a file of the given kind, made here.
func sample(t *testing.T, kind string) []byte {
	t.Helper()
	var b bytes.Buffer
	switch kind {
	case "gzip":
		w := gzip.NewWriter(&b)
		w.Write([]byte(strings.Repeat("NATO condemned Russia. ", 100)))
		w.Close()
	case "zip":
		w := zip.NewWriter(&b)
		f, _ := w.Create("article.txt")
		f.Write([]byte("NATO condemned Russia."))
		w.Close()
	case "png":
		png.Encode(&b, image.NewGray(image.Rect(0, 0, 16, 16)))
	case "random":
		r := rand.New(rand.NewPCG(1, 2))
		for i := 0; i < 4096; i++ {
			b.WriteByte(byte(r.IntN(256)))
		}
	case "utf16":
		b.Write([]byte{0xff, 0xfe})
		for _, u := range utf16.Encode([]rune("NATO condemned Russia for the hack. ")) {
			b.Write([]byte{byte(u), byte(u >> 8)})
		}
	case "executable":
		exe, err := os.ReadFile("/proc/self/exe") // this test binary
		if err != nil {
			t.Skip(err)
		}
		b.Write(exe[:min(len(exe), 64<<10)])
	}
	return b.Bytes()
}

// throughJSON is what a GraphQL client makes of bytes put in a JSON string:
// bytes that are not UTF-8 become U+FFFD.
func throughJSON(b []byte) string {
	j, _ := json.Marshal(string(b))
	var s string
	json.Unmarshal(j, &s)
	return s
}

func TestSniffBinary(t *testing.T) {
	tests := []struct {
		name, input string
		want        string // a part of the reason; "" for text
	}{
		{"plain text", "NATO condemned Russia for the hack.\n\nIt said so on Monday.", ""},
		{"empty", "", ""},
		{"UTF-8 with BOM, accents, CJK and emoji", "\ufeffCafé — 北京 said 🙂 “quoted” text.", ""},
		{"Latin-1 text read as UTF-8", "Le minist\xe8re a d\xe9clar\xe9 que la Russie \xe9tait responsable de l'attaque.", ""},
		{"Cyrillic in Windows-1251 read as UTF-8", strings.Repeat("\xcf\xf0\xe0\xe2\xe4\xe0 \xf1\xee\xee\xe1\xf9\xe8\xeb\xe0. ", 40), ""},
		{"a stray NUL and invalid bytes in text", "The utility said so.\x00\r\n\xff\xfe Invalid bytes stay visible.", ""},
		{"ANSI colours and tabs", "\x1b[1mNATO\x1b[0m\tcondemned Russia.\f", ""},
		{"text starting like bzip2", "BZh, the prefix, is not enough.", ""},
		{"text starting with RIFF", "RIFF between the allies widened.", ""},
		{"ELF", "\x7fELF\x02\x01\x01\x00", "ELF"},
		{"Mach-O", "\xcf\xfa\xed\xfe\x07\x00\x00\x01", "Mach-O"},
		{"Windows executable", "MZ\x90\x00\x03\x00\x00\x00", "Windows"},
		{"PDF", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"},
		{"PNG", string(sample(t, "png")), "PNG"},
		{"JPEG", "\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"},
		{"GIF", "GIF89a\x01\x00\x01\x00", "GIF"},
		{"ZIP", string(sample(t, "zip")), "ZIP"},
		{"gzip", string(sample(t, "gzip")), "gzip"},
		{"bzip2", "BZh91AY&SY\x12\x34", "bzip2"},
		{"xz", "\xfd7zXZ\x00\x00", "xz"},
		{"zstd", "\x28\xb5\x2f\xfd\x04\x00", "zstd"},
		{"7z", "7z\xbc\xaf\x27\x1c\x00\x04", "7-Zip"},
		{"SQLite", "SQLite format 3\x00\x10\x00", "SQLite"},
		{"MP4", "\x00\x00\x00\x18ftypmp42\x00\x00", "MP4"},
		{"WebP", "RIFF\x24\x00\x00\x00WEBPVP8 ", "RIFF"},
		{"UTF-16 text", string(sample(t, "utf16")), "NUL"},
		{"random bytes", string(sample(t, "random")), "not UTF-8"},
		{"random bytes through JSON", throughJSON(sample(t, "random")), "not UTF-8"},
		{"gzip without its signature, through JSON", throughJSON(sample(t, "gzip")[2:]), "not text"},
		{"control characters", strings.Repeat("ab\x01\x02\x03", 50), "control"},
		{"this executable", string(sample(t, "executable")), "ELF"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := SniffBinary(tc.input)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused text: %v", err)
			case tc.want != "" && err == nil:
				t.Errorf("took %.40q for text, want a refusal naming %q", tc.input, tc.want)
			case tc.want != "" && (!errors.Is(err, ErrBinary) || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want ErrBinary naming %q", err, tc.want)
			}
		})
	}
}

// TestSniffCorpus: no file of the test data or the demo corpus is taken for
// binary.
func TestSniffCorpus(t *testing.T) {
	n := 0
	for _, root := range []string{"testdata", filepath.Join("..", "..", "data", "corpus")} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n++
			if err := SniffBinary(string(b)); err != nil {
				t.Errorf("%s: %v", path, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 10 {
		t.Fatalf("only %d files", n)
	}
}

// TestReadRefusesBinary: a binary file is one error naming the file,
// whatever its extension; a JSONL record with binary text is one error
// naming its line, and the other records are read.
func TestReadRefusesBinary(t *testing.T) {
	exe := sample(t, "executable")
	for _, name := range []string{"x.txt", "x.md", "x.html", "x.jsonl", "x.xml"} {
		docs, errs := Read(name, bytes.NewReader(exe), Limits{})
		if len(docs) != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrBinary) || !strings.Contains(errs[0].Error(), name) {
			t.Errorf("%s: %d docs, errors %v", name, len(docs), errs)
		}
	}
	jsonl := `{"text":"NATO condemned Russia for the hack."}
{"text":` + string(mustJSON(throughJSON(sample(t, "random")))) + `}
{"text":"The EU sanctioned the GRU."}
`
	docs, errs := Read("news.jsonl", strings.NewReader(jsonl), Limits{})
	if len(docs) != 2 || len(errs) != 1 || !errors.Is(errs[0], ErrBinary) || !strings.Contains(errs[0].Error(), "line 2") {
		t.Errorf("%d docs, errors %v", len(docs), errs)
	}
	if _, err := HTML(bytes.NewReader(sample(t, "png"))); !errors.Is(err, ErrBinary) {
		t.Errorf("HTML of a PNG: %v", err)
	}
}

func mustJSON(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}
