// Await the next event from one sender, ignoring the others: with eventemitter3.
import { EventEmitter } from 'eventemitter3';

export async function next(sends: [sender: string, title: string][]): Promise<string> {
  const events = new EventEmitter<{ renamed: [string, string] }>();
  const awaited = new Promise<string>((resolve) => {
    const receiver = (sender: string, title: string) => {
      if (sender !== 'talk-2') return;
      events.off('renamed', receiver);
      resolve(title);
    };
    events.on('renamed', receiver);
  });
  for (const [sender, title] of sends) events.emit('renamed', sender, title);
  return awaited;
}
