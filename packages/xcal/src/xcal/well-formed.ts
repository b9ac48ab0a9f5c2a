// One pass over an XML document before the XML parser sees it: well-formedness the parser does not
// check (matching tags, one root, quoted attributes without "<", no DOCTYPE) and the size of every
// text and attribute value, so the parser never copies an oversized value.
import { LimitExceededError, XmlError } from '../errors.js';
import type { ReadLimits } from '../limits.js';

/** `line L, column C` of an offset (1-based), worked out only for an error. */
function position(xml: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = xml.indexOf('\n'); i >= 0 && i < offset; i = xml.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** A letter, `_`, `:` or any non-ASCII character: what may start an XML name (XML 1.0 §2.3, loosely). */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0xc0;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}

/** The end of the XML name starting at `at` (`at` itself when there is none). */
function nameEnd(xml: string, at: number): number {
  if (!isNameStart(xml.charCodeAt(at))) return at;
  let k = at + 1;
  while (k < xml.length && isNameChar(xml.charCodeAt(k))) k++;
  return k;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function skipSpace(xml: string, at: number): number {
  let k = at;
  while (k < xml.length && isSpace(xml.charCodeAt(k))) k++;
  return k;
}

// The helpers below take the document rather than close over it: closures made afresh for each
// document would make the optimised scan give way (a call target that changes) on the next one.

/** @throws {XmlError} `ERR_XML_SYNTAX`, saying what is wrong and where. */
function fail(xml: string, message: string, at: number): never {
  throw new XmlError('ERR_XML_SYNTAX', `${message} (${position(xml, at)})`, '/');
}

/** @throws {LimitExceededError} naming `maxTextLength` when the value at `at` is longer. */
function checkValueLength(xml: string, length: number, at: number, maxText: number): void {
  if (length > maxText)
    throw new LimitExceededError(
      'maxTextLength',
      maxText,
      `XML value at ${position(xml, at)} (${length} characters)`,
    );
}

/**
 * Checks that `xml` is one well-formed element with nothing but comments, processing instructions
 * and whitespace around it, and that no text, CDATA section or attribute value is longer than
 * `maxTextLength` nor elements nested deeper than four times `maxDepth`.
 * @throws {XmlError} (`ERR_XML_SYNTAX` with line and column, or `ERR_XML_DOCTYPE`).
 * @throws {LimitExceededError} naming `maxTextLength` or `maxDepth`.
 */
export function checkWellFormed(xml: string, limits: ReadLimits): void {
  const maxText = limits.maxTextLength;
  const maxElements = limits.maxDepth * 4;
  const open: string[] = [];
  let roots = 0;
  const n = xml.length;
  let at = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (at < n) {
    const lt = xml.indexOf('<', at);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > at) {
      checkValueLength(xml, textEnd - at, at, maxText);
      if (open.length === 0 && skipSpace(xml, at) < textEnd)
        fail(xml, 'text outside the root element', skipSpace(xml, at));
    }
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 63) {
      // <? … ?>: the XML declaration or a processing instruction.
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) fail(xml, 'a processing instruction is never closed', lt);
      at = end + 2;
    } else if (next === 33) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end < 0) fail(xml, 'a comment is never closed', lt);
        at = end + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        if (open.length === 0) fail(xml, 'a CDATA section outside the root element', lt);
        const end = xml.indexOf(']]>', lt + 9);
        if (end < 0) fail(xml, 'a CDATA section is never closed', lt);
        checkValueLength(xml, end - lt - 9, lt, maxText);
        at = end + 3;
      } else if (xml.slice(lt, lt + 9).toUpperCase() === '<!DOCTYPE')
        throw new XmlError('ERR_XML_DOCTYPE', 'a DOCTYPE is not accepted', '/');
      else fail(xml, 'a markup declaration is not accepted', lt);
    } else if (next === 47) {
      const expected = open.pop();
      // Most end tags close the open element: its name, then no more of a name, found in place.
      const matched =
        expected !== undefined &&
        xml.startsWith(expected, lt + 2) &&
        !isNameChar(xml.charCodeAt(lt + 2 + expected.length));
      const end = matched ? lt + 2 + (expected as string).length : nameEnd(xml, lt + 2);
      const close = skipSpace(xml, end);
      if (end === lt + 2 || xml.charCodeAt(close) !== 62) fail(xml, 'a malformed end tag', lt);
      if (!matched) {
        const name = xml.slice(lt + 2, end);
        fail(
          xml,
          expected === undefined
            ? `</${name}> closes no element`
            : `</${name}> where </${expected}> belongs`,
          lt,
        );
      }
      at = close + 1;
    } else {
      const end = nameEnd(xml, lt + 1);
      if (end === lt + 1) fail(xml, '"<" that starts no tag (text writes it as &lt;)', lt);
      if (open.length === 0 && ++roots > 1) fail(xml, 'a second root element', lt);
      const name = xml.slice(lt + 1, end);
      let k = end;
      let names: string[] | undefined;
      for (;;) {
        const gap = skipSpace(xml, k);
        const c = xml.charCodeAt(gap);
        if (c === 62) {
          open.push(name);
          if (open.length > maxElements)
            throw new LimitExceededError('maxDepth', maxElements, 'XML element nesting');
          k = gap + 1;
          break;
        }
        if (c === 47 && xml.charCodeAt(gap + 1) === 62) {
          k = gap + 2;
          break;
        }
        if (gap === k || gap >= n) fail(xml, `a malformed start tag <${name}>`, gap);
        const attributeEnd = nameEnd(xml, gap);
        if (attributeEnd === gap) fail(xml, `a malformed start tag <${name}>`, gap);
        const attribute = xml.slice(gap, attributeEnd);
        let q = skipSpace(xml, attributeEnd);
        if (xml.charCodeAt(q) !== 61)
          fail(xml, `attribute ${attribute} of <${name}> has no "="`, q);
        q = skipSpace(xml, q + 1);
        const quote = xml[q];
        if (quote !== '"' && quote !== "'")
          fail(xml, `the value of attribute ${attribute} of <${name}> is not quoted`, q);
        const closeQuote = xml.indexOf(quote as string, q + 1);
        if (closeQuote < 0) fail(xml, `the value of attribute ${attribute} is never closed`, q);
        checkValueLength(xml, closeQuote - q - 1, q, maxText);
        const lessThan = xml.indexOf('<', q + 1);
        if (lessThan >= 0 && lessThan < closeQuote)
          fail(xml, `"<" in the value of attribute ${attribute}`, lessThan);
        if (names === undefined) names = [attribute];
        else if (names.includes(attribute)) fail(xml, `attribute ${attribute} given twice`, gap);
        else names.push(attribute);
        k = closeQuote + 1;
      }
      at = k;
    }
  }
  if (open.length > 0) fail(xml, `<${open[open.length - 1]}> is never closed`, n);
  if (roots === 0) fail(xml, 'no root element', n);
}
