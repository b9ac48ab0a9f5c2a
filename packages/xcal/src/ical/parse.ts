// Reading iCalendar text (RFC 5545 §3.1) into components, and the first calendar's VEVENTs
// straight into CalendarEvents: unfolding, content lines, parameters with quoted values and lists,
// value types.
import { ICalendarSyntaxError, XcalError } from '../errors.js';
import {
  type Draft,
  EMPTY,
  finishEvent,
  ownParameters,
  readEventField,
  startEvent,
} from '../event-view.js';
import {
  ComponentBudget,
  checkLength,
  type ReadOptions,
  resolveLimits,
  type Warn,
} from '../limits.js';
import type {
  CalendarEvent,
  Component,
  Parameters,
  Property,
  PropertyValue,
  ValueType,
} from '../model.js';
import { lowerNameIn, type RecentName, recentNameIn } from '../names.js';
import { isValueType, propertyKind } from '../property-types.js';
import { decodeParameterValue } from './escape.js';
import { oneValueType, parseICalProperty, parseICalValue } from './property-value.js';

/**
 * The content line being read, one object updated in place: lines that were not folded are read
 * where they stand in the input (`text` is the input, `start`/`end` their bounds), folded ones from
 * their unfolded text.
 */
interface Line {
  text: string;
  start: number;
  end: number;
  /** 1-based number of the physical line the content line starts on. */
  number: number;
  /** Physical lines read so far. */
  physical: number;
  /** The name of the content line read before, whose `next` is the name this one likely has. */
  previous: RecentName | undefined;
  /** Where, in `text`, each continuation line's content starts (after its removed space). */
  folds: number[];
  /**
   * Set by {@link readContentLine}: the property name, its parameters (undefined when it has
   * none), where its value starts.
   */
  name: string;
  parameters: Parameters | undefined;
  /** Whether VALUE or ENCODING is among the parameters: they change how the value is read. */
  valueOrEncoding: boolean;
  valueStart: number;
}

/** Throws at `index` of the unfolded line, reported as the physical line and column it came from. */
function fail(message: string, line: Line, index: number): never {
  let k = 0;
  while (k < line.folds.length && (line.folds[k] as number) <= index) k++;
  // On a continuation line, the removed space was column 1.
  const column = k === 0 ? index - line.start + 1 : index - (line.folds[k - 1] as number) + 2;
  throw new ICalendarSyntaxError(message, line.number + k, column);
}

function nameAt(line: Line, start: number, end: number): string {
  const name = lowerNameIn(line.text, start, end);
  if (name === undefined) fail(`"${line.text.slice(start, end)}" is not a name`, line, start);
  return name;
}

/**
 * Reads one content line `NAME;PARAM=a,"b;c":value` (RFC 5545 §3.1, §3.2) into `line.name`,
 * `line.parameters` and `line.valueStart`, without cutting anything but parameter values out.
 */
function readContentLine(line: Line): void {
  const { text, start, end, previous } = line;
  // The name expected is compared as the name is scanned: when it is the one, nothing is looked up.
  const expected = previous?.next;
  const spelling = expected === undefined ? '' : expected.raw;
  let same = expected !== undefined;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 58 || c === 59) break; // ':' ';'
    // Past the end of `spelling`, charCodeAt gives NaN: no match.
    if (same && c !== spelling.charCodeAt(i - start)) same = false;
    i++;
  }
  if (i === start) fail('a content line must start with a property name', line, start);
  if (i === end) fail('missing ":" before the value', line, i);
  const name =
    same && expected !== undefined && i - start === spelling.length
      ? expected
      : recentNameIn(text, start, i);
  if (name === undefined) fail(`"${text.slice(start, i)}" is not a name`, line, start);
  if (previous !== undefined && previous.next !== name) previous.next = name;
  line.previous = name;
  line.name = name.lower;
  // Made at the first parameter: most lines have none.
  let parameters: Parameters | undefined;
  line.valueOrEncoding = false;
  while (i < end && text.charCodeAt(i) === 59) {
    // Found here rather than by indexOf: a parameter name is a few characters.
    let eq = i + 1;
    while (eq < end && text.charCodeAt(eq) !== 61) eq++;
    if (eq >= end) fail('a parameter needs "="', line, i + 1);
    const pname = nameAt(line, i + 1, eq);
    if (pname === 'value' || pname === 'encoding') line.valueOrEncoding = true;
    i = eq + 1;
    // Most parameters have one value: a list is made only at a second one.
    let first: string | undefined;
    let list: string[] | undefined;
    for (;;) {
      let value: string;
      if (i < end && text.charCodeAt(i) === 34) {
        const close = text.indexOf('"', i + 1);
        if (close < 0 || close >= end) fail('unterminated quoted parameter value', line, i);
        value = decodeParameterValue(text.slice(i + 1, close));
        i = close + 1;
      } else {
        let j = i;
        let caret = false;
        while (j < end) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 58 || c === 59 || c === 34) break;
          if (c === 94) caret = true; // '^' starts an RFC 6868 escape
          j++;
        }
        if (j < end && text.charCodeAt(j) === 34)
          fail('a quote may only enclose a whole parameter value', line, j);
        value = caret ? decodeParameterValue(text.slice(i, j)) : text.slice(i, j);
        i = j;
      }
      if (first === undefined) first = value;
      else if (list === undefined) list = [first, value];
      else list.push(value);
      if (i >= end || text.charCodeAt(i) !== 44) break;
      i++;
    }
    if (i >= end) fail('missing ":" before the value', line, i);
    parameters ??= {};
    parameters[pname] = list ?? (first as string);
  }
  line.parameters = parameters;
  line.valueStart = i + 1;
}

