// The XML layer: a namespace-aware element tree over fast-xml-parser for the readers, and text
// escaping plus element serialisation for the writers. Entities are never expanded beyond the five XML
// built-ins and character references, and a DOCTYPE is refused (no billion laughs, no XXE).
import { XMLParser } from 'fast-xml-parser';
import { LimitExceededError, ValueError, XmlError } from '../errors.js';
import { checkLength, type ReadLimits } from '../limits.js';
import { isXmlName, type XmlTags, xmlTagsOf } from '../names.js';
import { describeCharacter, findNotXml } from '../writable-text.js';
import { checkWellFormed } from './well-formed.js';

const NO_ATTRIBUTES: Record<string, string> = Object.freeze({});
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

/** An element with its namespace resolved from the in-scope declarations, not from its prefix. */
export class XmlElement {
  /** Attributes by local name, values decoded (one shared frozen object for elements without any). */
  attributes: Record<string, string> = NO_ATTRIBUTES;
  /** Child elements in order (one shared frozen empty array for elements without any: most hold text). */
  children: readonly XmlElement[] = NO_CHILDREN;
  /** The element's own text, decoded, concatenated across its child elements. */
  text = '';
  namespace = '';
  readonly local: string;
  readonly parent: XmlElement | undefined;
  constructor(local: string, parent: XmlElement | undefined) {
    this.local = local;
    this.parent = parent;
  }

  /** Appends a child element. */
  adopt(child: XmlElement): void {
    if (this.children === NO_CHILDREN) this.children = [child];
    else (this.children as XmlElement[]).push(child);
  }

  /** The document's root element: this one's outermost ancestor. */
  get root(): XmlElement {
    let root: XmlElement = this;
    while (root.parent) root = root.parent;
    return root;
  }

  /** Where the element is, for messages: `/icalendar/vcalendar[0]/properties[0]` (worked out only when asked). */
  get path(): string {
    if (!this.parent) return `/${this.local}`;
    return `${this.parent.path}/${this.local}[${siblingNumber(this.parent, this)}]`;
  }
}

/** The children of an element numbered so far, each by its place among those of its name. */
interface SiblingNumbers {
  numbered: number;
  readonly counts: Map<string, number>;
  readonly numbers: Map<XmlElement, number>;
}

/** Kept only for elements whose children's paths were asked for (a message names one of them). */
const siblingNumbers = new WeakMap<XmlElement, SiblingNumbers>();

/**
 * The place of `child` among the children of `parent` that share its name. Children are numbered
 * once each, as paths ask for them: a message per event of a 100,000-event calendar costs no
 * count of the calendar's children per message.
 */
