// jCal (RFC 7265 §3) → components, checking the shape and every value, with JSON paths in errors.
import { JCalError, XcalError } from '../errors.js';
import { checkDate, checkDuration, checkOffset, checkPeriod } from '../lexical-forms.js';
import { ComponentBudget, checkLength, type ReadOptions, resolveLimits } from '../limits.js';
import type { Component, Parameters, Property, PropertyValue, ValueType } from '../model.js';
import { lowerName } from '../names.js';
import { isValueType } from '../property-types.js';
import { recurFromParts } from '../recur-value.js';

function isString(x: unknown): x is string {
  return typeof x === 'string';
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** ical.js writes WKST as a number (1 = SU … 7 = SA) in its jCal; RFC 7265 §3.6.10 has the weekday name. */
function weekday(part: string, item: string | number): string | number {
  return part === 'wkst' && typeof item === 'number' ? (WEEKDAYS[item - 1] ?? String(item)) : item;
}

function readValue(type: ValueType, name: string, value: unknown, path: string): PropertyValue {
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw new JCalError(`${name}: expected ${what}`, path);
  };
  try {
    if (name === 'geo' && Array.isArray(value)) {
      expect(
        value.length === 2 && value.every((n) => typeof n === 'number'),
        '[latitude, longitude]',
      );
      return value as number[];
    }
    if (name === 'request-status' && Array.isArray(value)) {
      expect(value.every(isString), 'an array of strings');
      return value as string[];
    }
    switch (type) {
      case 'date':
      case 'date-time':
        expect(isString(value), 'a string');
        return checkDate(value as string, name);
      case 'utc-offset':
        expect(isString(value), 'a string');
        return checkOffset(value as string);
      case 'duration':
        expect(isString(value), 'a string');
        return checkDuration(value as string, name);
      case 'period': {
        expect(
          Array.isArray(value) && value.length === 2 && value.every(isString),
          '[start, end or duration]',
        );
        const [start, tail] = value as [string, string];
        return checkPeriod(/^[+-]?P/.test(tail) ? { start, duration: tail } : { start, end: tail });
      }
      case 'recur': {
        expect(typeof value === 'object' && value !== null && !Array.isArray(value), 'an object');
        const parts: [string, string | number][] = [];
        for (const [part, v] of Object.entries(value as Record<string, unknown>)) {
          for (const item of Array.isArray(v) ? v : [v]) {
            expect(isString(item) || typeof item === 'number', `strings or numbers in ${part}`);
            parts.push([
              part,
              part === 'until'
                ? checkDate(item as string, 'UNTIL')
                : weekday(part, item as string | number),
            ]);
          }
        }
        return recurFromParts(parts);
      }
      case 'integer':
      case 'float':
        expect(typeof value === 'number' && Number.isFinite(value), 'a number');
        return value as number;
      case 'boolean':
        expect(typeof value === 'boolean', 'true or false');
        return value as boolean;
      default:
        expect(isString(value), 'a string');
        return value as string;
    }
  } catch (error) {
    if (error instanceof XcalError && !(error instanceof JCalError))
      throw new JCalError(error.message, path);
    throw error;
  }
}

/** A lowercased iCalendar name, or a JCalError. */
function checkName(raw: string, path: string): string {
  const name = lowerName(raw);
  if (name === undefined) throw new JCalError(`"${raw}" is not an iCalendar name`, path);
  return name;
}

function readParameters(raw: unknown, path: string): Parameters {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new JCalError('parameters must be an object', path);
  const out: Parameters = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (isString(value) || (Array.isArray(value) && value.every(isString)))
      out[checkName(name, `${path}.${name}`)] = value;
    else
      throw new JCalError(
        `parameter ${name} must be a string or an array of strings`,
        `${path}.${name}`,
      );
  }
  return out;
}

function readProperty(raw: unknown, path: string): Property {
  if (!Array.isArray(raw) || raw.length < 4 || !isString(raw[0]) || !isString(raw[2]))
    throw new JCalError('a property is [name, {parameters}, type, value, …]', path);
  const name = checkName(raw[0], `${path}[0]`);
  const declared = raw[2].toLowerCase();
  const type: ValueType = isValueType(declared) ? declared : 'unknown';
  const values = raw.slice(3).map((v, i) => readValue(type, name, v, `${path}[${i + 3}]`));
  return { name, parameters: readParameters(raw[1], `${path}[1]`), type, values };
}

function readComponent(
  raw: unknown,
  path: string,
  depth: number,
  budget: ComponentBudget,
): Component {
  if (
    !Array.isArray(raw) ||
    raw.length !== 3 ||
    !isString(raw[0]) ||
    !Array.isArray(raw[1]) ||
    !Array.isArray(raw[2])
  )
    throw new JCalError('a component is [name, [properties], [components]]', path);
  budget.enter(depth, () => path);
  budget.properties(raw[1].length, () => path);
  return {
    name: checkName(raw[0], `${path}[0]`),
    properties: raw[1].map((p, i) => readProperty(p, `${path}[1][${i}]`)),
    components: raw[2].map((c, i) => readComponent(c, `${path}[2][${i}]`, depth + 1, budget)),
  };
}

/**
 * Reads jCal (a JSON string or the parsed value): one component, or an array of components.
 * @throws {JCalError} with the JSON path of the first problem; LimitExceededError past a limit.
 */
export function readJCalComponents(input: unknown, options?: ReadOptions): Component[] {
  const limits = resolveLimits(options);
  let json = input;
  if (isString(input)) {
    checkLength(input, limits, 'maxInputLength', 'jCal input');
    try {
      json = JSON.parse(input);
    } catch (error) {
      throw new JCalError(`not JSON (${(error as Error).message})`, '$');
    }
  }
  const budget = new ComponentBudget(limits);
  if (Array.isArray(json) && isString(json[0])) return [readComponent(json, '$', 1, budget)];
  if (Array.isArray(json)) return json.map((c, i) => readComponent(c, `$[${i}]`, 1, budget));
  throw new JCalError('jCal is an array', '$');
}
