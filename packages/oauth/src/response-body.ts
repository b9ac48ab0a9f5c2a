// Reading server answers: JSON objects, form bodies, and the OAuth error bodies both protocols use.
import { OAuthResponseError, ResponseError } from './errors.js';
import type { ReadResponse } from './http.js';

/**
 * The body as a JSON object.
 * @throws {ResponseError} `ERR_INVALID_RESPONSE` when it is not JSON or not an object.
 */
export function jsonObject(response: ReadResponse, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(response.text);
  } catch (error) {
    throw new ResponseError(
      'ERR_INVALID_RESPONSE',
      response.status,
      `${where} answered ${response.status} with a body that is not JSON`,
      { cause: error },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ResponseError(
      'ERR_INVALID_RESPONSE',
      response.status,
      `${where} answered ${response.status} with JSON that is not an object`,
    );
  return value as Record<string, unknown>;
}

function tryJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * The error a failed response stands for: an {@link OAuthResponseError} when the body is an OAuth
 * error — JSON `{"error": …}` (RFC 6749 §5.2), a form `error=…` or `oauth_problem=…` (OAuth 1.0a
 * providers), or X's JSON `{"errors": [{"code", "message"}]}` — else a {@link ResponseError}.
 */
export function errorFromResponse(response: ReadResponse, where: string): Error {
  const json = tryJson(response.text);
  if (json !== undefined) {
    const error = text(json.error);
    if (error !== undefined)
      return new OAuthResponseError(response.status, error, text(json.error_description), json);
    const first = Array.isArray(json.errors)
      ? (json.errors[0] as Record<string, unknown>)
      : undefined;
    if (first !== undefined && typeof first === 'object' && first !== null)
      return new OAuthResponseError(
        response.status,
        String(first.code ?? 'error'),
        text(first.message),
        json,
      );
  } else {
    const form = new URLSearchParams(response.text);
    const error = form.get('error') ?? form.get('oauth_problem');
    if (error !== null && error !== '')
      return new OAuthResponseError(
        response.status,
        error,
        form.get('error_description') ?? form.get('oauth_problem_advice') ?? undefined,
        Object.fromEntries(form),
      );
  }
  return new ResponseError(
    'ERR_INVALID_RESPONSE',
    response.status,
    `${where} answered ${response.status} without an OAuth error body`,
  );
}
