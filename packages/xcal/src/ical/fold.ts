// Line folding (RFC 5545 §3.1): content lines longer than 75 octets are split with CRLF and one
// space, never inside a UTF-8 sequence (nor between the halves of a UTF-16 surrogate pair).

/** The longest content line, CRLF excluded (RFC 5545 §3.1). */
export const MAX_OCTETS = 75;
const NON_ASCII = /[^\0-\x7f]/;

function utf8Length(code: number): number {
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdfff ? 2 : 3;
}

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
  // A line that fits comes out of the loop below whole.
  let out = '';
  let start = 0;
  let width = 0;
  // The first line holds 75 octets, continuation lines 74 after their leading space.
  let room = MAX_OCTETS;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    // A surrogate pair is one 4-octet character: measure and move it whole.
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < line.length;
    const size = pair ? 4 : utf8Length(code);
    if (width + size > room) {
      out += `${start === 0 ? '' : '\r\n '}${line.slice(start, i)}`;
      start = i;
      width = 0;
      room = MAX_OCTETS - 1;
    }
    width += size;
    if (pair) i++;
  }
  return `${out}${start === 0 ? '' : '\r\n '}${line.slice(start)}`;
}
