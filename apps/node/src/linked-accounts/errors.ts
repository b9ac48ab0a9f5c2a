// Why linking an account failed, with the HTTP status the link pages answer with.
import { NodeError } from '../errors.js';

/** A link could not be started or completed; the message is shown to the organizer. */
export class LinkError extends NodeError {
  /** 400 a bad or stale callback, 403 the owner said no, 404 unknown, 502 the provider failed. */
  readonly status: 400 | 403 | 404 | 502;

  constructor(status: 400 | 403 | 404 | 502, message: string, options?: ErrorOptions) {
    super('ERR_LINK', message, options);
    this.status = status;
  }
}
