// Text helpers of the document view. The API gives offsets in bytes of the
// UTF-8 text; JavaScript strings count UTF-16 code units, so offsets are
// converted before slicing.

/**
 * byteToCharIndex returns a function that maps a UTF-8 byte offset of text to
 * the index of the same position in the JavaScript string. An offset inside a
 * multi-byte character maps to the start of that character; offsets past the
 * end map to text.length.
 */
export function byteToCharIndex(text) {
  // byteAt[k] is the byte offset of the k-th code point, charAt[k] its index.
  const byteAt = [];
  const charAt = [];
  let bytes = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i);
    const units = cp > 0xffff ? 2 : 1;
    byteAt.push(bytes);
    charAt.push(i);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += units;
  }
  const total = bytes;
  return (offset) => {
    if (!(offset > 0)) return 0;
    if (offset >= total) return text.length;
    // Binary search for the last code point starting at or before offset.
    let lo = 0;
    let hi = byteAt.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (byteAt[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return charAt[lo];
  };
}

/**
 * segments cuts text into consecutive pieces at the edges of the given byte
 * spans ({start, end, ...}), so that each piece is covered by the same set of
 * spans throughout. It returns [{text, spans}] where spans lists the indexes
 * (into the spans argument) of the spans covering the piece. Empty and
 * inverted spans are ignored; spans are clamped to the text.
 */
export function segments(text, spans) {
  const toChar = byteToCharIndex(text);
  const ranges = spans.map((s, i) => ({ i, a: toChar(s.start), b: toChar(s.end) })).filter((r) => r.b > r.a);
  const cuts = new Set([0, text.length]);
  for (const r of ranges) {
    cuts.add(r.a);
    cuts.add(r.b);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const out = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    if (b <= a) continue;
    const covering = ranges.filter((r) => r.a <= a && r.b >= b).map((r) => r.i);
    out.push({ text: text.slice(a, b), spans: covering });
  }
  return out;
}

/** sliceBytes returns the part of text between UTF-8 byte offsets start and end. */
export function sliceBytes(text, start, end) {
  const toChar = byteToCharIndex(text);
  return text.slice(toChar(start), toChar(end));
}
