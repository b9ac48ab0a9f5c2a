// The XML layer over fast-xml-parser: a namespace-aware element tree for the readers, and text
// escaping plus a builder for the writers. Entities are never expanded beyond the five XML
// built-ins and character references, and a DOCTYPE is refused (no billion laughs, no XXE).
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { LimitError, ValueError, XmlError } from '../errors.js';
import { checkInputLength, type ReadLimits, resolveLimits } from '../limits.js';

/** An element with its namespace resolved from the in-scope declarations, not from its prefix. */
export interface XmlElement {
  local: string;
  namespace: string;
  /** Attributes by local name, values decoded. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, decoded, concatenated across its child elements. */
  text: string;
  /** Where the element is, for error messages: `/icalendar/vcalendar[0]/properties`. */
  path: string;
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;

function decode(text: string, path: string): string {
  if (text.indexOf('&') < 0) return text;
  const out = text.replace(ENTITY, (_, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : "'";
  });
  if (text.replace(ENTITY, '').includes('&'))
    throw new XmlError(
      'XML_SYNTAX',
      'an entity other than the XML built-ins and character references',
      path,
    );
  return out;
}

const parser = (maxDepth: number) =>
  new XMLParser({
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
    maxNestedTags: maxDepth,
  });

/**
 * Parses XML into an element tree. Throws XmlError on a DOCTYPE, on malformed XML (with its line
 * and column) and LimitError beyond the size or depth limits.
 */
export function parseXml(xml: string, options: ReadLimits | undefined, rootPath = ''): XmlElement {
  const limits = resolveLimits(options);
  checkInputLength(xml, limits, 'XML input');
  if (/<!DOCTYPE/i.test(xml)) throw new XmlError('XML_DOCTYPE', 'a DOCTYPE is not accepted', '/');
  const maxElements = limits.maxDepth * 4;
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new XmlError(
      'XML_SYNTAX',
      `${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
      '/',
    );
  let nodes: Ordered[];
  try {
    nodes = parser(maxElements + 1).parse(xml) as Ordered[];
  } catch (error) {
    if (/nest/i.test((error as Error).message))
      throw new LimitError('maxDepth', maxElements, 'XML element nesting');
    throw new XmlError('XML_SYNTAX', (error as Error).message, '/');
  }
  const roots = nodes.filter((n) => !('#text' in n));
  const root = roots[0];
  if (roots.length !== 1 || !root)
    throw new XmlError('XML_SYNTAX', 'an XML document has exactly one root element', '/');
  return toElement(root, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), rootPath);
}

function toElement(
  node: Ordered,
  scope: Map<string, string>,
  parentPath: string,
  index?: number,
): XmlElement {
  const qname = Object.keys(node).find((k) => k !== ':@') as string;
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const local = qname.slice(colon + 1);
  const path = `${parentPath}/${local}${index === undefined ? '' : `[${index}]`}`;
  let inner = scope;
  const attributes: Record<string, string> = {};
  const raw = node[':@'];
  if (raw) {
    for (const [name, value] of Object.entries(raw)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (inner === scope) inner = new Map(scope);
        inner.set(name === 'xmlns' ? '' : name.slice(6), decode(value, path));
      } else attributes[name.slice(name.indexOf(':') + 1)] = decode(value, path);
    }
  }
  const namespace = inner.get(prefix);
  if (namespace === undefined && prefix !== '')
    throw new XmlError('XML_SYNTAX', `undeclared prefix "${prefix}"`, path);
  const children: XmlElement[] = [];
  const counts = new Map<string, number>();
  let text = '';
  for (const child of node[qname] as Ordered[]) {
    if ('#text' in child) text += decode(String(child['#text']), path);
    else {
      const key = Object.keys(child).find((k) => k !== ':@') as string;
      const localName = key.slice(key.indexOf(':') + 1);
      const n = counts.get(localName) ?? 0;
      counts.set(localName, n + 1);
      children.push(toElement(child, inner, path, n));
    }
  }
  return { local, namespace: namespace ?? '', attributes, children, text, path };
}

// XML 1.0 §2.2: characters an XML document cannot carry at all.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to detect
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const ESCAPE = /[&<>"\r]/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#x0d;',
};

/** Escapes text for XML content or attributes; CR is written as `&#x0d;` so readers keep it. @throws ValueError on characters XML cannot hold. */
export function escapeXml(text: string): string {
  if (NOT_XML.test(text))
    throw new ValueError(
      `text holds a character XML 1.0 cannot carry: ${JSON.stringify(text.match(NOT_XML)?.[0])}`,
    );
  return text.replace(ESCAPE, (c) => ESCAPES[c] as string);
}

/** A node for the builder: an element (name, attributes, children) or escaped text. */
export type XmlNode =
  | { name: string; attributes?: Record<string, string>; children: XmlNode[] }
  | string;

function toOrdered(node: XmlNode): Ordered {
  if (typeof node === 'string') return { '#text': escapeXml(node) };
  const out: Ordered = { [node.name]: node.children.map(toOrdered) };
  if (node.attributes) {
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(node.attributes)) attributes[`@_${k}`] = escapeXml(v);
    out[':@'] = attributes;
  }
  return out;
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  suppressEmptyNode: true,
  format: false,
});

/** Serialises nodes with fast-xml-parser's builder; text is escaped by {@link escapeXml}. */
export function buildXml(nodes: XmlNode[]): string {
  return builder.build(nodes.map(toOrdered)) as string;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';