function siblingNumber(parent: XmlElement, child: XmlElement): number {
  let known = siblingNumbers.get(parent);
  if (known === undefined) {
    known = { numbered: 0, counts: new Map(), numbers: new Map() };
    siblingNumbers.set(parent, known);
  }
  const { children } = parent;
  for (; known.numbered < children.length; known.numbered++) {
    const { local } = children[known.numbered] as XmlElement;
    const number = known.counts.get(local) ?? 0;
    known.numbers.set(children[known.numbered] as XmlElement, number);
    known.counts.set(local, number + 1);
  }
  return known.numbers.get(child) ?? -1;
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;

/** Whether a code point is an XML 1.0 Char (§2.2): what a character reference may stand for. */
function isXmlChar(code: number): boolean {
  return code < 0xd800
    ? code >= 0x20 || code === 0x9 || code === 0xa || code === 0xd
    : (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function decode(text: string, where: XmlElement): string {
  if (text.indexOf('&') < 0) return text;
  const out = text.replace(ENTITY, (reference, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      if (!isXmlChar(code))
        throw new XmlError(
          'ERR_XML_SYNTAX',
          `${reference.length > 16 ? `${reference.slice(0, 16)}…` : reference} is not a character XML allows`,
          where.path,
        );
      return String.fromCodePoint(code);
    }
    return e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : "'";
  });
  if (text.replace(ENTITY, '').includes('&'))
    throw new XmlError(
      'ERR_XML_SYNTAX',
      'an entity other than the XML built-ins and character references',
      where.path,
    );
  return out;
}

/** How the readers drive fast-xml-parser: document order, raw text and attributes, no entities. */
export const XML_PARSER_OPTIONS = Object.freeze({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  cdataPropName: '#cdata',
} as const);

const parser = (maxDepth: number) =>
  new XMLParser({ ...XML_PARSER_OPTIONS, maxNestedTags: maxDepth });

/**
 * Parses XML into an element tree. Elements in a namespace of `known` hold the caller's own string
 * for it, which the caller then compares by identity, the quickest comparison there is. `onEnd`
 * sees each element as it ends, and may take it (see {@link ElementEnd}).
 * @throws {XmlError} on a DOCTYPE or malformed XML (with its line and column).
 * @throws {LimitExceededError} beyond the size, value length or depth limits.
 */
export function parseXml(
  xml: string,
  limits: ReadLimits,
  known: readonly string[] = [],
  onEnd?: ElementEnd,
): XmlElement {
  checkLength(xml, limits, 'maxXmlInputLength', 'XML input');
  const forbidden = findNotXml(xml);
  if (forbidden)
    throw new XmlError(
      'ERR_XML_SYNTAX',
      `${describeCharacter(forbidden[0])} at offset ${forbidden.index} is not a character XML allows`,
      '/',
    );
  // fast-xml-parser reads malformed XML leniently and copies values whole: check both first.
  checkWellFormed(xml, limits);
  const maxElements = limits.maxDepth * 4;
  let nodes: Ordered[];
  try {
    nodes = parser(maxElements + 1).parse(xml) as Ordered[];
  } catch (error) {
    if (/nest/i.test((error as Error).message))
      throw new LimitExceededError('maxDepth', maxElements, 'XML element nesting');
    throw new XmlError('ERR_XML_SYNTAX', (error as Error).message, '/');
  }
  const roots = nodes.filter((n) => !('#text' in n));
  const root = roots[0];
  if (roots.length !== 1 || !root)
    throw new XmlError('ERR_XML_SYNTAX', 'an XML document has exactly one root element', '/');
  const scope = new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]);
  return toElement(root, nodeName(root), scope, known, onEnd);
}

/**
 * Called as each element ends, its ancestors complete but for their later content; returning true
 * empties it (children and text dropped, the element itself kept so that paths keep their
 * numbering), so that a caller can read it while it is young and let the collector have it cheaply.
 */
export type ElementEnd = (element: XmlElement) => boolean;

/** What a node of fast-xml-parser's ordered output is: `#text`, `#cdata` or the element's qualified name. */
function nodeName(node: Ordered): string {
  for (const key in node) if (key !== ':@') return key;
  return '';
}

function toElement(
  node: Ordered,
  qname: string,
  scope: Map<string, string>,
  known: readonly string[],
  onEnd: ElementEnd | undefined,
  parent?: XmlElement,
): XmlElement {
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const element = new XmlElement(qname.slice(colon + 1), parent);
  // Attached before its own content is read, so that errors found inside it have its path.
  parent?.adopt(element);
  let inner = scope;
  const raw = node[':@'];
  if (raw) {
    for (const name in raw) {
      const value = raw[name] as string;
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (inner === scope) inner = new Map(scope);
        const uri = decode(value, element);
        inner.set(name === 'xmlns' ? '' : name.slice(6), known.find((k) => k === uri) ?? uri);
      } else {
        if (element.attributes === NO_ATTRIBUTES) element.attributes = {};
        element.attributes[name.slice(name.indexOf(':') + 1)] = decode(value, element);
      }
    }
  }
  const namespace = inner.get(prefix);
  if (namespace === undefined && prefix !== '')
    throw new XmlError('ERR_XML_SYNTAX', `undeclared prefix "${prefix}"`, element.path);
  element.namespace = namespace ?? '';
  for (const child of node[qname] as Ordered[]) {
    // One look at each node's keys tells what it is.
    const name = nodeName(child);
    if (name === '#text') element.text += decode(String(child[name]), element);
    // A CDATA section is text as it stands: nothing in it is markup or an entity.
    else if (name === '#cdata')
      for (const part of child[name] as Ordered[]) element.text += String(part['#text'] ?? '');
    else toElement(child, name, inner, known, onEnd, element);
  }
  if (onEnd?.(element)) {
    element.children = NO_CHILDREN;
    element.text = '';
  }
  return element;
}

