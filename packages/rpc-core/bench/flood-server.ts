// The server of the flood bench, in its own process so that its RSS is its own: `blob(bytes)`
// answers that many bytes, and `peak()` reports the highest RSS sampled since the last `reset()`.
import { RpcServer } from '@convene/rpc-core';

const budget = Number(process.env.MAX_BUFFERED_BYTES ?? 16 * 1024 * 1024);
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
const server = new RpcServer({ limits: { maxBufferedBytesPerConnection: budget } }).register(
  'database',
  {
    blob: ([bytes]: [number]) => 'x'.repeat(bytes),
    reset: () => {
      peak = process.memoryUsage().rss;
      return peak;
    },
    peak: () => peak,
  },
);
const { url } = await server.listen(0, '127.0.0.1');
console.log(`listening on ${url}`);
process.once('SIGTERM', () => {
  clearInterval(sampler);
  void server.close().then(() => process.exit(0));
});
