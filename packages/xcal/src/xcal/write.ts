// Components → RFC 6321 xCal: `<icalendar xmlns="urn:ietf:params:xml:ns:icalendar-2.0">`,
// `<properties>`/`<components>` wrappers, one typed element per value (RFC 6321 §3).

import { DEFAULT_LIMITS } from '../limits.js';
import type { Component, Period, Property, PropertyValue, Recur } from '../model.js';
import { parameterType } from '../property-types.js';
import { recurEntries } from '../recur-value.js';
import { buildXml, naming, parseXml, type XmlNode, xmlElement, xmlName, xmlText } from './xml.js';

/** The RFC 6321 namespace (§7.1). */
export const XCAL_NAMESPACE = 'urn:ietf:params:xml:ns:icalendar-2.0';

const el = (name: string, ...children: XmlNode[]): XmlNode => xmlElement(name, children);
/** An element holding one text. */
const leaf = (name: string, text: string): XmlNode => xmlElement(name, [xmlText(text)]);

function recurNode(recur: Recur): XmlNode {
  const children: XmlNode[] = [];
  // RFC 6321 §3.6.10: one element per list item, parts in the schema's order.
  for (const [part, value] of recurEntries(recur)) {
    for (const item of Array.isArray(value) ? value : [value])
      children.push(leaf(part, String(item)));
  }
  return el('recur', ...children);
}

function periodNode(period: Period): XmlNode {
  const tail =
    period.end !== undefined ? leaf('end', period.end) : leaf('duration', period.duration ?? '');
  return el('period', leaf('start', period.start), tail);
}

/** The value elements of one value; GEO and REQUEST-STATUS parts sit directly in the property (RFC 6321 §3.4.1.2-3). */
function valueNodes(name: string, type: string, value: PropertyValue): XmlNode[] {
  if (Array.isArray(value)) {
    if (name === 'geo')
      return [leaf('latitude', String(value[0])), leaf('longitude', String(value[1]))];
    const [code, description, data] = value as string[];
    const parts = [leaf('code', code ?? ''), leaf('description', description ?? '')];
    if (data !== undefined && data !== '') parts.push(leaf('data', data));
    return parts;
  }
  if (type === 'recur') return [recurNode(value as Recur)];
  if (type === 'period') return [periodNode(value as Period)];
  return [leaf(type, String(value))];
}

function parameterNode(name: string, value: string | string[]): XmlNode {
  const type = parameterType(name);
  const values = typeof value === 'string' ? [value] : value;
  return el(name, ...values.map((v) => leaf(type, type === 'boolean' ? v.toLowerCase() : v)));
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

function propertyNode(property: Property): XmlNode {
  return naming(property.name, () => propertyElement(property));
}

function parametersNode(property: Property): XmlNode | undefined {
  let nodes: XmlNode[] | undefined;
  for (const name in property.parameters) {
    nodes ??= [];
    nodes.push(parameterNode(name, property.parameters[name] as string | string[]));
  }
  return nodes && xmlElement('parameters', nodes);
}

function propertyElement(property: Property): XmlNode {
  const embedded = embeddedXml(property);
  if (embedded) return embedded;
  const parameters = parametersNode(property);
  const { name, type, values } = property;
  const value = values[0];
  // Most properties hold one plain value: one element, no lists made.
  if (values.length === 1 && !Array.isArray(value) && type !== 'recur' && type !== 'period') {
    const node = leaf(type, String(value));
    return xmlElement(name, parameters === undefined ? [node] : [parameters, node]);
  }
  const children: XmlNode[] = parameters === undefined ? [] : [parameters];
  for (const v of values) children.push(...valueNodes(name, type, v));
  return xmlElement(name, children);
}

/** `<properties>…</properties>` of a component. */
export function propertiesNode(properties: Property[]): XmlNode {
  return el('properties', ...properties.map(propertyNode));
}

/**
 * Serialises a component as xCal: `<vevent><properties>…</properties><components>…</components></vevent>`.
 * The builder sees one component's properties at a time, which keeps large calendars fast.
 */
export function componentToXml(component: Component): string {
  const name = xmlName(component.name);
  const properties = buildXml([propertiesNode(component.properties)]);
  // The schema requires <components> in VCALENDAR and forbids an empty one elsewhere.
  if (component.components.length === 0 && name !== 'vcalendar')
    return `<${name}>${properties}</${name}>`;
  return `<${name}>${properties}<components>${component.components.map(componentToXml).join('')}</components></${name}>`;
}
