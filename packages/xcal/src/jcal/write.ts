// Components → jCal arrays (RFC 7265 §3).
import type { Component, Period, Property, PropertyValue, Recur } from '../model.js';
import { recurEntries } from '../recur-value.js';

/** A jCal component: `[name, properties, components]`. */
export type JCalComponent = [string, JCalProperty[], JCalComponent[]];
/** A jCal property: `[name, parameters, type, value, …]`. */
export type JCalProperty = [string, Record<string, string | string[]>, string, ...unknown[]];

/** RFC 7265 §3.6.10: a RECUR as an object; one-item lists are written as their item, as the RFC's examples do. */
function recurToJCal(recur: Recur): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [part, value] of recurEntries(recur))
    out[part] = Array.isArray(value) && value.length === 1 ? value[0] : value;
  return out;
}

function valueToJCal(type: string, value: PropertyValue): unknown {
  if (type === 'recur') return recurToJCal(value as Recur);
  if (type === 'period') {
    const period = value as Period;
    return [period.start, period.end ?? period.duration];
  }
  return value;
}

function propertyToJCal(property: Property): JCalProperty {
  return [
    property.name,
    property.parameters,
    property.type,
    ...property.values.map((v) => valueToJCal(property.type, v)),
  ];
}

/** Writes a component and its children as jCal. */
function componentToJCal(component: Component): JCalComponent {
  return [
    component.name,
    component.properties.map(propertyToJCal),
    component.components.map(componentToJCal),
  ];
}

/** Writes components as jCal (RFC 7265 §3), one `[name, properties, components]` array each. */
export function componentsToJCal(components: Component[]): JCalComponent[] {
  return components.map(componentToJCal);
}