/**
 * The property of the content line just read, whose value text is `raw`. With `reused`, a
 * one-valued property is written into that object (`parameters` the shared {@link EMPTY} when
 * there are none) instead of a new one.
 */
function toProperty(
  line: Line,
  name: string,
  raw: string,
  warn: Warn | undefined,
  reused?: Property,
): Property {
  const { parameters } = line;
  const { type: defaultType, multiValued } = propertyKind(name);
  let type: ValueType = defaultType;
  let text = raw;
  let declared = false;
  if (parameters !== undefined && line.valueOrEncoding) {
    const value = parameters.value;
    if (typeof value === 'string') {
      const lower = value.toLowerCase();
      // RFC 6321 §3.5.1: VALUE is not kept; the type carries it.
      delete parameters.value;
      type = isValueType(lower) ? lower : 'unknown';
      declared = true;
    }
    if (
      typeof parameters.encoding === 'string' &&
      parameters.encoding.toUpperCase() === 'BASE64' &&
      type !== 'binary'
    ) {
      // RFC 6321 §3.1: base64 on a non-BINARY value is decoded and ENCODING dropped.
      text = decodeBase64(text, line, line.start + name.length);
      delete parameters.encoding;
    }
  }
  try {
    if (reused === undefined || multiValued)
      return parseICalProperty(name, parameters ?? {}, type, text, multiValued);
    const actual = oneValueType(type, text);
    reused.values[0] = parseICalValue(name, actual, text);
    reused.name = name;
    reused.parameters = parameters ?? EMPTY;
    reused.type = actual;
    return reused;
  } catch (error) {
    if (!(error instanceof XcalError)) throw error;
    // Without VALUE, a value of another type is read as what it looks like (RFC 5545 §4 itself
    // has `TRIGGER:19980403T120000Z`); with VALUE, a wrong value is an error.
    const guessed = declared ? undefined : guessType(text);
    if (guessed !== undefined && guessed !== type) {
      try {
        const property = parseICalProperty(name, parameters ?? {}, guessed, text, multiValued);
        warn?.(
          `line ${line.number}: ${name.toUpperCase()} is not a ${type.toUpperCase()}; read as ${guessed.toUpperCase()}`,
        );
        return property;
      } catch (retry) {
        if (!(retry instanceof XcalError)) throw retry;
      }
    }
    fail(`${name.toUpperCase()}: ${error.message}`, line, line.start + name.length);
  }
}

