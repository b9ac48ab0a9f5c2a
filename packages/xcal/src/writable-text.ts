// Which characters the formats can carry: XML 1.0 §2.2 and RFC 5545 §3.1 each forbid some, and
// text holding one cannot be written; callers can check text with the same rule before storing it.
import { ValueError } from './errors.js';

// biome-ignore-start lint/suspicious/noControlCharactersInRegex: these are exactly the characters to find
/**
 * Characters no XML 1.0 document can hold (§2.2 Char): C0 controls but TAB, LF and CR; U+FFFE and
 * U+FFFF; a UTF-16 surrogate without its other half (the `u` flag makes a pair one character).
 */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/u;
/**
 * Characters no iCalendar content line can hold once escaped (RFC 5545 §3.1: CONTROL but HTAB; a
 * CR or LF would start a new line), nor UTF-8 encode (a lone surrogate), nor XML carry (U+FFFE, U+FFFF).
 */
const NOT_ICAL = /[\u0000-\u0008\u000a-\u001f\u007f\ufffe\uffff\ud800-\udfff]/u;
/** Characters some format refuses in a TEXT value, whose newlines both write (as `\n` or as such). */
const NOT_WRITABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff\ud800-\udfff]/u;
/** {@link NOT_XML} without the `u` flag: faster, but it also finds the halves of a proper pair. */
const NOT_XML_OR_PAIR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/;
/** {@link NOT_ICAL} without the `u` flag: faster, but it also finds the halves of a proper pair. */
const NOT_ICAL_OR_PAIR = /[\u0000-\u0008\u000a-\u001f\u007f\ufffe\uffff\ud800-\udfff]/;
// biome-ignore-end lint/suspicious/noControlCharactersInRegex: see above

/** The first character of `text` XML cannot carry ({@link NOT_XML}), or undefined. */
export function findNotXml(text: string): RegExpExecArray | null {
  if (!NOT_XML_OR_PAIR.test(text)) return null;
  return NOT_XML.exec(text);
}

/** The first character of `line` iCalendar cannot carry ({@link NOT_ICAL}), or undefined. */
export function findNotICal(line: string): RegExpExecArray | null {
  // Most lines hold none of these characters, nor any surrogate: one quick scan tells.
  if (!NOT_ICAL_OR_PAIR.test(line)) return null;
  return NOT_ICAL.exec(line);
}

/** `U+0001`, for messages: the character named, never shown raw. */
export function describeCharacter(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Whether every writer can write `text` as a TEXT value (a summary, a description, a name): it
 * holds no control character but TAB, LF and CR, no U+007F, no U+FFFE or U+FFFF, and no lone
 * surrogate. Check user input with it before storing it, so that a calendar made from it can
 * always be written.
 */
export function isWritableText(text: string): boolean {
  return !NOT_WRITABLE.test(text);
}

/**
 * Throws unless {@link isWritableText}; `field` names the input in the message.
 * @throws {ValueError} naming the field and the character (as `U+0001`).
 */
export function assertWritableText(text: string, field = 'text'): void {
  const found = NOT_WRITABLE.exec(text);
  if (found)
    throw new ValueError(
      `${field} holds ${describeCharacter(found[0])} at index ${found.index}, which calendars cannot carry`,
    );
}
