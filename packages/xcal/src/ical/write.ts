// Writing components as iCalendar text (RFC 5545 §3.1): CRLF, folding, escaping, VALUE only when
// the type is not the property's default (RFC 6321 §4).

import type { CalendarFrame, CalendarLayout } from '../calendar-view.js';
import { ValueError } from '../errors.js';
import {
  type FieldName,
  isCheckedType,
  type PropertySink,
  writeEventProperties,
} from '../event-view.js';
import type {
  CalendarEvent,
  Component,
  Parameters,
  Property,
  PropertyValue,
  ValueType,
} from '../model.js';
import { upperName } from '../names.js';
import { defaultType } from '../property-types.js';
import { describeCharacter, findNotICal } from '../writable-text.js';
import { formatParameterValue } from './escape.js';
import { foldLine, MAX_OCTETS } from './fold.js';
import { formatICalValue, formatValue } from './property-value.js';

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
 * Whether `text`, part of the line of the property `upperName`, is plain (see {@link NOT_PLAIN}).
 * @throws {ValueError} when it holds a character iCalendar cannot carry.
 */
function isPlain(text: string, upperName: string): boolean {
  if (!NOT_PLAIN.test(text)) return true;
  const found = findNotICal(text);
  if (found)
    throw new ValueError(
      `${upperName}: ${describeCharacter(found[0])} cannot be written in iCalendar (a control character other than a newline in TEXT, U+FFFE, U+FFFF or a lone surrogate)`,
    );
  return false;
}

/**
 * Appends the CRLF that ends the line before, then one content line, folded, to `out`: the
 * property `upperName`, whose default type is `defaultType`, with its parameters, VALUE when `type`
 * is not the default, and `value` already written as text (`checked` when it is known to be plain:
 * see {@link isCheckedType}). `lineStart`, when given, is `\r\n` and the name and colon in one
 * piece, for a line without parameters: a component's text is joined from fewer pieces.
 */
function pushLine(
  out: string[],
  upperName: string,
  defaultType: ValueType,
  parameters: Parameters,
  type: ValueType,
  value: string,
  checked = false,
  lineStart?: string,
): void {
  let head = upperName;
  let plain = true;
  for (const key in parameters) {
    const given = parameters[key] as string | string[];
    const text =
      typeof given === 'string'
        ? formatParameterValue(given)
        : given.map(formatParameterValue).join(',');
    if (!isPlain(text, upperName)) plain = false;
    head += `;${upper(key)}=${text}`;
  }
  if (type === 'binary' && parameters.encoding === undefined)
    // RFC 5545 §3.2.7: a BINARY value always says ENCODING=BASE64 (xCal leaves it implicit).
    head += ';ENCODING=BASE64';
  if (type !== 'unknown' && type !== defaultType) head += `;VALUE=${type.toUpperCase()}`;
  if (!checked && !isPlain(value, upperName)) plain = false;
  // A line that fits goes in as its parts, joined with the rest of its component: never made alone.
  const length = head.length + 1 + value.length;
  if (length > MAX_OCTETS || (!plain && length * 3 > MAX_OCTETS))
    out.push('\r\n', foldLine(`${head}:${value}`));
  else if (lineStart !== undefined && head === upperName) out.push(lineStart, value);
  else out.push('\r\n', head, ':', value);
}

/** Appends the CRLF that ends the line before, then one property's content line, folded, to `out`. */
function pushProperty(out: string[], property: Property): void {
  const { name, parameters, type } = property;
  pushLine(out, upper(name), defaultType(name), parameters, type, formatICalValue(property));
}

/** Writes the properties {@link writeEventProperties} sends straight as content lines. */
class LineSink implements PropertySink {
  constructor(private readonly out: string[]) {}

  field(name: FieldName, parameters: Parameters, type: ValueType, value: PropertyValue): void {
    const text = formatValue(type, value);
    const checked = isCheckedType(type);
    pushLine(this.out, name.upper, name.type, parameters, type, text, checked, name.lineStart);
  }

  property(property: Property): void {
    pushProperty(this.out, property);
  }
}

/**
 * A CalendarEvent, its times in the model's form, as a VEVENT's lines, each ending in CRLF, without
 * making its properties first; an event without dtstamp gets `stamp`.
 * @throws {ValueError} when uid or start is missing, or a name or value cannot be written.
 */
export function formatEvent(event: CalendarEvent, stamp: string | undefined): string {
  const out = ['BEGIN:VEVENT'];
  writeEventProperties(event, stamp, new LineSink(out));
  out.push('\r\n');
  for (const child of event.components ?? []) out.push(formatComponent(child));
  out.push('END:VEVENT\r\n');
  return out.join('');
}

/**
 * A component's lines, each ending in CRLF. Joined, not concatenated: each component's text is
 * flat at once, and the pieces of its lines die young; a calendar being written holds one string
 * per event, not the many small pieces of all of them, which the collector would keep copying.
 */
function formatComponent(component: Component): string {
  const name = upper(component.name);
  const out = ['BEGIN:', name];
  for (const property of component.properties) pushProperty(out, property);
  out.push('\r\n');
  for (const child of component.components) out.push(formatComponent(child));
  out.push('END:', name, '\r\n');
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

/**
 * The lines of a VCALENDAR around its events: BEGIN, its properties and the components before the
 * events; the components after them and END.
 * @throws {ValueError} when a name or value cannot be written.
 */
export function calendarFrame(layout: Omit<CalendarLayout, 'events' | 'stamp'>): CalendarFrame {
  const head = ['BEGIN:VCALENDAR'];
  for (const property of layout.properties) pushProperty(head, property);
  head.push('\r\n', formatComponents(layout.before));
  return {
    head: head.join(''),
    tail: `${formatComponents(layout.after)}END:VCALENDAR\r\n`,
  };
}
