// RFC 6321 xCal element tree → components (RFC 6321 §4): namespace by URI, typed value elements,
// VALUE re-derived from the element names, lenient where the RFC's own example is wrong.
import { XcalError, XmlError } from '../errors.js';
import {
  checkDate,
  checkDuration,
  checkOffset,
  checkPeriod,
  parseBoolean,
  parseFloatValue,
  parseInteger,
} from '../lexical-forms.js';
import type { ComponentBudget, Warn } from '../limits.js';
import type { Component, Parameters, Property, PropertyValue, ValueType } from '../model.js';
import { isLowerName } from '../names.js';
import { isValueType } from '../property-types.js';
import { recurFromParts } from '../recur-value.js';
import { XCAL_NAMESPACE } from './write.js';
import { type ElementEnd, serializeElement, type XmlElement } from './xml.js';

function shape(message: string, element: XmlElement): never {
  throw new XmlError('ERR_XML_SHAPE', message, element.path);
}

function ours(element: XmlElement): boolean {
  return element.namespace === XCAL_NAMESPACE;
}

function childText(element: XmlElement, local: string): string | undefined {
  return element.children.find((c) => c.local === local && ours(c))?.text;
}

/** The element's name if it is an iCalendar name (RFC 6321 §3.3-3.5 lowercases them). */
function checkName(element: XmlElement): string {
  if (!isLowerName(element.local)) shape(`<${element.local}> is not an iCalendar name`, element);
  return element.local;
}

function readValue(type: ValueType, element: XmlElement): PropertyValue {
  const text = element.text;
  switch (type) {
    case 'date':
    case 'date-time':
      return checkDate(text.trim(), element.local);
    case 'time':
      if (!/^\d{2}:\d{2}:\d{2}Z?$/.test(text.trim()))
        shape(`"${text}" is not HH:MM:SS[Z]`, element);
      return text.trim();
    case 'utc-offset':
      return checkOffset(text.trim());
    case 'duration':
      return checkDuration(text.trim(), 'duration');
    case 'integer':
      return parseInteger(text.trim());
    case 'float':
      return parseFloatValue(text.trim());
    case 'boolean':
      return parseBoolean(text.trim());
    case 'binary':
      // RFC 6321 §3.6.1: whitespace may wrap base64 and is removed.
      return text.replace(/\s+/g, '');
    case 'period': {
      const start = childText(element, 'start');
      if (start === undefined) shape('<period> needs <start>', element);
      const end = childText(element, 'end');
      const duration = childText(element, 'duration');
      return checkPeriod(
        end !== undefined
          ? { start, end }
          : duration !== undefined
            ? { start, duration }
            : { start },
      );
    }
    case 'recur':
      return recurFromParts(
        element.children
          .filter(ours)
          .map((c): [string, string] => [
            c.local,
            c.local === 'until' ? checkDate(c.text.trim(), 'until') : c.text,
          ]),
      );
    default:
      return text;
  }
}

function readParameters(element: XmlElement): Parameters {
  const out: Parameters = {};
  for (const parameter of element.children) {
    if (!ours(parameter)) continue;
    // Most parameters have one value: a list is made only at a second one.
    let first: string | undefined;
    let list: string[] | undefined;
    for (const v of parameter.children) {
      if (!ours(v)) continue;
      const value = v.local === 'boolean' ? v.text.trim().toUpperCase() : v.text;
      if (first === undefined) first = value;
      else if (list === undefined) list = [first, value];
      else list.push(value);
    }
    // Lenient: a parameter holding bare text instead of a value element.
    out[checkName(parameter)] = list ?? first ?? parameter.text;
  }
  return out;
}

function readProperty(element: XmlElement, warn: Warn | undefined): Property {
  const name = checkName(element);
  let parameters: Parameters = {};
  let type: ValueType | undefined;
  const values: PropertyValue[] = [];
  if (name === 'geo') {
    const lat = childText(element, 'latitude');
    const lon = childText(element, 'longitude');
    if (lat === undefined || lon === undefined)
      shape('<geo> needs <latitude> and <longitude>', element);
    values.push([parseFloatValue(lat.trim()), parseFloatValue(lon.trim())]);
    type = 'float';
  } else if (name === 'request-status') {
    const code = childText(element, 'code');
    const description = childText(element, 'description');
    if (code === undefined || description === undefined)
      shape('<request-status> needs <code> and <description>', element);
    const data = childText(element, 'data');
    values.push(data === undefined ? [code, description] : [code, description, data]);
    type = 'text';
  }
  for (const child of element.children) {
    if (!ours(child)) continue;
    if (child.local === 'parameters') parameters = readParameters(child);
    else if (type === 'float' || (name === 'request-status' && type === 'text')) continue;
    else if (isValueType(child.local)) {
      if (type !== undefined && type !== child.local)
        shape(`values of one property must share a type, not ${type} and ${child.local}`, child);
      type = child.local;
      try {
        values.push(readValue(type, child));
      } catch (error) {
        if (error instanceof XcalError && !(error instanceof XmlError))
          throw new XmlError('ERR_XML_SHAPE', error.message, child.path);
        throw error;
      }
    } else warn?.(`${child.path}: <${child.local}> is not a value type; skipped`);
  }
  if (type === undefined) {
    // Lenient: RFC 6321 B.2 prints <tzid>US/Eastern</tzid> without <text>.
    if (element.text.trim() === '') shape(`<${name}> has no value`, element);
    warn?.(`${element.path}: value without a type element; read as text`);
    return { name, parameters, type: 'text', values: [element.text.trim()] };
  }
  return { name, parameters, type, values };
}

