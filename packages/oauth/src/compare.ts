// Constant-time comparison of secrets (state, tokens), so timing reveals nothing of them.

const encoder = new TextEncoder();

/** Whether `a` and `b` are equal, in time that depends on their lengths only. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let difference = x.length ^ y.length;
  for (let i = 0; i < x.length; i++) difference |= (x[i] as number) ^ (y[i % y.length] ?? 0);
  return difference === 0;
}
