// The bounds every reader puts on its input, their defaults, and the counter that enforces them.
import { LimitExceededError } from './errors.js';

/** Bounds on what a reader accepts and on the work recurrence expansion does; past any of them, a {@link LimitExceededError} names the bound. */
export interface ReadLimits {
  /** Length of iCalendar or jCal text, in UTF-16 code units (bytes for ASCII). Default 64 MiB. */
  readonly maxInputLength: number;
  /**
   * Length of xCal text, in UTF-16 code units, checked before any XML is parsed: the element tree
   * of a document needs many times its size in memory. Default 16 MiB (about 15,000 events).
   */
  readonly maxXmlInputLength: number;
  /**
   * Longest stretch of an xCal document between two `<`: one text, or one tag with its attribute
   * values. Checked before any XML is parsed, since the XML parser copies a long value many times
   * over (a 50 MB attribute would take about 1.8 GB). Default 1 MiB.
   */
  readonly maxTextLength: number;
  /** Nesting of components; XML elements may nest four times as deep. Default 16. */
  readonly maxDepth: number;
  /** Components in the whole input. Default 500,000. */
  readonly maxComponents: number;
  /** Properties in one component. Default 10,000. */
  readonly maxProperties: number;
  /** Occurrences one recurrence expansion returns. Default 100,000. */
  readonly maxOccurrences: number;
  /**
   * Periods and candidate times one recurrence expansion may examine, including those before the
   * window that COUNT needs: bounds the work a rule such as `FREQ=SECONDLY` from 1930, or one with
   * dense BY lists, can cause. Default 1,000,000.
   */
  readonly maxRecurrenceSteps: number;
}

/** The defaults of {@link ReadLimits}. */
export const DEFAULT_LIMITS: ReadLimits = Object.freeze({
  maxInputLength: 64 * 1024 * 1024,
  maxXmlInputLength: 16 * 1024 * 1024,
  maxTextLength: 1024 * 1024,
  maxDepth: 16,
  maxComponents: 500_000,
  maxProperties: 10_000,
  maxOccurrences: 100_000,
  maxRecurrenceSteps: 1_000_000,
});

/**
 * `onWarning` as the readers take it: `undefined` when nobody listens, and called as `warn?.(…)`,
 * so that no message (nor the element path it names) is worded for nothing.
 */
export type Warn = NonNullable<ReadOptions['onWarning']>;

/** Options of every reader. */
export interface ReadOptions {
  /** Bounds on the input; each omitted one keeps its {@link DEFAULT_LIMITS} value. */
  limits?: Partial<ReadLimits>;
  /** Called for each thing read leniently or skipped (legacy xCal durations, unknown elements…). */
  onWarning?: (message: string) => void;
}

/**
 * The limits in force: the defaults overridden by `options.limits`.
 * @throws {RangeError} when a given limit is not a positive integer.
 */
export function resolveLimits(options: { limits?: Partial<ReadLimits> } | undefined): ReadLimits {
  const given = options?.limits;
  if (given === undefined) return DEFAULT_LIMITS;
  for (const [name, value] of Object.entries(given))
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1))
      throw new RangeError(`limits.${name} must be a positive integer, not ${String(value)}`);
  return { ...DEFAULT_LIMITS, ...given };
}

/** @throws {LimitExceededError} when `input` is longer than `limits[limit]`. */
export function checkLength(
  input: string,
  limits: ReadLimits,
  limit: 'maxInputLength' | 'maxXmlInputLength',
  what: string,
): void {
  if (input.length > limits[limit]) throw new LimitExceededError(limit, limits[limit], what);
}

/** Counts components as a reader creates them and checks depth and property counts. */
export class ComponentBudget {
  #count = 0;
  readonly #limits: ReadLimits;
  constructor(limits: ReadLimits) {
    this.#limits = limits;
  }
  /** `where` is only called to word an error. @throws {LimitExceededError} */
  enter(depth: number, where: () => string): void {
    if (depth > this.#limits.maxDepth)
      throw new LimitExceededError('maxDepth', this.#limits.maxDepth, where());
    if (++this.#count > this.#limits.maxComponents)
      throw new LimitExceededError('maxComponents', this.#limits.maxComponents, where());
  }
  /** @throws {LimitExceededError} past `maxProperties`. */
  properties(n: number, where: () => string): void {
    if (n > this.#limits.maxProperties)
      throw new LimitExceededError('maxProperties', this.#limits.maxProperties, where());
  }
}
