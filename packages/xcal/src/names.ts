// iCalendar names (RFC 5545 §3.1: iana-token and x-name, letters, digits and "-", case-insensitive):
// the one rule every reader and writer checks names against, and the one cache of their spellings.

const NAME = /^[A-Za-z0-9-]+$/;

/** A name's spellings: lowercase (the model's, RFC 6321's, RFC 7265's) and uppercase (RFC 5545's). */
interface Spellings {
  readonly lower: string;
  readonly upper: string;
  /** Whether the name can stand as an XML element or attribute name (it starts with a letter). */
  readonly xml: boolean;
  /** The spelling the entry is for, copied: never a slice of an input. */
  readonly own: string;
  /** Its XML tags, made on first use (see {@link xmlTagsOf}). */
  tags?: XmlTags;
}

/** The tags of an element name: `<name>`, `</name>` and the empty element `<name/>`. */
export interface XmlTags {
  readonly open: string;
  readonly close: string;
  readonly empty: string;
}

/** Names seen so far by their spelling in the input: calendars repeat a few dozen names. */
const cache = new Map<string, Spellings>();
/** Bounds the cache, so that input made of ever new names costs no memory. */
const CACHE_SIZE = 10_000;
/** Longer names are not kept: real ones are short, and a huge one would stay in memory. */
const CACHED_NAME_LENGTH = 256;

/**
 * `name` as the engine keeps property keys: one shared copy per spelling, so that comparing a name
 * with a literal (`name === 'begin'`) or looking it up in a Map is one pointer comparison.
 */
function internalized(name: string): string {
  return Object.keys({ [name]: 0 })[0] as string;
}

function spellings(raw: string): Spellings | undefined {
  let found = cache.get(raw);
  if (found === undefined) {
    if (!NAME.test(raw)) return undefined;
    // A copy: `raw` may be a slice that would keep a whole input alive in the cache.
    const own = [...raw].join('');
    found = {
      lower: internalized(own.toLowerCase()),
      upper: own.toUpperCase(),
      xml: own.charCodeAt(0) > 64, // a letter: digits and "-" sort below "A"
      own,
    };
    if (cache.size < CACHE_SIZE && own.length <= CACHED_NAME_LENGTH) cache.set(own, found);
  }
  return found;
}

/** A name recently read from text: its spelling there (uppercase or lowercase) and its lowercase one. */
export interface RecentName {
  readonly raw: string;
  readonly lower: string;
  /**
   * The name of the content line that followed a line of this name when last read: what a reader
   * expects next, since the events of a calendar repeat one sequence of properties.
   */
  next: RecentName | undefined;
}

const RECENT_SLOTS = 512;
/**
 * Names recently read from text, by a hash of their length and a few of their characters, so that
 * a reader finds a name in its input without cutting it out. Filled up front: an array written at
 * scattered indexes would fall back to a slow dictionary.
 */
const recent: (RecentName | undefined)[] = new Array(RECENT_SLOTS).fill(undefined);

/** Whether `text` holds `raw` at `start`: compared here, names being short, rather than by a call. */
function spelledAt(text: string, start: number, raw: string): boolean {
  for (let i = 0; i < raw.length; i++)
    if (text.charCodeAt(start + i) !== raw.charCodeAt(i)) return false;
  return true;
}

/**
 * The name at `text[start, end)` with its lowercase spelling, or undefined when it is not one: as
 * {@link lowerName}, without making a string of the name when it was read recently.
 */
export function recentNameIn(text: string, start: number, end: number): RecentName | undefined {
  const length = end - start;
  if (length === 0) return undefined;
  // The first, middle and last characters and the length tell the names of a calendar apart.
  const hash =
    length * 61 +
    text.charCodeAt(start) * 31 +
    text.charCodeAt(start + (length >> 1)) * 7 +
    text.charCodeAt(end - 1);
  const slot = hash & (RECENT_SLOTS - 1);
  const seen = recent[slot];
  if (seen !== undefined && seen.raw.length === length && spelledAt(text, start, seen.raw))
    return seen;
  const raw = text.slice(start, end);
  const found = spellings(raw);
  if (found === undefined) return undefined;
  const spelled = raw === found.upper ? found.upper : raw === found.lower ? found.lower : undefined;
  // A name in mixed case is not kept: its entry stands for the spelling the cache holds.
  const entry: RecentName = { raw: spelled ?? found.own, lower: found.lower, next: undefined };
  if (spelled !== undefined && length <= CACHED_NAME_LENGTH) recent[slot] = entry;
  return entry;
}

/** The lowercase spelling of the name at `text[start, end)`, or undefined when it is not one. */
export function lowerNameIn(text: string, start: number, end: number): string | undefined {
  return recentNameIn(text, start, end)?.lower;
}

/** The lowercase spelling of an iCalendar name given in any case, or undefined when it is not one. */
export function lowerName(raw: string): string | undefined {
  return spellings(raw)?.lower;
}

/** The uppercase spelling RFC 5545 text uses, or undefined when `name` is not an iCalendar name. */
export function upperName(name: string): string | undefined {
  return spellings(name)?.upper;
}

/** Whether `name` is an iCalendar name in the lowercase spelling the model holds. */
export function isLowerName(name: string): boolean {
  return spellings(name)?.lower === name;
}

/** Whether `name` is an iCalendar name that is also an XML name (RFC 6321 §3.3-3.5 writes names as elements). */
export function isXmlName(name: string): boolean {
  return spellings(name)?.xml === true;
}

/**
 * The XML tags of `name` as it is spelled, made once per spelling, or undefined when it is not an
 * iCalendar name that is also an XML name.
 */
export function xmlTagsOf(name: string): XmlTags | undefined {
  const found = spellings(name);
  if (!found?.xml) return undefined;
  const { own } = found;
  found.tags ??= { open: `<${own}>`, close: `</${own}>`, empty: `<${own}/>` };
  return found.tags;
}
