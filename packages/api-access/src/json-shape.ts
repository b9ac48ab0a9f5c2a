// Guards at the door for the JSON of an api-access file: each throws a PermissionMapError naming
// where the value sits, and never quotes the value itself (it may be a hash or a salt).
import { PermissionMapError, type PermissionMapLocation } from './errors.js';

/** A plain JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const typeName = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

/** `value` as an object whose keys are all in `known`; `required` keys must be present. */
export function expectObject(
  value: unknown,
  at: PermissionMapLocation,
  known: readonly string[],
  required: readonly string[] = known,
): JsonObject {
  if (!isJsonObject(value))
    throw new PermissionMapError(`expected an object, got ${typeName(value)}`, at);
  const prefix = at.field === undefined ? '' : `${at.field}.`;
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      throw new PermissionMapError(`unknown field (known: ${known.join(', ')})`, {
        ...at,
        field: `${prefix}${key}`,
      });
  }
  for (const key of required) {
    if (!(key in value))
      throw new PermissionMapError('is missing', { ...at, field: `${prefix}${key}` });
  }
  return value;
}

/** `value` as a string. */
export function expectString(value: unknown, at: PermissionMapLocation): string {
  if (typeof value !== 'string')
    throw new PermissionMapError(`expected a string, got ${typeName(value)}`, at);
  return value;
}

/** `value` as an array. */
export function expectArray(value: unknown, at: PermissionMapLocation): readonly unknown[] {
  if (!Array.isArray(value))
    throw new PermissionMapError(`expected an array, got ${typeName(value)}`, at);
  return value;
}
