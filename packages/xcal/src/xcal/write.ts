// Components → RFC 6321 xCal: `<icalendar xmlns="urn:ietf:params:xml:ns:icalendar-2.0">`,
// `<properties>`/`<components>` wrappers, one typed element per value (RFC 6321 §3).

import type { CalendarFrame, CalendarLayout } from '../calendar-view.js';
import {
  type FieldName,
  isCheckedType,
  isEmpty,
  type PropertySink,
  writeEventProperties,
} from '../event-view.js';
import { DEFAULT_LIMITS } from '../limits.js';
import type {
  CalendarEvent,
  Component,
  Parameters,
  Period,
  Property,
  PropertyValue,
  Recur,
  ValueType,
} from '../model.js';
import type { XmlTags } from '../names.js';
import { parameterType } from '../property-types.js';
import { recurEntries } from '../recur-value.js';
import { named, parseXml, type XmlNode, xmlTags, xmlText } from './xml.js';

/** The RFC 6321 namespace (§7.1). */
export const XCAL_NAMESPACE = 'urn:ietf:params:xml:ns:icalendar-2.0';

/** Appends `<name>text</name>` (`<name/>` for no text) to `out`, the text escaped. */
function pushLeaf(out: string[], name: string, text: string): void {
  const escaped = xmlText(text);
  const tags = xmlTags(name);
  if (escaped === '') out.push(tags.empty);
  else out.push(tags.open, escaped, tags.close);
}

function pushRecur(out: string[], recur: Recur): void {
  out.push('<recur>');
  // RFC 6321 §3.6.10: one element per list item, parts in the schema's order.
  for (const [part, value] of recurEntries(recur)) {
    for (const item of Array.isArray(value) ? value : [value]) pushLeaf(out, part, String(item));
  }
  out.push('</recur>');
}

function pushPeriod(out: string[], period: Period): void {
  out.push('<period>');
  pushLeaf(out, 'start', period.start);
  if (period.end !== undefined) pushLeaf(out, 'end', period.end);
  else pushLeaf(out, 'duration', period.duration ?? '');
  out.push('</period>');
}

/** The value elements of one value; GEO and REQUEST-STATUS parts sit directly in the property (RFC 6321 §3.4.1.2-3). */
function pushValue(out: string[], name: string, type: string, value: PropertyValue): void {
  if (Array.isArray(value)) {
    if (name === 'geo') {
      pushLeaf(out, 'latitude', String(value[0]));
      pushLeaf(out, 'longitude', String(value[1]));
      return;
    }
    const [code, description, data] = value as string[];
    pushLeaf(out, 'code', code ?? '');
    pushLeaf(out, 'description', description ?? '');
    if (data !== undefined && data !== '') pushLeaf(out, 'data', data);
  } else if (type === 'recur') pushRecur(out, value as Recur);
  else if (type === 'period') pushPeriod(out, value as Period);
  else pushLeaf(out, type, String(value));
}

/** What writing a parameter needs: its tags, its value type, and both opened and closed around one value. */
interface ParameterElement {
  readonly tags: XmlTags;
  readonly type: ValueType;
  /** `<cn><text>` */
  readonly open: string;
  /** `</text></cn>` */
  readonly close: string;
}

/** Parameter elements by name, made on first use: calendars use a handful of parameter names. */
const parameterElements = new Map<string, ParameterElement>();
/** Bounds the cache, so that input made of ever new parameter names costs no memory. */
const PARAMETER_CACHE_SIZE = 256;

function parameterElement(name: string): ParameterElement {
  let found = parameterElements.get(name);
  if (found === undefined) {
    const tags = xmlTags(name);
    const type = parameterType(name);
    found = { tags, type, open: `${tags.open}<${type}>`, close: `</${type}>${tags.close}` };
    if (parameterElements.size < PARAMETER_CACHE_SIZE) parameterElements.set(name, found);
  }
  return found;
}

function pushParameters(out: string[], parameters: Parameters): void {
  let opened = false;
  for (const name in parameters) {
    if (!opened) out.push('<parameters>');
    opened = true;
    const value = parameters[name] as string | string[];
    const element = parameterElement(name);
    const { type } = element;
    // One text value, the usual case, goes in as three pieces.
    const escaped = typeof value === 'string' && type !== 'boolean' ? xmlText(value) : '';
    if (escaped !== '') {
      out.push(element.open, escaped, element.close);
      continue;
    }
    out.push(element.tags.open);
    for (const v of typeof value === 'string' ? [value] : value)
      pushLeaf(out, type, type === 'boolean' ? v.toLowerCase() : v);
    out.push(element.tags.close);
  }
  if (opened) out.push('</parameters>');
}

