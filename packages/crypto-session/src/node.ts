/**
 * @packageDocumentation
 * Node.js parts of `@convene/crypto-session`: the node:http adapter of `ApiKeyServer` and
 * the sealed file engine of the client session cache.
 */

/** A session cache in a sealed file, and the key derived from the API key for it. */
export { deriveCacheKey, FileSessionCache } from './client/file-cache.js';
/** Serve the protocol from node:http, mounted under a path. */
export {
  createRequestListener,
  discardRest,
  type NodeHandlerOptions,
  readBody,
  writeAnswer,
} from './server/node-http.js';
