// Handle only the first of several events: with eventemitter3.
import { EventEmitter } from 'eventemitter3';

export function once(titles: string[]): string[] {
  const seen: string[] = [];
  const events = new EventEmitter<{ renamed: [string] }>();
  events.once('renamed', (title) => seen.push(title));
  for (const title of titles) events.emit('renamed', title);
  return seen;
}
