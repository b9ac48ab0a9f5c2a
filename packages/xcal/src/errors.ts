// The errors of @convene/xcal: one base class with a stable `ERR_…` code, a subclass per kind of input.

/** Every `code` an {@link XcalError} can carry; each names one kind of failure and never changes. */
export type XcalErrorCode =
  | 'ERR_ICAL_SYNTAX'
  | 'ERR_XML_SYNTAX'
  | 'ERR_XML_DOCTYPE'
  | 'ERR_XML_SHAPE'
  | 'ERR_JCAL_SHAPE'
  | 'ERR_INVALID_VALUE'
  | 'ERR_LIMIT_EXCEEDED'
  | 'ERR_SINK_CLOSED';

/** The base of every error this package throws for bad input; switch on `code`. */
export class XcalError extends Error {
  readonly code: XcalErrorCode;
  constructor(code: XcalErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** iCalendar text that does not follow RFC 5545 §3.1; `line` and `column` are 1-based, in the input as given (folded). */
export class ICalendarSyntaxError extends XcalError {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super('ERR_ICAL_SYNTAX', `${message} (line ${line}, column ${column})`);
    this.line = line;
    this.column = column;
  }
}

/** XML that is not well formed, declares a DOCTYPE, or is not xCal; `path` names the element, e.g. `/icalendar/vcalendar[0]/components`. */
export class XmlError extends XcalError {
  readonly path: string;
  constructor(
    code: 'ERR_XML_SYNTAX' | 'ERR_XML_DOCTYPE' | 'ERR_XML_SHAPE',
    message: string,
    path: string,
  ) {
    super(code, `${message} at ${path}`);
    this.path = path;
  }
}

/** JSON that is not jCal (RFC 7265 §3); `path` is a JSON path such as `$[2][0][1][3]`. */
export class JCalError extends XcalError {
  readonly path: string;
  constructor(message: string, path: string) {
    super('ERR_JCAL_SHAPE', `${message} at ${path}`);
    this.path = path;
  }
}

/** A value whose lexical form is wrong for its type (RFC 5545 §3.3), or text a format cannot carry, read or to be written. */
export class ValueError extends XcalError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_INVALID_VALUE', message, options);
  }
}

/** Input beyond one of the {@link ReadLimits}; `limit` names it. Raise it in `limits` if the input is trusted. */
export class LimitExceededError extends XcalError {
  readonly limit: string;
  readonly max: number;
  constructor(limit: string, max: number, where: string) {
    super('ERR_LIMIT_EXCEEDED', `${where}: more than ${limit} = ${max}`);
    this.limit = limit;
    this.max = max;
  }
}

/** The sink of a streaming writer closed before the calendar was fully written. */
export class SinkClosedError extends XcalError {
  constructor(message: string) {
    super('ERR_SINK_CLOSED', message);
  }
}
