package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

// snapshotFacts is randomFacts with the attributes it leaves out.
func snapshotFacts(r *rand.Rand, n int) []Fact {
	facts := randomFacts(r, n)
	seen := map[Fact]bool{}
	for _, f := range facts {
		seen[f] = true
	}
	attrs := []Attr{AttrAltName, AttrRole, AttrDescription, AttrExtRef}
	srcAttrs := []Attr{AttrTitle, AttrURL, AttrFile, AttrIdent, AttrExtractor, AttrBytes}
	for i := 0; i < n/4; i++ {
		var f Fact
		if r.IntN(2) == 0 {
			f = Fact{Kind: EntityAttr, Attr: attrs[r.IntN(len(attrs))], Subject: fmt.Sprintf("person:p%d", r.IntN(12)),
				Object: fmt.Sprintf("v%d", r.IntN(3)), Label: fmt.Sprintf("doc:d%d", r.IntN(3)), LabelDoc: true}
		} else {
			f = Fact{Kind: SourceAttr, Attr: srcAttrs[r.IntN(len(srcAttrs))], Subject: fmt.Sprintf("doc:d%d", r.IntN(3)),
				SubjectDoc: true, Object: fmt.Sprintf("t%d", r.IntN(2)), Int: 100}
		}
		if !seen[f] {
			seen[f] = true
			facts = append(facts, f)
		}
	}
	return facts
}

func roundTrip(t *testing.T, x *Index, meta string) *Index {
	t.Helper()
	var buf bytes.Buffer
	if err := x.WriteSnapshot(&buf, []byte(meta)); err != nil {
		t.Fatal(err)
	}
	got, m, err := ReadSnapshot(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if string(m) != meta {
		t.Fatalf("meta %q, want %q", m, meta)
	}
	if sm, err := SnapshotMeta(buf.Bytes()); err != nil || string(sm) != meta {
		t.Fatalf("SnapshotMeta = %q, %v", sm, err)
	}
	return got
}

// TestSnapshotRoundTrip: an index read back from its snapshot answers like
// the index written, and both go on answering alike under the same writes
// (the decoded lists share allocations, which a write must never overrun).
func TestSnapshotRoundTrip(t *testing.T) {
	for seed := range uint64(30) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			facts := snapshotFacts(r, 150)
			x := New()
			for _, f := range facts[:100] {
				x.Apply(f, +1)
			}
			for _, f := range facts[:30] {
				x.Apply(f, -1)
			}
			if seed%2 == 1 {
				// several blocks of entities, decoded side by side
				defer func(n int) { entityBlock = n }(entityBlock)
				entityBlock = 1 + int(seed%4)
			}
			y := roundTrip(t, x, fmt.Sprintf("seed %d", seed))
			if got, want := stateOf(t, y), stateOf(t, x); !reflect.DeepEqual(got, want) {
				t.Fatalf("read back:\n got %+v\nwant %+v", got, want)
			}
			if y.Digest() != x.Digest() {
				t.Fatal("digest differs after the round trip")
			}
			// the sorted view read back is the one a reader would build
			got := y.sorted
			if got == nil || y.cacheVer != y.version {
				t.Fatal("no current sorted view after the round trip")
			}
			y.sorted = nil
			want := y.view()
			if !slices.Equal(got.all, want.all) || !slices.Equal(got.ents, want.ents) ||
				!slices.Equal(got.rank, want.rank) || !slices.Equal(got.keys, want.keys) ||
				!slices.Equal(got.docs, want.docs) || !slices.Equal(got.keySigs, want.keySigs) {
				t.Fatalf("sorted view read back:\n got %+v\nwant %+v", got, want)
			}
			// the same writes on both: additions, removals, re-additions
			for _, i := range r.Perm(len(facts)) {
				d := int32(+1)
				if i < 100 && i >= 30 {
					d = -1
				}
				x.Apply(facts[i], d)
				y.Apply(facts[i], d)
			}
			if got, want := stateOf(t, y), stateOf(t, x); !reflect.DeepEqual(got, want) {
				t.Fatalf("after the same writes:\n got %+v\nwant %+v", got, want)
			}
			if y.Digest() != x.Digest() {
				t.Fatal("digest differs after the same writes")
			}
			// and both equal an index built from the facts that stay
			fresh := New()
			for i, f := range facts {
				if i < 30 || i >= 100 {
					fresh.Apply(f, +1)
				}
			}
			if fresh.Digest() != y.Digest() {
				t.Fatal("digest differs from an index built from scratch")
			}
			// a snapshot of a snapshot
			if z := roundTrip(t, y, ""); z.Digest() != y.Digest() {
				t.Fatal("digest differs after a second round trip")
			}
		})
	}
}

