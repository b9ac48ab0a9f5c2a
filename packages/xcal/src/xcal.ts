// The xCal entry points: RFC 6321 and the legacy family, read (flavour detected) and written.
import { calendarFromComponent, calendarToComponent, type WriteOptions } from './calendar.js';
import { XmlError } from './errors.js';
import { firstCalendar } from './icalendar.js';
import { ComponentBudget, type ReadOptions, resolveLimits } from './limits.js';
import type { Calendar, Component } from './model.js';
import { readLegacyComponents } from './xcal/legacy-parse.js';
import { LEGACY_NAMESPACE, legacyEventNode, legacyHeader } from './xcal/legacy-write.js';
import { readXCalComponents } from './xcal/parse.js';
import { componentToXml, XCAL_NAMESPACE } from './xcal/write.js';
import { buildXml, parseXml, XML_DECLARATION, type XmlElement } from './xcal/xml.js';

/** `rfc6321`: `urn:ietf:params:xml:ns:icalendar-2.0`; `legacy`: draft-royer / Pentabarf / frab / Open Event. */
export type XCalFlavour = 'rfc6321' | 'legacy';

/** Options of {@link toXCal}. */
export interface XCalWriteOptions extends WriteOptions {
  /** Default `rfc6321`. */
  flavour?: XCalFlavour;
  /** Start with `<?xml version="1.0" encoding="utf-8"?>`. Default true. */
  declaration?: boolean;
}

/** RFC 6321 when the root is `icalendar` in the RFC 6321 namespace (by URI, not prefix); legacy otherwise (KDE's rule). */
export function detectFlavour(root: XmlElement): XCalFlavour {
  return root.namespace === XCAL_NAMESPACE ? 'rfc6321' : 'legacy';
}

/** Reads xCal of either flavour into components, with the flavour found. */
export function readXCal(
  xml: string,
  options?: ReadOptions,
): { flavour: XCalFlavour; components: Component[] } {
  const limits = resolveLimits(options);
  const root = parseXml(xml, limits);
  const flavour = detectFlavour(root);
  const budget = new ComponentBudget(limits);
  const warn = options?.onWarning ?? (() => {});
  if (flavour === 'legacy' && !/^(i|v)calendar$/i.test(root.local))
    throw new XmlError(
      'XML_SHAPE',
      `<${root.local}> is neither <icalendar xmlns="${XCAL_NAMESPACE}"> nor legacy <iCalendar>/<vcalendar>`,
      root.path,
    );
  const components =
    flavour === 'rfc6321'
      ? readXCalComponents(root, budget, warn)
      : readLegacyComponents(root, budget, warn);
  return { flavour, components };
}

/**
 * Reads xCal into a Calendar, RFC 6321 or legacy, detected from the root element's namespace.
 * The legacy reader matches local names, accepts basic and ISO dates (offsets become UTC) and the
 * known broken duration shapes, and reports what it skips through `options.onWarning`.
 * @throws XmlError (with a path) on malformed XML, a DOCTYPE or a wrong shape; LimitError past a limit.
 */
export function parseXCal(xml: string, options?: ReadOptions): Calendar {
  const { components } = readXCal(xml, options);
  return calendarFromComponent(
    firstCalendar(components, options, () => {
      throw new XmlError('XML_SHAPE', 'no <vcalendar> element', '/');
    }),
  );
}

/** Writes components as an RFC 6321 document (no XML declaration). */
export function componentsToXCal(components: Component[]): string {
  return `<icalendar xmlns="${XCAL_NAMESPACE}">${components.map(componentToXml).join('')}</icalendar>`;
}

/** The legacy document root, opened and closed around the calendar. */
export const LEGACY_OPEN = `<iCalendar xmlns:xCal="${LEGACY_NAMESPACE}"><vcalendar>`;
export const LEGACY_CLOSE = '</vcalendar></iCalendar>';

/**
 * Writes a Calendar as xCal. `rfc6321` (the default) follows RFC 6321 and validates against its
 * (corrected) RELAX NG schema; `legacy` writes the FOSDEM/frab shape old consumers (Giggity,
 * ConfClerk) read: plain elements, basic-form dates, `HH:MM:SS:00` durations, attendees by name.
 * @throws ValueError when an event lacks uid or start, or text holds characters XML cannot carry.
 */
export function toXCal(calendar: Calendar, options: XCalWriteOptions = {}): string {
  const head = options.declaration === false ? '' : XML_DECLARATION;
  if (options.flavour === 'legacy') {
    const nodes = [
      ...legacyHeader(calendar),
      ...calendar.events.map((e) => legacyEventNode(e, calendar.method)),
    ];
    return `${head}${LEGACY_OPEN}${buildXml(nodes)}${LEGACY_CLOSE}`;
  }
  return head + componentsToXCal([calendarToComponent(calendar, options)]);
}
