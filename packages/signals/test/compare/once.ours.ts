// Handle only the first of several events: with @convene/signals.
import { Signal } from '../../src/index.ts';

export function once(titles: string[]): string[] {
  const seen: string[] = [];
  const renamed = new Signal<{ title: string }>();
  renamed.once((_sender, { title }) => seen.push(title));
  for (const title of titles) renamed.send('talk', { title });
  return seen;
}
