// A property's value text in iCalendar ↔ the model's typed values (RFC 5545 §3.3, RFC 6321 §3.4.1).
import { ValueError } from '../errors.js';
import {
  checkDuration,
  dateFromICal,
  dateToICal,
  offsetFromICal,
  offsetToICal,
  parseBoolean,
  parseFloatValue,
  parseInteger,
  periodFromICal,
  periodToICal,
  timeFromICal,
  timeToICal,
} from '../lexical-forms.js';
import type { Parameters, Period, Property, PropertyValue, Recur, ValueType } from '../model.js';
import { recurFromICal, recurToICal } from '../recur-value.js';
import { escapeText, splitText, unescapeText } from './escape.js';

function parseOne(type: ValueType, text: string): PropertyValue {
  switch (type) {
    case 'date':
    case 'date-time':
      return dateFromICal(text);
    case 'time':
      return timeFromICal(text);
    case 'utc-offset':
      return offsetFromICal(text);
    case 'duration':
      return checkDuration(text, 'DURATION');
    case 'period':
      return periodFromICal(text);
    case 'recur':
      return recurFromICal(text);
    case 'integer':
      return parseInteger(text);
    case 'float':
      return parseFloatValue(text);
    case 'boolean':
      return parseBoolean(text);
    case 'text':
      return unescapeText(text);
    default:
      return text;
  }
}

/**
 * The type a one-valued property's value text is read as: a DATE-TIME property whose value is a
 * bare date (`DTSTART:20081006`, RFC 6321 B.1) is read as a DATE.
 */
export function oneValueType(type: ValueType, text: string): ValueType {
  return type === 'date-time' && text.length === 8 ? 'date' : type;
}

/**
 * Reads the value text of a one-valued property `name` as `type` (see {@link oneValueType}): GEO
 * and REQUEST-STATUS are read into their structured arrays, an unknown type is kept as text.
 * @throws {ValueError} when the text is not a value of the type.
 */
export function parseICalValue(name: string, type: ValueType, text: string): PropertyValue {
  if (type === 'unknown') return text;
  if (name === 'geo' && type === 'float') {
    const parts = text.split(';');
    if (parts.length !== 2) throw new ValueError(`GEO "${text}" is not latitude;longitude`);
    return [parseFloatValue(parts[0] as string), parseFloatValue(parts[1] as string)];
  }
  if (name === 'request-status' && type === 'text') return splitText(text, ';');
  return parseOne(type, text);
}

/**
 * Reads the value text of property `name` as `type` into a Property, as a comma-separated list when
 * `multiValued` (and the type is known). A DATE-TIME property whose values are bare dates is read
 * as a DATE.
 */
export function parseICalProperty(
  name: string,
  parameters: Parameters,
  type: ValueType,
  text: string,
  multiValued: boolean,
): Property {
  if (!multiValued || type === 'unknown') {
    const actual = oneValueType(type, text);
    return { name, parameters, type: actual, values: [parseICalValue(name, actual, text)] };
  }
  if (type === 'text') return { name, parameters, type, values: splitText(text, ',') };
  const pieces = text.split(',');
  const actual = type === 'date-time' && pieces.every((p) => p.length === 8) ? 'date' : type;
  return { name, parameters, type: actual, values: pieces.map((p) => parseOne(actual, p)) };
}

/** Writes one value of `type` as iCalendar value text (TEXT escaped). */
export function formatValue(type: ValueType, value: PropertyValue): string {
  switch (type) {
    case 'date':
    case 'date-time':
      return dateToICal(value as string);
    case 'time':
      return timeToICal(value as string);
    case 'utc-offset':
      return offsetToICal(value as string);
    case 'period':
      return periodToICal(value as Period);
    case 'recur':
      return recurToICal(value as Recur);
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'text':
      return escapeText(value as string);
    default:
      return String(value);
  }
}

/** Writes a property's values as iCalendar value text. */
export function formatICalValue(property: Property): string {
  const { name, type, values } = property;
  if (values.length === 1) {
    const value = values[0] as PropertyValue;
    if (Array.isArray(value)) {
      if (name === 'geo') return value.join(';');
      return (value as string[]).map(escapeText).join(';');
    }
    return formatValue(type, value);
  }
  return values.map((v) => formatValue(type, v)).join(',');
}
