// In the page: a signal sends to its receivers and returns their answers.
import { namespace } from '@convene/signals';

async function scenario() {
  const talkModified = namespace().signal<{ talkId: string }>('talk_modified');
  talkModified.connect((_sender, { talkId }) => `refresh ${talkId}`);
  talkModified.connect((_sender, { talkId }) => talkId.length, { sender: 'organizer-api' });
  return {
    fromOrganizer: talkModified.send('organizer-api', { talkId: 't7' }).map(([, result]) => result),
    fromElsewhere: talkModified.send('other', { talkId: 't8' }).map(([, result]) => result),
  };
}

Object.assign(globalThis, { scenario });
