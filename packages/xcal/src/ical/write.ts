// Writing components as iCalendar text (RFC 5545 §3.1): CRLF, folding, escaping, VALUE only when
// the type is not the property's default (RFC 6321 §4).
import type { Component, Parameters, Property } from '../model.js';
import { defaultType } from '../registry.js';
import { formatParameterValue } from './escape.js';
import { foldLine } from './fold.js';
import { formatICalValue } from './property-value.js';

function formatParameters(parameters: Parameters): string {
  let out = '';
  for (const name in parameters) {
    const value = parameters[name] as string | string[];
    const text =
      typeof value === 'string'
        ? formatParameterValue(value)
        : value.map(formatParameterValue).join(',');
    out += `;${name.toUpperCase()}=${text}`;
  }
  return out;
}

/** One property as a folded content line, without the trailing CRLF. */
export function formatProperty(property: Property): string {
  const needsValue = property.type !== 'unknown' && property.type !== defaultType(property.name);
  const head = property.name.toUpperCase() + formatParameters(property.parameters);
  let value = needsValue ? `;VALUE=${property.type.toUpperCase()}` : '';
  // RFC 5545 §3.2.7: a BINARY value always says ENCODING=BASE64 (xCal leaves it implicit).
  if (property.type === 'binary' && property.parameters.encoding === undefined)
    value = `;ENCODING=BASE64${value}`;
  return foldLine(`${head}${value}:${formatICalValue(property)}`);
}

function pushComponent(component: Component, lines: string[]): void {
  const upper = component.name.toUpperCase();
  lines.push(`BEGIN:${upper}`);
  for (const property of component.properties) lines.push(formatProperty(property));
  for (const child of component.components) pushComponent(child, lines);
  lines.push(`END:${upper}`);
}

/** A component's lines, each ending in CRLF. */
export function formatComponent(component: Component): string {
  const lines: string[] = [];
  pushComponent(component, lines);
  lines.push('');
  return lines.join('\r\n');
}
