package stix

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		header Header
		types  []string // types of the objects, "!" marks one with Err
		err    string
	}{
		{"bundle", `{"type":"bundle","id":"bundle--1","spec_version":"2.0","objects":[{"type":"tool","id":"tool--1","name":"a"},{"type":"malware","id":"malware--1"}]}`,
			Header{Type: "bundle", ID: "bundle--1", SpecVersion: "2.0"}, []string{"tool", "malware"}, ""},
		{"objects first", `{"objects":[{"type":"tool","id":"tool--1"}],"id":"bundle--2","type":"bundle"}`,
			Header{Type: "bundle", ID: "bundle--2"}, []string{"tool"}, ""},
		{"empty bundle", `{"type":"bundle","id":"bundle--3"}`, Header{Type: "bundle", ID: "bundle--3"}, nil, ""},
		{"null objects", `{"type":"bundle","id":"bundle--3","objects":null}`, Header{Type: "bundle", ID: "bundle--3"}, nil, ""},
		{"lone object", `{"type":"campaign","id":"campaign--1","name":"x","spec_version":"2.1"}`,
			Header{Type: "campaign", ID: "campaign--1", SpecVersion: "2.1", Lone: true}, []string{"campaign"}, ""},
		{"array", `[{"type":"tool","id":"tool--1"},{"type":"tool","id":"tool--2"}]`, Header{Lone: true}, []string{"tool", "tool"}, ""},
		{"mistyped object", `{"type":"bundle","id":"bundle--4","objects":[{"type":"tool","id":"tool--1","aliases":"x"},{"type":"tool","id":"tool--2"}]}`,
			Header{Type: "bundle", ID: "bundle--4"}, []string{"!tool", "tool"}, ""},
		{"object not an object", `{"type":"bundle","id":"bundle--5","objects":[7,"x",null]}`,
			Header{Type: "bundle", ID: "bundle--5"}, []string{"!", "!", ""}, ""},
		{"not json", `STIX`, Header{}, nil, "not JSON"},
		{"empty", ``, Header{}, nil, "unexpected EOF"},
		{"truncated", `{"type":"bundle","objects":[{"type":"tool"},`, Header{}, []string{"tool"}, "unexpected EOF"},
		{"objects not an array", `{"type":"bundle","objects":"x"}`, Header{}, nil, "not an array"},
		{"objects but not a bundle", `{"type":"report","id":"report--1","objects":[]}`, Header{}, nil, "not bundle"},
		{"string", `"bundle"`, Header{}, nil, "not a STIX bundle"},
		{"no type", `{"id":"x"}`, Header{}, nil, "no type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var types []string
			h, err := Decode(strings.NewReader(tc.in), func(o *Object) error {
				s := o.Type
				if o.Err != nil {
					s = "!" + s
				}
				types = append(types, s)
				return nil
			})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
			} else if err != nil {
				t.Fatal(err)
			} else if h != tc.header {
				t.Errorf("header %+v, want %+v", h, tc.header)
			}
			if strings.Join(types, ",") != strings.Join(tc.types, ",") {
				t.Errorf("objects %v, want %v", types, tc.types)
			}
		})
	}
}

// TestDecodeStops: an error from the callback stops the read.
func TestDecodeStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	_, err := Decode(strings.NewReader(`{"type":"bundle","objects":[{"type":"a"},{"type":"b"},{"type":"c"}]}`), func(*Object) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 2 {
		t.Errorf("err %v after %d objects", err, n)
	}
}

// TestDecodeStreams: objects reach the callback while the input is still
// being read, so a bundle is never held whole.
func TestDecodeStreams(t *testing.T) {
	pr, pw := io.Pipe()
	seen := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		_, err := Decode(pr, func(o *Object) error {
			seen <- o.ID
			return nil
		})
		done <- err
	}()
	io.WriteString(pw, `{"type":"bundle","objects":[{"type":"tool","id":"tool--1"},`)
	if id := <-seen; id != "tool--1" {
		t.Fatalf("first object %q", id)
	}
	io.WriteString(pw, `{"type":"tool","id":"tool--2"}]}`)
	pw.Close()
	if id := <-seen; id != "tool--2" {
		t.Fatalf("second object %q", id)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// FuzzSTIX: the bundle reader and the object mapping never panic, whatever
// the input.
func FuzzSTIX(f *testing.F) {
	for _, s := range []string{
		`{"type":"bundle","id":"bundle--1","objects":[{"type":"intrusion-set","id":"intrusion-set--1","name":"APT1","aliases":["Comment Crew"],"external_references":[{"source_name":"mitre-attack","external_id":"G0006"}]}]}`,
		`{"type":"bundle","objects":[{"type":"relationship","id":"relationship--1","relationship_type":"uses","source_ref":"a","target_ref":"b","confidence":85}]}`,
		`{"type":"bundle","objects":[{"type":"location","id":"location--1","country":"cn"},{"type":"identity","id":"identity--1","name":"Ministry","identity_class":"organization","sectors":["government"]}]}`,
		`{"type":"bundle","objects":[{"type":"report","id":"report--1","name":"r","published":"2020-01-01T00:00:00Z","object_refs":["x"]}]}`,
		`{"type":"bundle","objects":[{"type":"attack-pattern","id":"attack-pattern--1","name":"[x](https://e)(Citation: y)","revoked":true}]}`,
		`[{"type":"tool","id":"tool--1","name":"t"}]`,
		`{"type":"tool","id":"tool--1","name":"t"}`,
		`{"objects":[1,2,{}]}`,
		`{"type":"bundle","objects":[{"type":"identity","id":"identity--2","name":"Health","identity_class":"unknown","sectors":["health"]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		im := &importer{seen: map[string]int{}, gone: map[string]string{}}
		im.sum.Imported = map[string]int{}
		im.sum.Unmapped = map[string]int{}
		Decode(strings.NewReader(string(data)), func(o *Object) error {
			im.add(o)
			return nil
		})
		subtechniqueNames(im.ents)
		for _, e := range im.ents {
			if e.name == "" || !e.typ.Valid() {
				t.Fatalf("entity without name or type: %+v", e)
			}
		}
		for _, r := range im.rels {
			if p, _ := predicateFor(r.relType, r.xPred, "", ""); !p.Valid() {
				t.Fatalf("relationship %+v maps to %q", r, p)
			}
			if r.confidence < 0 || r.confidence > 1 {
				t.Fatalf("confidence %v", r.confidence)
			}
		}
	})
}
