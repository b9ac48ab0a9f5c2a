// iCalendar names (RFC 5545 §3.1: iana-token and x-name, letters, digits and "-", case-insensitive):
// the one rule every reader and writer checks names against, and the one cache of their spellings.

const NAME = /^[A-Za-z0-9-]+$/;

/** A name's spellings: lowercase (the model's, RFC 6321's, RFC 7265's) and uppercase (RFC 5545's). */
interface Spellings {
  readonly lower: string;
  readonly upper: string;
  /** Whether the name can stand as an XML element or attribute name (it starts with a letter). */
  readonly xml: boolean;
}

/** Names seen so far by their spelling in the input: calendars repeat a few dozen names. */
const cache = new Map<string, Spellings>();
/** Bounds the cache, so that input made of ever new names costs no memory. */
const CACHE_SIZE = 10_000;

function spellings(raw: string): Spellings | undefined {
  let found = cache.get(raw);
  if (found === undefined) {
    if (!NAME.test(raw)) return undefined;
    const first = raw.charCodeAt(0);
    found = {
      lower: raw.toLowerCase(),
      upper: raw.toUpperCase(),
      xml: first > 64, // a letter: digits and "-" sort below "A"
    };
    if (cache.size < CACHE_SIZE) cache.set(raw, found);
  }
  return found;
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
