package normalize

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrBinary means an input is not text: an executable, an image, an archive,
// compressed data, a PDF. Read refuses such a file as a whole, and a JSONL
// record whose text is binary; see SniffBinary.
var ErrBinary = errors.New("not text")

// SniffLen is how many bytes at the start of an input SniffBinary looks at.
const SniffLen = 8 << 10

// signatures are the first bytes of binary formats people have at hand and
// might pass for text by mistake, by what they are.
var signatures = []struct{ magic, what string }{
	{"\x7fELF", "an ELF executable or library"},
	{"MZ\x90\x00", "a Windows executable"},
	{"\xfe\xed\xfa\xce", "a Mach-O executable"},
	{"\xfe\xed\xfa\xcf", "a Mach-O executable"},
	{"\xce\xfa\xed\xfe", "a Mach-O executable"},
	{"\xcf\xfa\xed\xfe", "a Mach-O executable"},
	{"\xca\xfe\xba\xbe", "a Java class or Mach-O universal binary"},
	{"\x00asm", "a WebAssembly module"},
	{"%PDF-", "a PDF document (extract its text first)"},
	{"\x89PNG\r\n\x1a\n", "a PNG image"},
	{"\xff\xd8\xff", "a JPEG image"},
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"II*\x00", "a TIFF image"},
	{"MM\x00*", "a TIFF image"},
	{"PK\x03\x04", "a ZIP archive (or a document packed in one: docx, odt, epub)"},
	{"PK\x05\x06", "a ZIP archive"},
	{"\x1f\x8b", "gzip-compressed (decompress it first)"},
	{"BZh", "bzip2-compressed (decompress it first)"},
	{"\xfd7zXZ\x00", "xz-compressed (decompress it first)"},
	{"\x28\xb5\x2f\xfd", "zstd-compressed (decompress it first)"},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"},
	{"Rar!\x1a\x07", "a RAR archive"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"},
	{"SQLite format 3\x00", "an SQLite database"},
	{"OggS\x00", "an Ogg audio or video file"},
	{"fLaC\x00", "a FLAC audio file"},
	{"ID3\x03\x00", "an MP3 audio file"},
	{"ID3\x04\x00", "an MP3 audio file"},
}

// SniffBinary returns an error wrapping ErrBinary, saying why, when head (the
// start of an input; its first SniffLen bytes are looked at) is not text:
//
//   - it starts with the signature of a binary format (signatures): an
//     executable, an image, an archive, compressed data, a PDF;
//   - more than 1% of its characters are NUL bytes, which text in UTF-8
//     never has (executables, UTF-16; a single stray NUL in a text is
//     dropped by normalization like any control character);
//   - more than 30% of its characters are control characters (other than
//     tab, line and page breaks and escape), or, when more than 1% are
//     control characters, control characters, bytes that are not UTF-8 and
//     U+FFFD (what a JSON encoder makes of bytes that are not UTF-8) together.
//
// Random bytes and compressed data are above half; text in a single-byte
// encoding (Latin-1, Windows-1251, KOI8-R), read as UTF-8, is mostly bytes
// that are not UTF-8 when its script is not Latin, but it has next to no
// control characters, so it passes and its charset is decoded later. An input that is compressed on purpose (.gz)
// is to be decompressed before it is sniffed.
func SniffBinary(head string) error {
	head = head[:min(len(head), SniffLen)]
	for _, s := range signatures {
		if strings.HasPrefix(head, s.magic) && (s.magic != "BZh" || isBzip2(head)) {
			return fmt.Errorf("%w: %s", ErrBinary, s.what)
		}
	}
	if len(head) >= 12 && head[0] == 0 && head[4:8] == "ftyp" {
		return fmt.Errorf("%w: an MP4, MOV or HEIF media file", ErrBinary)
	}
	if len(head) >= 12 && head[:4] == "RIFF" && (head[8:12] == "WAVE" || head[8:12] == "AVI " || head[8:12] == "WEBP") {
		return fmt.Errorf("%w: a RIFF media file (WAV, AVI, WebP)", ErrBinary)
	}
	chars, ctrl, bad, nul := 0, 0, 0, 0
	for i := 0; i < len(head); {
		c := head[i]
		if c < utf8.RuneSelf {
			i++
			chars++
			if (c < 0x20 && !strings.ContainsRune("\t\n\r\f\v\x1b", rune(c))) || c == 0x7f {
				ctrl++
			}
			if c == 0 {
				nul++
			}
			continue
		}
		if !utf8.FullRuneInString(head[i:]) {
			break // a character cut off at the end of the sample
		}
		r, size := utf8.DecodeRuneInString(head[i:])
		i += size
		chars++
		switch {
		case r == utf8.RuneError: // not UTF-8, or U+FFFD
			bad++
		case r < 0xa0: // C1 controls
			ctrl++
		}
	}
	if nul >= 2 && nul*100 > chars {
		return fmt.Errorf("%w: it has NUL bytes (%d in its first %d characters)", ErrBinary, nul, chars)
	}
	// Text in a legacy single-byte encoding (Windows-1251, KOI8-R, Latin-1)
	// is mostly bytes that are not UTF-8, but it has almost no control
	// characters; random and compressed bytes have both (about one in ten
	// is a control character).
	odd := ctrl
	if ctrl*100 > chars {
		odd += bad
	}
	if odd*10 > chars*3 {
		return fmt.Errorf("%w: %d%% of its first %d characters are control characters or not UTF-8", ErrBinary, odd*100/chars, chars)
	}
	return nil
}

// isBzip2 tells a bzip2 stream ("BZh", a block size digit, the block magic)
// from text that starts with "BZh".
func isBzip2(s string) bool {
	return len(s) >= 10 && s[3] >= '1' && s[3] <= '9' && (s[4:10] == "1AY&SY" || s[4:10] == "\x17rE8P\x90")
}
