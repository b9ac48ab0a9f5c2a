// The node's change signals: one per kind of change, sent with the event id as sender.
import { type Namespace, namespace, type Signal } from '@convene/signals';
import type { Change, ChangeKind } from './model.js';

/** Every kind of change; each is the name of a signal in the node's namespace. */
export const CHANGE_KINDS: readonly ChangeKind[] = [
  'event_modified',
  'room_modified',
  'speaker_modified',
  'talk_modified',
  'ticket_modified',
  'ticket_order_changed',
  'account_linked',
  'account_unlinked',
];

/** A change signal: sent with the event id as sender, so receivers can follow one event. */
export type ChangeSignal = Signal<Change, string>;

/**
 * The node's signals, one per {@link ChangeKind}, in a namespace of their own (tests mute it with
 * `signals.namespace.muted(fn)` where they are beside the point).
 */
export class ChangeSignals {
  readonly namespace: Namespace = namespace();

  /** The signal for one kind of change. */
  signal(kind: ChangeKind): ChangeSignal {
    return this.namespace.signal<Change, string>(kind);
  }

  /**
   * Connects `receiver` to every kind, for one event (`sender`) or all; returns the function that
   * disconnects it from all of them.
   */
  connectAll(receiver: (eventId: string, change: Change) => void, sender?: string): () => void {
    const stops = CHANGE_KINDS.map((kind) =>
      this.signal(kind).connect(receiver, sender === undefined ? {} : { sender }),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }

  /**
   * Sends each change on its signal. Every receiver is called even when one throws; the errors
   * are handed to `onError` (a broken subscriber must not keep a cache stale).
   */
  announce(changes: readonly Change[], onError: (error: unknown) => void): void {
    for (const change of changes) {
      const { errors } = this.signal(change.kind).send(change.event_id, change, {
        collectErrors: true,
      });
      for (const [, error] of errors) onError(error);
    }
  }
}
