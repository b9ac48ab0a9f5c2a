// Writing components as iCalendar text (RFC 5545 §3.1): CRLF, folding, escaping, VALUE only when
// the type is not the property's default (RFC 6321 §4).
import { ValueError } from '../errors.js';
import type { Component, Property } from '../model.js';
import { upperName } from '../names.js';
import { defaultType } from '../property-types.js';
import { describeCharacter, findNotICal } from '../writable-text.js';
import { formatParameterValue } from './escape.js';
import { foldParts } from './fold.js';
import { formatICalValue } from './property-value.js';

/** @throws {ValueError} when `name` is not an iCalendar name. */
function upper(name: string): string {
  const out = upperName(name);
  if (out === undefined) throw new ValueError(`${JSON.stringify(name)} is not an iCalendar name`);
  return out;
}

/** @throws {ValueError} when `text`, part of property `name`'s line, holds a character iCalendar cannot carry. */
function checkCarried(text: string, name: string): void {
  const found = findNotICal(text);
  if (found)
    throw new ValueError(
      `${upper(name)}: ${describeCharacter(found[0])} cannot be written in iCalendar (a control character other than a newline in TEXT, U+FFFE, U+FFFF or a lone surrogate)`,
    );
}

function formatParameters(property: Property): string {
  const { parameters } = property;
  let out = '';
  for (const name in parameters) {
    const value = parameters[name] as string | string[];
    const text =
      typeof value === 'string'
        ? formatParameterValue(value)
        : value.map(formatParameterValue).join(',');
    checkCarried(text, property.name);
    out += `;${upper(name)}=${text}`;
  }
  return out;
}

/** One property as a folded content line, without the trailing CRLF. */
export function formatProperty(property: Property): string {
  const needsValue = property.type !== 'unknown' && property.type !== defaultType(property.name);
  let head = upper(property.name) + formatParameters(property);
  if (property.type === 'binary' && property.parameters.encoding === undefined)
    // RFC 5545 §3.2.7: a BINARY value always says ENCODING=BASE64 (xCal leaves it implicit).
    head += ';ENCODING=BASE64';
  if (needsValue) head += `;VALUE=${property.type.toUpperCase()}`;
  // Each part is checked as it is: the joined line is only made, and measured, once.
  const value = formatICalValue(property);
  checkCarried(value, property.name);
  return foldParts(`${head}:`, value);
}

/** A component's lines, each ending in CRLF. */
export function formatComponent(component: Component): string {
  const name = upper(component.name);
  // Joined, not concatenated: each component's text is flat at once, so a calendar being written
  // holds one string per event, not a rope of small pieces the collector would keep copying.
  const parts = [`BEGIN:${name}\r\n`];
  for (const property of component.properties) parts.push(formatProperty(property), '\r\n');
  for (const child of component.components) parts.push(formatComponent(child));
  parts.push(`END:${name}\r\n`);
  return parts.join('');
}
