import { LimitError } from './errors.js';

/** Bounds on what a reader accepts; every reader takes them as options. */
export interface ReadLimits {
  /** Input size in UTF-16 code units (about bytes for ASCII). Default 64 MiB. */
  maxInputLength?: number;
  /** Nesting of components (and of XML elements / JSON arrays, which grow with it). Default 16 components, 64 elements. */
  maxDepth?: number;
  /** Components in the whole input. Default 500,000. */
  maxComponents?: number;
  /** Properties in one component. Default 10,000. */
  maxProperties?: number;
}

/** Options of every reader: limits, and where to report what a lenient reader skipped. */
export interface ReadOptions extends ReadLimits {
  /** Called for each thing read leniently or skipped (legacy xCal durations, unknown elements…). */
  onWarning?: (message: string) => void;
}

export const DEFAULT_LIMITS: Required<ReadLimits> = {
  maxInputLength: 64 * 1024 * 1024,
  maxDepth: 16,
  maxComponents: 500_000,
  maxProperties: 10_000,
};

export function resolveLimits(options: ReadLimits | undefined): Required<ReadLimits> {
  return { ...DEFAULT_LIMITS, ...options };
}

export function checkInputLength(input: string, limits: Required<ReadLimits>, what: string): void {
  if (input.length > limits.maxInputLength)
    throw new LimitError('maxInputLength', limits.maxInputLength, what);
}

/** Counts components as a reader creates them and checks depth and property counts. */
export class ComponentBudget {
  private count = 0;
  constructor(readonly limits: Required<ReadLimits>) {}
  /** `where` is only called to word an error. */
  enter(depth: number, where: () => string): void {
    if (depth > this.limits.maxDepth)
      throw new LimitError('maxDepth', this.limits.maxDepth, where());
    if (++this.count > this.limits.maxComponents)
      throw new LimitError('maxComponents', this.limits.maxComponents, where());
  }
  properties(n: number, where: () => string): void {
    if (n > this.limits.maxProperties)
      throw new LimitError('maxProperties', this.limits.maxProperties, where());
  }
}
