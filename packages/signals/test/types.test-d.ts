// The types users write against: payloads, senders, results and receivers.
import { describe, expectTypeOf, it } from 'vitest';
import { type Receiver, type SendResults, Signal, signal } from '../src/index.ts';

type Modified = { eventId: string; talkId: string };

describe('typed payloads', () => {
  it('types the payload of receivers and sends', () => {
    const sig = signal<Modified>('types.modified');
    sig.connect((_, payload) => {
      expectTypeOf(payload).toEqualTypeOf<Modified>();
    });
    sig.send('app', { eventId: 'e', talkId: 't' });
    // @ts-expect-error a field is missing
    sig.send('app', { eventId: 'e' });
    // @ts-expect-error a field has the wrong type
    sig.send('app', { eventId: 1, talkId: 't' });
  });

  it('accepts a receiver declared for fewer fields than the signal sends', () => {
    const sig = new Signal<Modified>();
    const onlyEvent = (_: unknown, payload: { eventId: string }) => payload.eventId;
    sig.connect(onlyEvent);
    // @ts-expect-error a receiver needing a field the signal does not send is refused
    sig.connect((_: unknown, payload: { venue: string }) => payload.venue);
  });

  it('types results and senders', () => {
    class App {
      readonly name = 'app';
    }
    const sig = new Signal<{ n: number }, App, number>();
    sig.connect((app, payload) => {
      expectTypeOf(app).toEqualTypeOf<App>();
      return payload.n;
    });
    expectTypeOf(sig.send(new App(), { n: 1 })).toEqualTypeOf<
      SendResults<{ n: number }, App, number>
    >();
    expectTypeOf(sig.send(new App(), { n: 1 }, { collectErrors: true }).errors).toEqualTypeOf<
      [Receiver<{ n: number }, App, number>, unknown][]
    >();
    // @ts-expect-error the sender has the wrong type
    sig.send('app', { n: 1 });
    // @ts-expect-error a receiver must return a number
    sig.connect(() => 'text');
  });

  it('unwraps promises in sendAsync results', async () => {
    const sig = new Signal<{ n: number }, unknown, Promise<number>>();
    const results = await sig.sendAsync('x', { n: 1 });
    expectTypeOf(results[0]?.[1]).toEqualTypeOf<number | undefined>();
  });

  it('types what next resolves to and what once accepts', async () => {
    const sig = new Signal<Modified, 'api' | 'cli', string>();
    const { sender, payload } = await sig.next({ sender: 'api' });
    expectTypeOf(sender).toEqualTypeOf<'api' | 'cli'>();
    expectTypeOf(payload).toEqualTypeOf<Modified>();
    sig.once((_, p) => p.talkId, { sender: 'cli' });
    // @ts-expect-error not a sender of this signal
    sig.next({ sender: 'web' });
    // @ts-expect-error a receiver must return a string
    sig.once(() => 1);
  });
});
