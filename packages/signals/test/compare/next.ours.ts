// Await the next event from one sender, ignoring the others: with @convene/signals.
import { Signal } from '../../src/index.ts';

export async function next(sends: [sender: string, title: string][]): Promise<string> {
  const renamed = new Signal<{ title: string }>();
  const awaited = renamed.next({ sender: 'talk-2' });
  for (const [sender, title] of sends) renamed.send(sender, { title });
  return (await awaited).payload.title;
}