/**
 * RFC 6321 §4.2 the other way: an XML property whose value is one well-formed element of another
 * namespace goes back into `<properties>` as that element; otherwise it stays `<xml><text>`.
 */
function embeddedXml(property: Property): XmlNode | undefined {
  const value = property.values[0];
  if (property.name !== 'xml' || property.type !== 'text' || property.values.length !== 1)
    return undefined;
  if (
    typeof value !== 'string' ||
    value.startsWith('<?') ||
    Object.keys(property.parameters).length > 0
  )
    return undefined;
  try {
    const element = parseXml(value, DEFAULT_LIMITS);
    return element.namespace !== '' && element.namespace !== XCAL_NAMESPACE
      ? (value as XmlNode)
      : undefined;
  } catch {
    return undefined;
  }
}

function pushProperty(out: string[], property: Property): void {
  const embedded = embeddedXml(property);
  if (embedded) {
    out.push(embedded);
    return;
  }
  const { name, type, values } = property;
  const tags = xmlTags(name);
  out.push(tags.open);
  pushParameters(out, property.parameters);
  for (const value of values) pushValue(out, name, type, value);
  out.push(tags.close);
}

/** Appends a property's element; an error names the property. */
function pushNamedProperty(out: string[], property: Property): void {
  // No closure per property: the name goes on an error only when one is thrown.
  try {
    pushProperty(out, property);
  } catch (error) {
    throw named(property.name, error);
  }
}

/** Appends `<properties>…</properties>` of a component to `out`. */
function pushProperties(out: string[], properties: Property[]): void {
  out.push('<properties>');
  for (const property of properties) pushNamedProperty(out, property);
  out.push('</properties>');
}

/** Appends `<components>…</components>`. */
function pushComponents(out: string[], components: Component[]): void {
  out.push('<components>');
  for (const child of components) out.push(componentToXml(child));
  out.push('</components>');
}

/**
 * Serialises a component as xCal: `<vevent><properties>…</properties><components>…</components></vevent>`.
 * Each component's text is joined once from its pieces: flat at once, with no string made per element.
 */
export function componentToXml(component: Component): string {
  const tags = xmlTags(component.name);
  const out = [tags.open];
  pushProperties(out, component.properties);
  // The schema requires <components> in VCALENDAR and forbids an empty one elsewhere.
  if (component.components.length > 0 || component.name === 'vcalendar')
    pushComponents(out, component.components);
  out.push(tags.close);
  return out.join('');
}

/**
 * An RFC 6321 document around a calendar's events (no XML declaration): the root, the
 * `<vcalendar>` with its properties and the components before the events; the components after
 * them and the ends.
 * @throws {ValueError} when a name or value cannot be written.
 */
export function xcalFrame(layout: Omit<CalendarLayout, 'events' | 'stamp'>): CalendarFrame {
  const head = [`<icalendar xmlns="${XCAL_NAMESPACE}"><vcalendar>`];
  pushProperties(head, layout.properties);
  head.push('<components>');
  for (const child of layout.before) head.push(componentToXml(child));
  const tail = layout.after.map(componentToXml);
  tail.push('</components></vcalendar></icalendar>');
  return { head: head.join(''), tail: tail.join('') };
}

/** Writes the properties {@link writeEventProperties} sends straight as elements. */
class ElementSink implements PropertySink {
  constructor(private readonly out: string[]) {}

  field(name: FieldName, parameters: Parameters, type: ValueType, value: PropertyValue): void {
    const out = this.out;
    try {
      // Most fields are a text of the property's default type without parameters: three pieces.
      if (type === name.type && typeof value === 'string' && isEmpty(parameters)) {
        const escaped = isCheckedType(type) ? value : xmlText(value);
        if (escaped !== '') {
          out.push(name.xmlOpen, escaped, name.xmlClose);
          return;
        }
      }
      out.push(name.tags.open);
      pushParameters(out, parameters);
      pushValue(out, name.lower, type, value);
      out.push(name.tags.close);
    } catch (error) {
      throw named(name.lower, error);
    }
  }

  property(property: Property): void {
    pushNamedProperty(this.out, property);
  }
}

/**
 * A CalendarEvent, its times in the model's form, as a `<vevent>` element, without making its
 * properties first; an event without dtstamp gets `stamp`.
 * @throws {ValueError} when uid or start is missing, or a name or value cannot be written.
 */
export function eventToXml(event: CalendarEvent, stamp: string | undefined): string {
  const out = ['<vevent><properties>'];
  writeEventProperties(event, stamp, new ElementSink(out));
  out.push('</properties>');
  if (event.components && event.components.length > 0) pushComponents(out, event.components);
  out.push('</vevent>');
  return out.join('');
}