// TestDigestSeesChanges: the digest changes with any fact.
func TestDigestSeesChanges(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	facts := snapshotFacts(r, 80)
	x := New()
	for _, f := range facts {
		x.Apply(f, +1)
	}
	before := x.Digest()
	for i, f := range facts {
		x.Apply(f, -1)
		if x.Digest() == before {
			t.Errorf("removing fact %d (%+v) left the digest", i, f)
		}
		x.Apply(f, +1)
		if x.Digest() != before {
			t.Fatalf("removing and re-adding fact %d changed the digest", i)
		}
	}
}

// frame wraps a body in a valid header and trailer.
func frame(version uint32, body []byte) []byte {
	out := append([]byte(snapMagic), 0, 0, 0, 0, 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(out[8:], version)
	out = append(out, body...)
	sum := crc32.Checksum(out, castagnoli)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(body)))
	out = binary.LittleEndian.AppendUint32(out, sum)
	return append(out, snapEnd...)
}

func TestSnapshotRejects(t *testing.T) {
	x := New()
	for _, f := range snapshotFacts(rand.New(rand.NewPCG(1, 1)), 100) {
		x.Apply(f, +1)
	}
	var buf bytes.Buffer
	if err := x.WriteSnapshot(&buf, []byte("m")); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	body := good[snapHeader : len(good)-snapTrailer]
	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x40
		return b
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a newsgraph index snapshot"},
		{"other file", []byte("SQLite format 3\x00 and then some more bytes to be long enough"), "not a newsgraph index snapshot"},
		{"truncated", good[:len(good)-1], "no end mark"},
		{"cut in the body", append(bytes.Clone(good[:len(good)/2]), good[len(good)-snapTrailer:]...), "body of"},
		{"flipped byte in the body", flip(len(good) / 2), "checksum mismatch"},
		{"flipped byte in the header", flip(12), "checksum mismatch"},
		{"other version", frame(SnapshotVersion+1, body), "format version"},
		{"body of garbage", frame(SnapshotVersion, []byte{0xff, 0xff, 0xff}), "bad number"},
		{"other ontology", frame(SnapshotVersion, append([]byte{0, 1, 3}, "foo"...)), "ontology changed"},
		{"trailing bytes", frame(SnapshotVersion, append(bytes.Clone(body), 0)), "left after the index"},
		{"huge count", frame(SnapshotVersion, binary.AppendUvarint(nil, 1<<40)), "larger than the data left"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadSnapshot(tt.data)
			if !errors.Is(err, ErrSnapshot) {
				t.Fatalf("err = %v, want ErrSnapshot", err)
			}
			if !bytes.Contains([]byte(err.Error()), []byte(tt.want)) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
}

// FuzzReadSnapshot: any body in a valid frame decodes or fails with
// ErrSnapshot; it never panics or allocates beyond what its counts allow.
func FuzzReadSnapshot(f *testing.F) {
	x := New()
	for _, fact := range snapshotFacts(rand.New(rand.NewPCG(2, 2)), 60) {
		x.Apply(fact, +1)
	}
	x.Apply(Fact{Kind: SourceAttr, Attr: AttrDate, Subject: "doc:d1", SubjectDoc: true, Date: time.Unix(0, 0)}, +1)
	var buf bytes.Buffer
	if err := x.WriteSnapshot(&buf, nil); err != nil {
		f.Fatal(err)
	}
	good := buf.Bytes()
	f.Add(good[snapHeader : len(good)-snapTrailer])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		y, _, err := ReadSnapshot(frame(SnapshotVersion, body))
		if err != nil && !errors.Is(err, ErrSnapshot) {
			t.Fatalf("error not wrapping ErrSnapshot: %v", err)
		}
		if err == nil {
			y.Digest()
		}
	})
}
