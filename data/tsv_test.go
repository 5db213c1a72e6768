package data_test

import (
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/newsgraph/newsgraph/data"
)

// tsvCases are the rows ReadTSV gives for the shapes the data files use
// (and a few they could): comments only at the start of a line, blank and
// space-only lines skipped, rows of any width, CRLF line ends, quotes and
// "#" inside fields kept as they are.
var tsvCases = []struct {
	name, in string
	want     [][]string
}{
	{"rows of any width", "a\tb\nc\n\td\te\n", [][]string{{"a", "b"}, {"c"}, {"", "d", "e"}}},
	{"comments and blank lines", "# head\tx\n\na\tb\n   \n\t \n#\nc\n", [][]string{{"a", "b"}, {"c"}}},
	{"comment mark later in a line", " #x\ta\nb\t# c\n", [][]string{{" #x", "a"}, {"b", "# c"}}},
	{"CRLF", "a\tb\r\nc\r\n", [][]string{{"a", "b"}, {"c"}}},
	{"empty and trailing fields", "a\t\tb\t\n", [][]string{{"a", "", "b", ""}}},
	{"quotes inside fields", "say \"so\"\tx\"\n", [][]string{{"say \"so\"", "x\""}}},
	{"no final newline", "a\tb", [][]string{{"a", "b"}}},
	{"spaces kept", " a \t b\n", [][]string{{" a ", " b"}}},
}

func TestReadTSV(t *testing.T) {
	for _, tc := range tsvCases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"f.tsv": {Data: []byte(tc.in)}}
			var got [][]string
			if err := data.ReadTSV(fsys, "f.tsv", func(cols []string) error { got = append(got, cols); return nil }); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("rows %q, want %q", got, tc.want)
			}
		})
	}
}

// TestReadTSVErrorsNameTheLine: an error of add names the file and the
// line of the row, counting comments and blank lines.
func TestReadTSVErrorsNameTheLine(t *testing.T) {
	fsys := fstest.MapFS{"f.tsv": {Data: []byte("# c\n\na\r\nb\tx\n\n# c\nbad\tb\n")}}
	err := data.ReadTSV(fsys, "f.tsv", func(cols []string) error {
		if cols[0] == "bad" {
			return fmt.Errorf("no good")
		}
		return nil
	})
	if err == nil || err.Error() != "f.tsv:7: no good" {
		t.Errorf("error %v, want f.tsv:7: no good", err)
	}
	if err := data.ReadTSV(fsys, "missing.tsv", func([]string) error { return nil }); err == nil {
		t.Error("a missing file gave no error")
	}
}

// TestDataFilesParse: every TSV file of the data tree reads, no field of
// them starts with a double quote (ReadTSV would take it for a quoted
// field), and no row has a field with a tab or line break in it.
func TestDataFilesParse(t *testing.T) {
	var names []string
	for _, glob := range []string{"*/*.tsv", "*/*/*.tsv"} {
		m, _ := fs.Glob(data.FS, glob)
		names = append(names, m...)
	}
	if len(names) < 10 {
		t.Fatalf("only %d TSV files", len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			raw, _ := fs.ReadFile(data.FS, name)
			for n, line := range strings.Split(string(raw), "\n") {
				if strings.HasPrefix(line, "#") {
					continue
				}
				for _, f := range strings.Split(line, "\t") {
					if strings.HasPrefix(f, "\"") {
						t.Errorf("%s:%d: a field starts with a double quote", name, n+1)
					}
				}
			}
			rows := 0
			err := data.ReadTSV(data.FS, name, func(cols []string) error {
				rows++
				for _, c := range cols {
					if strings.ContainsAny(c, "\t\n") {
						return fmt.Errorf("field %q", c)
					}
				}
				return nil
			})
			if err != nil || rows == 0 {
				t.Errorf("%d rows, %v", rows, err)
			}
		})
	}
}
