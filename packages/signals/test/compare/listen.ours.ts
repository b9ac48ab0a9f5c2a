// Listen to an event, then stop listening: with @convene/signals.
import { Signal } from '../../src/index.ts';

export function listen(titles: string[]): string[] {
  const seen: string[] = [];
  const renamed = new Signal<{ title: string }>();
  const stop = renamed.connect((_sender, { title }) => seen.push(title));
  for (const title of titles) renamed.send('talk', { title });
  stop();
  renamed.send('talk', { title: 'after stop' });
  return seen;
}
