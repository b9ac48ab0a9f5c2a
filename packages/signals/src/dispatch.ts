// Straight-line dispatchers for receiver lists: one call site per receiver, without eval.
import type { AnyReceiver } from './receivers.js';

type Call = (sender: unknown, payload: unknown) => unknown;

// A loop calls every receiver from one call site, which the engine cannot inline once it has
// seen several receivers. Each template below is its own function literal, so each of its call
// sites sees one receiver per list and can be inlined: what compiling the list with
// `new Function` would give, under a Content-Security-Policy that forbids eval.
const one = (a: Call): Call => a;
const two =
  (a: Call, b: Call): Call =>
  (s, p) => {
    a(s, p);
    b(s, p);
  };
const three =
  (a: Call, b: Call, c: Call): Call =>
  (s, p) => {
    a(s, p);
    b(s, p);
    c(s, p);
  };
const four =
  (a: Call, b: Call, c: Call, d: Call): Call =>
  (s, p) => {
    a(s, p);
    b(s, p);
    c(s, p);
    d(s, p);
  };
const five =
  (a: Call, b: Call, c: Call, d: Call, e: Call): Call =>
  (s, p) => {
    a(s, p);
    b(s, p);
    c(s, p);
    d(s, p);
    e(s, p);
  };
const six =
  (a: Call, b: Call, c: Call, d: Call, e: Call, f: Call): Call =>
  (s, p) => {
    a(s, p);
    b(s, p);
    c(s, p);
    d(s, p);
    e(s, p);
    f(s, p);
  };
const seven =
  (a: Call, b: Call, c: Call, d: Call, e: Call, f: Call, g: Call): Call =>
  (s, p) => {
    a(s, p);
    b(s, p);
    c(s, p);
    d(s, p);
    e(s, p);
    f(s, p);
    g(s, p);
  };
const eight =
  (a: Call, b: Call, c: Call, d: Call, e: Call, f: Call, g: Call, h: Call): Call =>
  (s, p) => {
    a(s, p);
    b(s, p);
    c(s, p);
    d(s, p);
    e(s, p);
    f(s, p);
    g(s, p);
    h(s, p);
  };

/** Eight receivers, then a dispatcher for the rest: one call more than a flat list, not two. */
const eightThen =
  (a: Call, b: Call, c: Call, d: Call, e: Call, f: Call, g: Call, h: Call, rest: Call): Call =>
  (s, p) => {
    a(s, p);
    b(s, p);
    c(s, p);
    d(s, p);
    e(s, p);
    f(s, p);
    g(s, p);
    h(s, p);
    rest(s, p);
  };

/** Templates by list length; index 0 is unused. */
const TEMPLATES = [undefined, one, two, three, four, five, six, seven, eight] as const;

/** Lists longer than this are called in a loop: past it, a call's own cost outweighs the loop's. */
const LONGEST = 32;

/**
 * A function that calls `receivers` in order with `(sender, payload)` and stops at the first that
 * throws, or undefined for an empty list or one too long to unroll.
 */
export function dispatcherOf<F extends AnyReceiver>(receivers: readonly F[]): F | undefined {
  if (receivers.length === 0 || receivers.length > LONGEST) return undefined;
  return unrolled(receivers as readonly AnyReceiver[] as readonly Call[]) as F;
}

function unrolled(calls: readonly Call[]): Call {
  const template = TEMPLATES[calls.length];
  if (template !== undefined) return (template as (...calls: Call[]) => Call)(...calls);
  const [a, b, c, d, e, f, g, h] = calls as [Call, Call, Call, Call, Call, Call, Call, Call];
  return eightThen(a, b, c, d, e, f, g, h, unrolled(calls.slice(8)));
}
