// @convene/api-access: legacy sha256-salt verifications/s beside Node's createHash doing the same
// work, and the time of one verification at the default scrypt and Argon2id parameters (with
// Node's native scrypt beside ours, for scale).
import { createHash, scrypt as nodeScrypt, timingSafeEqual } from 'node:crypto';
import {
  AccessPolicy,
  DEFAULT_ARGON2ID_PARAMS,
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  type PasswordFields,
  verifyPassword,
} from '@convene/api-access';
import { type MeasuredCase, runCases } from '../../../bench/report.ts';

const BATCH = 1_000;
const doc = {
  password_hash_b64: '9e9GF7ooXVb9k4BoSfNIPTelXeGOZ5DrgOYMj94elaY=',
  password_salt_b64: 'INDdM6iCi/8=',
};
const policy = await AccessPolicy.open(
  { permission_map: [['bytemaster', { ...doc, allowed_apis: ['database_api'] }]] },
  { throttle: false },
);
const salt = Buffer.from(doc.password_salt_b64, 'base64');
const expected = Buffer.from(doc.password_hash_b64, 'base64');

let sink = 0;
const loop = (verify: () => Promise<boolean> | boolean) => async () => {
  for (let i = 0; i < BATCH; i++) if (await verify()) sink++;
};

/** Median, min and max milliseconds of `runs` awaited calls of `fn`, after one warm-up call. */
async function timeOf(fn: () => Promise<unknown>, runs = 9): Promise<Record<string, number>> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    medianMs: round(times[Math.floor(runs / 2)] ?? 0),
    minMs: round(times[0] ?? 0),
    maxMs: round(times.at(-1) ?? 0),
  };
}

async function strongHashTimes(): Promise<MeasuredCase> {
  const scryptFields = await hashPassword('correct horse', { alg: 'scrypt' });
  const argonFields = await hashPassword('correct horse', { alg: 'argon2id' });
  const verify = (fields: PasswordFields) => async () => {
    if (!(await verifyPassword(fields, 'correct horse'))) throw new Error('did not verify');
  };
  const { N, r, p } = DEFAULT_SCRYPT_PARAMS;
  const { m, t, p: lanes } = DEFAULT_ARGON2ID_PARAMS;
  return {
    name: 'one verification at the default parameters (ms)',
    results: {
      [`@convene/api-access scrypt N=${N} r=${r} p=${p}`]: await timeOf(verify(scryptFields)),
      [`@convene/api-access argon2id m=${m} t=${t} p=${lanes}`]: await timeOf(verify(argonFields)),
      [`node:crypto scrypt N=${N} r=${r} p=${p}`]: await timeOf(
        () =>
          new Promise((resolve, reject) =>
            nodeScrypt('correct horse', salt, 32, { N, r, p }, (error, key) =>
              error ? reject(error) : resolve(key),
            ),
          ),
      ),
    },
    notes: { memory: `scrypt ${(128 * N * r) / 2 ** 20} MiB, argon2id ${m / 1024} MiB` },
  };
}

await runCases(
  [
    {
      name: `legacy sha256-salt verification (${BATCH} per sample)`,
      batch: BATCH,
      subjects: [
        {
          name: '@convene/api-access authenticate',
          run: loop(async () => (await policy.authenticate('bytemaster', 'supersecret')) !== null),
        },
        {
          name: '@convene/api-access verifyPassword',
          run: loop(() => verifyPassword(doc, 'supersecret')),
        },
        {
          name: 'node:crypto createHash',
          run: loop(() =>
            timingSafeEqual(
              createHash('sha256').update('supersecret', 'utf8').update(salt).digest(),
              expected,
            ),
          ),
        },
      ],
    },
  ],
  { out: new URL('./latest.json', import.meta.url), ours: '@convene/api-access' },
  [await strongHashTimes()],
);
if (sink === 0) throw new Error('nothing verified');
