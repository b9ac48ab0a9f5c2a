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
  const value = needsValue ? `;VALUE=${property.type.toUpperCase()}` : '';
  return foldLine(`${head}${value}:${formatICalValue(property)}`);
}

/** Appends a component's lines, each ending in CRLF, to `out` and returns it. */
export function formatComponent(component: Component, out = ''): string {
  const upper = component.name.toUpperCase();
  let text = `${out}BEGIN:${upper}\r\n`;
  for (const property of component.properties) text += `${formatProperty(property)}\r\n`;
  for (const child of component.components) text = formatComponent(child, text);
  return `${text}END:${upper}\r\n`;
}
