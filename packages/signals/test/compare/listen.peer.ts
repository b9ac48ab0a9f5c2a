// Listen to an event, then stop listening: with eventemitter3.
import { EventEmitter } from 'eventemitter3';

export function listen(titles: string[]): string[] {
  const seen: string[] = [];
  const events = new EventEmitter<{ renamed: [string] }>();
  const receiver = (title: string) => seen.push(title);
  events.on('renamed', receiver);
  for (const title of titles) events.emit('renamed', title);
  events.off('renamed', receiver);
  events.emit('renamed', 'after stop');
  return seen;
}
