// Writing components as iCalendar text (RFC 5545 §3.1): CRLF, folding, escaping, VALUE only when
// the type is not the property's default (RFC 6321 §4).
import { ValueError } from '../errors.js';
import type { Component, Property } from '../model.js';
import { upperName } from '../names.js';
import { defaultType } from '../property-types.js';
import { describeCharacter, findNotICal } from '../writable-text.js';
import { formatParameterValue } from './escape.js';
import { foldLine, MAX_OCTETS } from './fold.js';
import { formatICalValue } from './property-value.js';

/**
 * Any character but printable ASCII and HTAB: text without one is carried as it is and takes one
 * octet a character, so one quick scan spares both the check and the measuring.
 */
const NOT_PLAIN = /[^\t\x20-\x7e]/;

/** @throws {ValueError} when `name` is not an iCalendar name. */
function upper(name: string): string {
  const out = upperName(name);
  if (out === undefined) throw new ValueError(`${JSON.stringify(name)} is not an iCalendar name`);
  return out;
}

/**
 * Whether `text`, part of property `name`'s line, is plain (see {@link NOT_PLAIN}).
 * @throws {ValueError} when it holds a character iCalendar cannot carry.
 */
function isPlain(text: string, name: string): boolean {
  if (!NOT_PLAIN.test(text)) return true;
  const found = findNotICal(text);
  if (found)
    throw new ValueError(
      `${upper(name)}: ${describeCharacter(found[0])} cannot be written in iCalendar (a control character other than a newline in TEXT, U+FFFE, U+FFFF or a lone surrogate)`,
    );
  return false;
}

/** Appends one property's content line, folded, and its CRLF to `out`. */
function pushProperty(out: string[], property: Property): void {
  const { name, parameters, type } = property;
  let head = upper(name);
  let plain = true;
  for (const key in parameters) {
    const value = parameters[key] as string | string[];
    const text =
      typeof value === 'string'
        ? formatParameterValue(value)
        : value.map(formatParameterValue).join(',');
    if (!isPlain(text, name)) plain = false;
    head += `;${upper(key)}=${text}`;
  }
  if (type === 'binary' && parameters.encoding === undefined)
    // RFC 5545 §3.2.7: a BINARY value always says ENCODING=BASE64 (xCal leaves it implicit).
    head += ';ENCODING=BASE64';
  if (type !== 'unknown' && type !== defaultType(name)) head += `;VALUE=${type.toUpperCase()}`;
  const value = formatICalValue(property);
  if (!isPlain(value, name)) plain = false;
  // A line that fits goes in as its parts, joined with the rest of its component: never made alone.
  const length = head.length + 1 + value.length;
  if (length <= MAX_OCTETS && (plain || length * 3 <= MAX_OCTETS))
    out.push(head, ':', value, '\r\n');
  else out.push(foldLine(`${head}:${value}`), '\r\n');
}

/**
 * A component's lines, each ending in CRLF. Joined, not concatenated: each component's text is
 * flat at once, and the pieces of its lines die young; a calendar being written holds one string
 * per event, not the many small pieces of all of them, which the collector would keep copying.
 */
function formatComponent(component: Component): string {
  const name = upper(component.name);
  const out = ['BEGIN:', name, '\r\n'];
  for (const property of component.properties) pushProperty(out, property);
  for (const child of component.components) out.push(formatComponent(child));
  out.push('END:', name, '\r\n');
  return out.join('');
}

/**
 * Properties as content lines, each ending in CRLF.
 * @throws {ValueError} when a name or value cannot be written.
 */
export function formatProperties(properties: Property[]): string {
  const out: string[] = [];
  for (const property of properties) pushProperty(out, property);
  return out.join('');
}

/**
 * Components as iCalendar text, each line ending in CRLF.
 * @throws {ValueError} when a name or value cannot be written.
 */
export function formatComponents(components: Component[]): string {
  // One component is returned as it is: joining it alone would copy all of its text again.
  return components.length === 1
    ? formatComponent(components[0] as Component)
    : components.map(formatComponent).join('');
}
