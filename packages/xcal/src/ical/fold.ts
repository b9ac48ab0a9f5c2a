// Line folding (RFC 5545 §3.1): content lines longer than 75 octets are split with CRLF and one
// space, never inside a UTF-8 sequence (nor between the halves of a UTF-16 surrogate pair).

/** The longest content line, CRLF excluded (RFC 5545 §3.1). */
export const MAX_OCTETS = 75;
const NON_ASCII = /[^\0-\x7f]/;

const encoder = new TextEncoder();
/**
 * Room for the octets of a first line and of a continuation line (74 after its leading space):
 * `encodeInto` fills one and says how many characters fit, never splitting a character.
 */
const FIRST_LINE = new Uint8Array(MAX_OCTETS);
const NEXT_LINE = FIRST_LINE.subarray(0, MAX_OCTETS - 1);

/** Folds one unfolded content line; the result has no trailing CRLF. */
export function foldLine(line: string): string {
  // A UTF-16 code unit is at most 3 octets, so short lines need no measuring.
  if (line.length * 3 <= MAX_OCTETS) return line;
  if (!NON_ASCII.test(line)) {
    if (line.length <= MAX_OCTETS) return line;
    let out = line.slice(0, MAX_OCTETS);
    for (let i = MAX_OCTETS; i < line.length; i += MAX_OCTETS - 1)
      out += `\r\n ${line.slice(i, i + MAX_OCTETS - 1)}`;
    return out;
  }
  // Each piece is as many characters as encode into its line's octets, so a UTF-8 sequence or a
  // surrogate pair is never split; a line that fits comes out whole.
  let read = encoder.encodeInto(line, FIRST_LINE).read;
  let out = line.slice(0, read);
  for (let start = read; start < line.length; start += read) {
    read = encoder.encodeInto(line.slice(start), NEXT_LINE).read;
    out += `\r\n ${line.slice(start, start + read)}`;
  }
  return out;
}
