// TEXT escaping (RFC 5545 §3.3.11) and parameter value quoting with RFC 6868 caret encoding.

const NEEDS_ESCAPE = /[\\;,\n\r]/;
/** What {@link escapeText} replaces: CRLF is one newline. */
const ESCAPED = /[\\;,\n]|\r\n?/g;

function escapeOne(found: string): string {
  return found === '\\' ? '\\\\' : found === ';' ? '\\;' : found === ',' ? '\\,' : '\\n';
}

/** Escapes `\ ; ,` and newlines for a TEXT value (RFC 5545 §3.3.11); CRLF and lone CR become `\n`. */
export function escapeText(text: string): string {
  // Replaced in one native pass: the result is one flat string, not a rope of slices.
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, escapeOne) : text;
}

/** Undoes {@link escapeText}: `\\ \; \, \n \N`; any other escaped character stands for itself. */
export function unescapeText(text: string): string {
  let slash = text.indexOf('\\');
  if (slash < 0) return text;
  // Joined, not concatenated: the text is kept as one flat string rather than a rope of pieces,
  // which a calendar of many events would hold (and the collector copy) by the thousand.
  const parts: string[] = [];
  let from = 0;
  while (slash >= 0 && slash + 1 < text.length) {
    parts.push(text.slice(from, slash));
    const c = text.charCodeAt(slash + 1);
    // `\n` and `\N` are a newline; any other escaped character starts the next piece as it is.
    if (c === 110 || c === 78) {
      parts.push('\n');
      from = slash + 2;
    } else from = slash + 1;
    slash = text.indexOf('\\', slash + 2);
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** Splits at each `sep` not preceded by a backslash escape, then unescapes each piece. */
export function splitText(text: string, sep: ',' | ';'): string[] {
  if (text.indexOf('\\') < 0) return text.split(sep);
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === sep) {
      out.push(unescapeText(text.slice(start, i)));
      start = i + 1;
    }
  }
  out.push(unescapeText(text.slice(start)));
  return out;
}

/** The characters a parameter value is caret-encoded or quoted for. */
const PARAMETER_SPECIAL = /[\^\n\r":;,]/;

/** A parameter value as RFC 5545 §3.2 writes it: RFC 6868 caret encoding, DQUOTEs around values holding `: ; ,`. */
export function formatParameterValue(value: string): string {
  // Most values hold none of the characters either step looks for: one scan tells.
  if (!PARAMETER_SPECIAL.test(value)) return value;
  let v = value;
  if (/[\^\n\r"]/.test(v))
    v = v.replace(/\^|\r\n|[\n\r]|"/g, (c) => (c === '^' ? '^^' : c === '"' ? "^'" : '^n'));
  return /[:;,]/.test(v) ? `"${v}"` : v;
}

/** Decodes RFC 6868 `^n ^' ^^` in a parameter value already stripped of its quotes. */
export function decodeParameterValue(value: string): string {
  if (value.indexOf('^') < 0) return value;
  return value.replace(/\^([n'^])/g, (_, c: string) => (c === 'n' ? '\n' : c === "'" ? '"' : '^'));
}
