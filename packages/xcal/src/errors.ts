// One base class with a stable `code`; subclasses say which kind of input went wrong and where.

/** Every error this package throws. Switch on `code`, which never changes between versions. */
export class XcalError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
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
    super('ICAL_SYNTAX', `${message} (line ${line}, column ${column})`);
    this.line = line;
    this.column = column;
  }
}

/** XML that is not well formed, declares a DOCTYPE, or is not xCal; `path` names the element, e.g. `/icalendar/vcalendar[0]/components`. */
export class XmlError extends XcalError {
  readonly path: string;
  constructor(code: 'XML_SYNTAX' | 'XML_DOCTYPE' | 'XML_SHAPE', message: string, path: string) {
    super(code, `${message} at ${path}`);
    this.path = path;
  }
}

/** JSON that is not jCal (RFC 7265 §3); `path` is a JSON path such as `$[2][0][1][3]`. */
export class JCalError extends XcalError {
  readonly path: string;
  constructor(message: string, path: string) {
    super('JCAL_SHAPE', `${message} at ${path}`);
    this.path = path;
  }
}

/** A value whose lexical form is wrong for its type (RFC 5545 §3.3), read or to be written. */
export class ValueError extends XcalError {
  constructor(message: string) {
    super('INVALID_VALUE', message);
  }
}

/** Input larger than a limit (bytes, depth, components, properties); raise the limit in the options if the input is trusted. */
export class LimitError extends XcalError {
  readonly limit: string;
  constructor(limit: string, max: number, where: string) {
    super('LIMIT_EXCEEDED', `${where}: more than ${limit} = ${max}`);
    this.limit = limit;
  }
}

/** The sink of a streaming writer closed before the calendar was fully written. */
export class SinkClosedError extends XcalError {
  constructor(message: string) {
    super('SINK_CLOSED', message);
  }
}
