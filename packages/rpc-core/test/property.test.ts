// Arbitrary bytes and JSON from fast-check: the server answers each with at most one frame and lives on.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcServer } from '../src/index.ts';
import { parseMessage } from '../src/json.ts';
import { started, wsUrl } from './helpers.ts';
import { httpRequest, type RawWs, rawWs } from './raw-client.ts';

let server: RpcServer;
let url: string;
let ws: RawWs;
beforeAll(async () => {
  ({ server, url } = await started(
    new RpcServer()
      .register('database', { echo: (args) => args })
      .register('history', { list: () => [] }),
  ));
  ws = await rawWs(wsUrl(url));
});
afterAll(async () => {
  await ws.close();
  await server.close();
});

const sentinel = (id: string) => `{"jsonrpc":"2.0","id":"${id}","method":"echo"}`;
const sentinelAnswer = (id: string) => `{"id":"${id}","jsonrpc":"2.0","result":[]}`;

/**
 * Sends a frame, then a sentinel request, then (once that is answered) a second one, and returns
 * every other frame received meanwhile. Requests run concurrently, so the frame's answer may
 * follow the first sentinel's; the handlers here are synchronous, so it always precedes the
 * answer to a request sent after that.
 */
async function framesBefore(send: () => void): Promise<string[]> {
  const frames: string[] = [];
  const collectUntil = async (id: string) => {
    for (let text = await ws.next(); text !== sentinelAnswer(id); text = await ws.next())
      frames.push(text);
  };
  send();
  ws.send(sentinel('first'));
  await collectUntil('first');
  ws.send(sentinel('second'));
  await collectUntil('second');
  return frames;
}

describe('robustness (fast-check)', () => {
  it('answers arbitrary bytes with at most one JSON frame and keeps the connection usable', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        const frames = await framesBefore(() =>
          ws.socket.send(Buffer.from(bytes), { binary: true }),
        );
        expect(frames.length).toBeLessThanOrEqual(1);
        for (const frame of frames) expect(() => JSON.parse(frame)).not.toThrow();
      }),
      { numRuns: 150 },
    );
  });

  it('answers arbitrary text with at most one JSON frame and keeps the connection usable', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        const frames = await framesBefore(() => ws.send(text));
        expect(frames.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 150 },
    );
  });

  it('answers any JSON value over HTTP with 200, 204 or 400 and a JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 5 }), async (value) => {
        const answer = await httpRequest(url, JSON.stringify(value));
        expect([200, 204, 400]).toContain(answer.status);
        if (answer.status !== 204) expect(() => JSON.parse(answer.text)).not.toThrow();
      }),
      { numRuns: 100 },
    );
  });

  it('gives every request with an id exactly one answer, in a batch of any requests', async () => {
    const request = fc.record(
      {
        jsonrpc: fc.constant('2.0'),
        method: fc.constantFrom('echo', 'nope', 'call', 'notice'),
        params: fc.oneof(
          fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 }),
          fc.tuple(
            fc.constantFrom(0, 1, 2, 'history', 'database', 'x'),
            fc.constantFrom('echo', 'list', 'history'),
            fc.array(fc.integer()),
          ),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        withId: fc.boolean(),
      },
      { requiredKeys: ['method', 'withId'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 20 }), async (requests) => {
        const batch = requests.map(({ withId, ...fields }, index) =>
          withId ? { ...fields, id: index } : fields,
        );
        const expected = batch
          .filter((item) => 'id' in item)
          .map((item) => (item as { id: number }).id);
        const frames = await framesBefore(() => ws.send(JSON.stringify(batch)));
        if (expected.length === 0) {
          expect(frames).toEqual([]);
          return;
        }
        expect(frames).toHaveLength(1);
        const answers = JSON.parse(frames[0] as string) as { id: number }[];
        expect(answers.map((answer) => answer.id).sort((a, b) => a - b)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses exactly the messages nested deeper than maxDepth, whatever their strings hold', () => {
    const depthOf = (value: unknown): number =>
      typeof value === 'object' && value !== null
        ? 1 + Math.max(0, ...Object.values(value).map(depthOf))
        : 0;
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 7 }),
        fc.integer({ min: 1, max: 6 }),
        (value, maxDepth) => {
          const text = JSON.stringify(value);
          if (depthOf(value) > maxDepth)
            expect(() => parseMessage(text, maxDepth)).toThrow(/nesting/);
          else expect(() => parseMessage(text, maxDepth)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('bounds nesting the same way under a maxDepth too deep to walk the parsed value', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}"]"${']'.repeat(depth)}`;
    expect(() => parseMessage(nested(5000), 5000)).not.toThrow();
    expect(() => parseMessage(nested(5001), 5000)).toThrow(/nesting deeper than 5000/);
    expect(() => parseMessage(nested(1001), 1000)).toThrow(/nesting deeper than 1000/);
  });
});