/**
 * RFC 6321 §4.1-4.2: an element of another namespace directly in `<properties>` becomes an XML
 * property holding that element, with its namespace declared. Text between child elements is
 * dropped (it is whitespace in data-only XML; mixed content keeps its text first).
 */
function xmlProperty(element: XmlElement): Property {
  return { name: 'xml', parameters: {}, type: 'text', values: [serializeElement(element, '')] };
}

function readComponent(
  element: XmlElement,
  depth: number,
  budget: ComponentBudget,
  warn: Warn | undefined,
  eventsRead = false,
): Component {
  budget.enter(depth, () => element.path);
  const component: Component = { name: checkName(element), properties: [], components: [] };
  for (const part of element.children) {
    if (!ours(part)) warn?.(`${part.path}: element in namespace "${part.namespace}" ignored`);
    else if (part.local === 'properties') {
      for (const p of part.children) {
        if (ours(p)) component.properties.push(readProperty(p, warn));
        else component.properties.push(xmlProperty(p));
      }
      budget.properties(component.properties.length, () => part.path);
    } else if (part.local === 'components') {
      for (const c of part.children) {
        if (eventsRead && isXCal(c, 'vevent')) continue;
        if (ours(c)) component.components.push(readComponent(c, depth + 1, budget, warn));
        else warn?.(`${c.path}: component in namespace "${c.namespace}" ignored`);
      }
    } else shape(`<${part.local}> where <properties> or <components> belongs`, part);
  }
  return component;
}

/** Whether `element` is `<local>` in the RFC 6321 namespace. */
function isXCal(element: XmlElement | undefined, local: string): element is XmlElement {
  return element?.local === local && ours(element);
}

/** The first `<vcalendar>` of an RFC 6321 root: the one parseXCal reads. */
function firstCalendar(root: XmlElement): XmlElement | undefined {
  return root.children.find((c) => isXCal(c, 'vcalendar'));
}

/**
 * Reads the `<vcalendar>` elements of an RFC 6321 `<icalendar>` root; with `eventsRead`, passing
 * over the first calendar's `<vevent>`s, which {@link xcalEventReader} read.
 */
export function readXCalTree(
  root: XmlElement,
  budget: ComponentBudget,
  warn: Warn | undefined,
  eventsRead = false,
): Component[] {
  if (root.local !== 'icalendar' || !ours(root))
    shape(`the root must be <icalendar xmlns="${XCAL_NAMESPACE}">`, root);
  const first = eventsRead ? firstCalendar(root) : undefined;
  return root.children.filter(ours).map((c) => readComponent(c, 1, budget, warn, c === first));
}

/**
 * Reads each `<vevent>` of an RFC 6321 document's first `<vcalendar>` as its element ends (for
 * parseXml's `onEnd`), hands its component to `onEvent` and has the element emptied: the element
 * tree and the component then die young. readXCalTree, told so, passes over those elements.
 */
export function xcalEventReader(
  budget: ComponentBudget,
  warn: Warn | undefined,
  onEvent: (event: Component) => void,
): ElementEnd {
  let first: XmlElement | undefined;
  return (element) => {
    if (!isXCal(element, 'vevent')) return false;
    const components = element.parent;
    const calendar = components?.parent;
    const root = calendar?.parent;
    if (!isXCal(components, 'components') || !isXCal(calendar, 'vcalendar')) return false;
    if (!isXCal(root, 'icalendar') || root.parent) return false;
    // The root's children before this calendar are complete: the first calendar is among them.
    first ??= firstCalendar(root);
    if (calendar !== first) return false;
    onEvent(readComponent(element, 2, budget, warn));
    return true;
  };
}