/** Writes an element back as XML, declaring its namespace where it differs from `inScope`. */
export function serializeElement(element: XmlElement, inScope: string): string {
  let open = element.local;
  if (element.namespace !== inScope) open += ` xmlns="${escapeXml(element.namespace)}"`;
  for (const [name, value] of Object.entries(element.attributes))
    open += ` ${name}="${escapeXml(value)}"`;
  const inner =
    escapeXml(element.children.length > 0 ? element.text.trim() : element.text) +
    element.children.map((c) => serializeElement(c, element.namespace)).join('');
  return inner === '' ? `<${open}/>` : `<${open}>${inner}</${element.local}>`;
}

const ESCAPE = /[&<>"\r]/g;
const NEEDS_ESCAPE = /[&<>"\r]/;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#x0d;',
};

/** Any character but printable ASCII, TAB and LF, or one of `& < > "`: text without one is written as it is. */
const NOT_PLAIN = /[^\t\n\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x7e]/;

/** Escapes text for XML content or attributes; CR is written as `&#x0d;` so readers keep it. @throws {ValueError} on characters XML cannot hold. */
export function escapeXml(text: string): string {
  // Most text needs neither the check nor escaping: one quick scan tells.
  if (!NOT_PLAIN.test(text)) return text;
  const found = findNotXml(text);
  if (found)
    throw new ValueError(
      `${describeCharacter(found[0])} cannot be written in XML (a control character other than TAB, LF and CR, U+FFFE, U+FFFF or a lone surrogate)`,
    );
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE, (c) => ESCAPES[c] as string) : text;
}

function notXmlName(name: string): ValueError {
  return new ValueError(`${JSON.stringify(name)} cannot be written as an XML element name`);
}

/** The name, when it is an iCalendar name that can be an XML element or attribute name as it is. @throws {ValueError} otherwise. */
export function xmlName(name: string): string {
  if (!isXmlName(name)) throw notXmlName(name);
  return name;
}

/**
 * `<name>`, `</name>` and `<name/>`, made once per spelling.
 * @throws {ValueError} when `name` is not an iCalendar name that can be an XML name.
 */
export function xmlTags(name: string): XmlTags {
  const tags = xmlTagsOf(name);
  if (tags === undefined) throw notXmlName(name);
  return tags;
}

/** Serialized XML: an element (with its content) or escaped text, made by {@link xmlElement} and {@link xmlText}. */
export type XmlNode = string & { readonly xml: true };

const ATTRIBUTE_ESCAPES = /[\n\t]/g;

/**
 * An element holding `children` in order; attribute values are escaped here (newlines and tabs as
 * character references, which attribute-value normalisation would otherwise turn into spaces).
 * @throws {ValueError} for a name that is no XML name or a value XML cannot carry.
 */
export function xmlElement(
  name: string,
  children: XmlNode[],
  attributes?: Record<string, string>,
): XmlNode {
  const tags = xmlTags(name);
  const inner = children.length === 1 ? (children[0] as string) : children.join('');
  if (attributes === undefined)
    return (inner === '' ? tags.empty : `${tags.open}${inner}${tags.close}`) as XmlNode;
  let open = `<${name}`;
  for (const key in attributes)
    open += ` ${xmlName(key)}="${escapeXml(attributes[key] as string).replace(ATTRIBUTE_ESCAPES, (c) => (c === '\n' ? '&#10;' : '&#9;'))}"`;
  return (inner === '' ? `${open}/>` : `${open}>${inner}${tags.close}`) as XmlNode;
}

/** A text node, escaped by {@link escapeXml}. @throws {ValueError} on characters XML cannot carry. */
export function xmlText(text: string): XmlNode {
  return escapeXml(text) as XmlNode;
}

/** `error` to throw again: a ValueError gets `NAME: ` in front of its message, anything else stays as it is. */
export function named(name: string, error: unknown): unknown {
  return error instanceof ValueError
    ? new ValueError(`${name.toUpperCase()}: ${error.message}`, { cause: error })
    : error;
}

/** Joins serialized nodes into one document fragment. */
export function buildXml(nodes: XmlNode[]): string {
  return nodes.join('');
}

/** The XML declaration every xCal document written starts with, unless asked not to. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';