/** Base64 (RFC 4648 §4) to UTF-8 text, with the platform's `atob` and `TextDecoder`. */
function decodeBase64(text: string, line: Line, at: number): string {
  let binary: string;
  try {
    binary = atob(text.replace(/\s+/g, ''));
  } catch {
    fail('ENCODING=BASE64 on a value that is not base64', line, at);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

function guessType(text: string): ValueType | undefined {
  if (/^\d{8}T\d{6}Z?(,\d{8}T\d{6}Z?)*$/.test(text)) return 'date-time';
  if (/^\d{8}(,\d{8})*$/.test(text)) return 'date';
  return undefined;
}

function isFoldSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** The end of the physical line starting at `from`: its CR (of a CRLF) or LF, or the input's end. */
function lineEnd(input: string, from: number, newline: number): number {
  return newline > from && input.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
}

/**
 * Reads the content line starting at `at` into `line` and returns where the next one starts. Most
 * lines are not folded: they are read where they stand in the input.
 */
function nextLine(input: string, at: number, line: Line): number {
  let newline = input.indexOf('\n', at);
  if (newline < 0) newline = input.length;
  line.number = ++line.physical;
  if (line.folds.length > 0) line.folds.length = 0;
  const next = newline + 1;
  if (next < input.length && isFoldSpace(input.charCodeAt(next)))
    return unfold(input, at, lineEnd(input, at, newline), next, line);
  line.text = input;
  line.start = at;
  line.end = lineEnd(input, at, newline);
  return next;
}

/**
 * Unfolding (RFC 5545 §3.1): the content line whose first physical line is `input[at, stop)` and
 * whose second starts at `next`, with each line break and the one space or tab after it removed.
 * Returns where the next content line starts.
 */
function unfold(input: string, at: number, stop: number, next: number, line: Line): number {
  const parts = [input.slice(at, stop)];
  let length = stop - at;
  while (next < input.length && isFoldSpace(input.charCodeAt(next))) {
    let newline = input.indexOf('\n', next);
    if (newline < 0) newline = input.length;
    line.folds.push(length);
    const part = input.slice(next + 1, lineEnd(input, next, newline));
    parts.push(part);
    length += part.length;
    line.physical++;
    next = newline + 1;
  }
  line.text = parts.join('');
  line.start = 0;
  line.end = length;
  return next;
}

/** The value text of the content line just read. */
function valueText(line: Line): string {
  return line.text.slice(line.valueStart, line.end);
}

/** The lowercase component name a BEGIN or END line gives. */
function componentName(line: Line): string {
  const { text, valueStart, end } = line;
  return lowerNameIn(text, valueStart, end) ?? text.slice(valueStart, end).trim().toLowerCase();
}

/**
 * Reads the content line just read, a property of an event being read, into the event's fields
 * and returns true, or appends it to `rest`, the properties no field takes, and returns false.
 */
function readEventProperty(
  line: Line,
  name: string,
  draft: Draft,
  rest: Property[],
  reused: Property,
  warn: Warn | undefined,
): boolean {
  const property = toProperty(line, name, valueText(line), warn, reused);
  if (readEventField(draft, property)) return true;
  if (property !== reused) rest.push(property);
  else {
    // The event keeps it: a Property of its own, with parameters of its own.
    const { type, values } = property;
    rest.push({
      name,
      parameters: ownParameters(property),
      type,
      values: [values[0] as PropertyValue],
    });
  }
  return false;
}

/**
 * Reads every top-level component in iCalendar text. With `events`, the VEVENTs of the first
 * top-level VCALENDAR are read into CalendarEvents appended to it as each ends, and left out of the
 * tree: their properties go into the event's fields as they are read, a component of many events
 * is never built.
 * @throws {ICalendarSyntaxError} with line and column; LimitExceededError past a limit.
 * @throws {ValueError} for a VEVENT without UID or DTSTART, read into `events`.
 */
export function readICalendar(
  input: string,
  options: ReadOptions | undefined,
  events?: CalendarEvent[],
): Component[] {
  const limits = resolveLimits(options);
  checkLength(input, limits, 'maxInputLength', 'iCalendar input');
  const budget = new ComponentBudget(limits);
  const warn = options?.onWarning;
  const roots: Component[] = [];
  const stack: Component[] = [];
  const end = input.length;
  let at = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  const line: Line = {
    text: input,
    start: 0,
    end: 0,
    number: 0,
    physical: 0,
    previous: undefined,
    folds: [],
    name: '',
    parameters: undefined,
    valueOrEncoding: false,
    valueStart: 0,
  };
  const where = () => `iCalendar line ${line.number}`;
  /** The first top-level VCALENDAR, whose VEVENTs go to `events`. */
  let calendar: Component | undefined;
  /** The VEVENT being read into a CalendarEvent: its properties no field took, its components. */
  let eventComponent: Component | undefined;
  let draft: Draft = startEvent();
  /** Properties of that VEVENT read into its fields, for `maxProperties`. */
  let fields = 0;
  /** The one property handed to the event's field readers, rewritten for each line. */
  const reused: Property = { name: '', parameters: EMPTY, type: 'unknown', values: [''] };
  while (at < end) {
    at = nextLine(input, at, line);
    if (line.end === line.start) continue;
    readContentLine(line);
    const { name } = line;
    if (name === 'begin') {
      const component: Component = { name: componentName(line), properties: [], components: [] };
      budget.enter(stack.length + 1, where);
      const parent = stack[stack.length - 1];
      if (parent === undefined) {
        roots.push(component);
        if (events !== undefined && calendar === undefined && component.name === 'vcalendar')
          calendar = component;
      } else if (parent === calendar && stack.length === 1 && component.name === 'vevent') {
        eventComponent = component;
        draft = startEvent();
        fields = 0;
      } else parent.components.push(component);
      stack.push(component);
    } else if (name === 'end') {
      const open = stack[stack.length - 1];
      if (!open) fail(`END:${valueText(line)} without BEGIN`, line, line.start);
      if (open.name !== componentName(line))
        fail(
          `END:${valueText(line)} closes BEGIN:${open.name.toUpperCase()}`,
          line,
          line.start + 4,
        );
      stack.pop();
      if (open === eventComponent) {
        (events as CalendarEvent[]).push(finishEvent(draft, open.properties, open.components));
        eventComponent = undefined;
      }
    } else {
      const current = stack[stack.length - 1];
      if (!current) fail(`property ${name.toUpperCase()} outside any component`, line, line.start);
      if (current === eventComponent) {
        if (readEventProperty(line, name, draft, current.properties, reused, warn)) fields++;
        budget.properties(fields + current.properties.length, where);
      } else {
        current.properties.push(toProperty(line, name, valueText(line), warn));
        budget.properties(current.properties.length, where);
      }
    }
  }
  const open = stack[stack.length - 1];
  if (open)
    throw new ICalendarSyntaxError(
      `BEGIN:${open.name.toUpperCase()} is never closed`,
      line.physical + 1,
      1,
    );
  return roots;
}
