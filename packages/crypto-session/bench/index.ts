// @convene/crypto-session beside the same work built from tweetnacl and from libsodium-wrappers
// (WebAssembly), in one process and one run: secretbox, box, ed25519, a server-side login
// handshake and an encrypted request round trip.

import {
  ApiKeyServer,
  boxSeal,
  createLoginRequest,
  fromHex,
  MemorySessionStore,
  NONCE_BYTES,
  openJson,
  randomBytes,
  sealJson,
  secretboxOpen,
  secretboxSeal,
  sign,
  signPublicKey,
  toHex,
  verify,
} from '@convene/crypto-session';
import sodium from 'libsodium-wrappers';
import nacl from 'tweetnacl';
import { type BenchCase, runCases, type Subject } from '../../../bench/report.ts';
import { curveEngines } from '../dist/curves.js';

await sodium.ready;
// Which engine ran the curves, written beside the curve cases.
const engines = await curveEngines();

const OURS = '@convene/crypto-session';
// The peers draw nonces from the platform's CSPRNG, not from ours (which pools its draws) nor from
// libsodium-wrappers' randombytes_buf (about 50 µs a call on Node 20, which would swamp the rest).
const platformRandom = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const TWEETNACL = 'tweetnacl';
const SODIUM = 'libsodium-wrappers';
let sink = 0;

function bytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65_536) out.set(randomBytes(Math.min(65_536, n - i)), i);
  return out;
}

function secretboxCases(size: number, label: string, batch: number): BenchCase[] {
  const message = bytes(size);
  const key = randomBytes(32);
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = secretboxSeal(message, nonce, key);
  const loop = (run: () => Uint8Array | null) => () => {
    for (let i = 0; i < batch; i++) sink += run()?.length ?? 0;
  };
  const iterations = size >= 1 << 20 ? { iterations: 16 } : {};
  return [
    {
      name: `secretbox seal ${label}`,
      batch,
      ...iterations,
      subjects: [
        { name: OURS, run: loop(() => secretboxSeal(message, nonce, key)) },
        { name: TWEETNACL, run: loop(() => nacl.secretbox(message, nonce, key)) },
        { name: SODIUM, run: loop(() => sodium.crypto_secretbox_easy(message, nonce, key)) },
      ],
    },
    {
      name: `secretbox open ${label}`,
      batch,
      ...iterations,
      subjects: [
        { name: OURS, run: loop(() => secretboxOpen(sealed, nonce, key, 'bench')) },
        { name: TWEETNACL, run: loop(() => nacl.secretbox.open(sealed, nonce, key)) },
        { name: SODIUM, run: loop(() => sodium.crypto_secretbox_open_easy(sealed, nonce, key)) },
      ],
    },
  ];
}

const message1k = bytes(1024);
const nonce = randomBytes(NONCE_BYTES);
const alice = nacl.box.keyPair();
const bob = nacl.box.keyPair();
const seed = randomBytes(32);
const tweetSigning = nacl.sign.keyPair.fromSeed(seed);
const sodiumSigning = sodium.crypto_sign_seed_keypair(seed);
const signed = await sign(message1k.subarray(0, 64), seed);
const publicKey = signPublicKey(seed);

const boxCase: BenchCase = {
  name: 'box 1 KB (x25519 + hsalsa20 + xsalsa20poly1305)',
  notes: { x25519: engines.x25519 },
  subjects: [
    {
      name: OURS,
      run: async () => {
        sink += (await boxSeal(message1k, nonce, bob.publicKey, alice.secretKey)).length;
      },
    },
    { name: TWEETNACL, run: () => nacl.box(message1k, nonce, bob.publicKey, alice.secretKey) },
    {
      name: SODIUM,
      run: () => sodium.crypto_box_easy(message1k, nonce, bob.publicKey, alice.secretKey),
    },
  ],
};

const signCases: BenchCase[] = [
  {
    name: 'ed25519 sign 64 B',
    notes: { ed25519: engines.ed25519 },
    subjects: [
      {
        name: OURS,
        run: async () => {
          sink += (await sign(message1k.subarray(0, 64), seed)).length;
        },
      },
      {
        name: TWEETNACL,
        run: () => nacl.sign.detached(message1k.subarray(0, 64), tweetSigning.secretKey),
      },
      {
        name: SODIUM,
        run: () => sodium.crypto_sign_detached(message1k.subarray(0, 64), sodiumSigning.privateKey),
      },
    ],
  },
  {
    name: 'ed25519 verify 64 B',
    notes: { ed25519: engines.ed25519 },
    subjects: [
      {
        name: OURS,
        run: async () => {
          sink += (await verify(signed, message1k.subarray(0, 64), publicKey)) ? 1 : 0;
        },
      },
      {
        name: TWEETNACL,
        run: () => nacl.sign.detached.verify(message1k.subarray(0, 64), signed, publicKey),
      },
      {
        name: SODIUM,
        run: () => sodium.crypto_sign_verify_detached(signed, message1k.subarray(0, 64), publicKey),
      },
    ],
  },
];

// The login handshake, server side. Ours is the real ApiKeyServer.login (parse, verify, key
// pair, box, sign, token, sealing at rest, store insert); its replay memory is switched off so
// that one signed body can be repeated. The peers do the same cryptography on the same body.
const world = { seed: randomBytes(32), apiKeyId: '0c4b1f3e-5d1a-4a8e-9f00-6a0e1c1b2d3e' };
const verifyKey = signPublicKey(world.seed);
const serverSeed = randomBytes(32);
const loginBody = JSON.stringify(
  (await createLoginRequest({ apiKeyId: world.apiKeyId, apiKeyPrivateKey: world.seed })).body,
);
class NoReplayMemory extends MemorySessionStore {
  override async remember(): Promise<boolean> {
    return true;
  }
}
const server = new ApiKeyServer({
  signingKey: serverSeed,
  serverSecret: randomBytes(32),
  store: new NoReplayMemory(),
  findApiKey: () => ({
    id: world.apiKeyId,
    userId: 'u1',
    verifyKey,
    active: true,
    restrictToSecrets: false,
    allowInsecureAccess: false,
    read: true,
    write: false,
    user: {
      username: 'alice@example.com',
      public_key: toHex(randomBytes(32)),
      private_key: toHex(randomBytes(48)),
      private_key_nonce: toHex(randomBytes(24)),
      secret_key: toHex(randomBytes(48)),
      secret_key_nonce: toHex(randomBytes(24)),
    },
  }),
});
const loginInfoText = new TextEncoder().encode(
  JSON.stringify({ token: toHex(randomBytes(64)), pad: 'x'.repeat(500) }),
);
const tweetServer = nacl.sign.keyPair.fromSeed(serverSeed);
const sodiumServer = sodium.crypto_sign_seed_keypair(serverSeed);

function peerHandshake(lib: 'tweetnacl' | 'sodium'): () => void {
  return () => {
    const { info, signature } = JSON.parse(loginBody) as { info: string; signature: string };
    const parsed = JSON.parse(info) as { session_public_key: string };
    const infoBytes = new TextEncoder().encode(info);
    const clientKey = Buffer.from(parsed.session_public_key, 'hex');
    const n = platformRandom(NONCE_BYTES);
    let boxedHex: string;
    let signatureHex: string;
    if (lib === 'tweetnacl') {
      if (!nacl.sign.detached.verify(infoBytes, Buffer.from(signature, 'hex'), verifyKey))
        throw new Error('bad');
      const pair = nacl.box.keyPair();
      boxedHex = Buffer.from(nacl.box(loginInfoText, n, clientKey, pair.secretKey)).toString('hex');
      signatureHex = Buffer.from(
        nacl.sign.detached(Buffer.from(boxedHex), tweetServer.secretKey),
      ).toString('hex');
    } else {
      if (!sodium.crypto_sign_verify_detached(Buffer.from(signature, 'hex'), infoBytes, verifyKey))
        throw new Error('bad');
      const pair = sodium.crypto_box_keypair();
      boxedHex = sodium.to_hex(
        sodium.crypto_box_easy(loginInfoText, n, clientKey, pair.privateKey),
      );
      signatureHex = sodium.to_hex(sodium.crypto_sign_detached(boxedHex, sodiumServer.privateKey));
    }
    sink += boxedHex.length + signatureHex.length;
  };
}

const handshakeCase: BenchCase = {
  name: 'server-side login handshake',
  notes: { ...engines },
  subjects: [
    {
      name: OURS,
      run: async () => {
        sink += (await server.login(loginBody)).login_info?.length ?? 0;
      },
    },
    { name: TWEETNACL, run: peerHandshake('tweetnacl') },
    { name: SODIUM, run: peerHandshake('sodium') },
  ],
};

// One encrypted request round trip on a session: the client seals a JSON body, the server opens
// it and seals a JSON answer, the client opens that — hex and JSON included, as on the wire.
const sessionKey = randomBytes(32);
const request = { method: 'datastore', params: { id: 'f8c3', fields: ['data', 'secret_key'] } };
const reply = { data: 'ab'.repeat(200), data_nonce: 'cd'.repeat(24), type: 'password' };

function peerRoundTrip(
  seal: (m: Uint8Array, n: Uint8Array) => Uint8Array,
  open: (c: Uint8Array, n: Uint8Array) => Uint8Array | null,
) {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const sealBody = (data: unknown) => {
    const n = platformRandom(NONCE_BYTES);
    return JSON.stringify({
      text: Buffer.from(seal(encoder.encode(JSON.stringify(data)), n)).toString('hex'),
      nonce: Buffer.from(n).toString('hex'),
    });
  };
  const openBody = (text: string) => {
    const body = JSON.parse(text) as { text: string; nonce: string };
    const plain = open(Buffer.from(body.text, 'hex'), Buffer.from(body.nonce, 'hex'));
    if (!plain) throw new Error('bad mac');
    return JSON.parse(decoder.decode(plain));
  };
  return () => {
    openBody(sealBody(request));
    sink += openBody(sealBody(reply)).data.length;
  };
}

const roundTripCase: BenchCase = {
  name: 'encrypted request round trip (~0.5 KB JSON)',
  subjects: [
    {
      name: OURS,
      run: () => {
        const openBody = (text: string) => openJson(JSON.parse(text), sessionKey, 'bench');
        openBody(JSON.stringify(sealJson(request, sessionKey)));
        sink += (openBody(JSON.stringify(sealJson(reply, sessionKey))) as typeof reply).data.length;
      },
    },
    {
      name: TWEETNACL,
      run: peerRoundTrip(
        (m, n) => nacl.secretbox(m, n, sessionKey),
        (c, n) => nacl.secretbox.open(c, n, sessionKey),
      ),
    },
    {
      name: SODIUM,
      run: peerRoundTrip(
        (m, n) => sodium.crypto_secretbox_easy(m, n, sessionKey),
        (c, n) => sodium.crypto_secretbox_open_easy(c, n, sessionKey),
      ),
    },
  ],
};

const hexCase: BenchCase = {
  name: 'hex decode 1 KB (strict)',
  subjects: [
    { name: OURS, run: () => fromHex(toHex(message1k), 'bench') },
    {
      name: 'node Buffer (lenient)',
      run: () => Buffer.from(Buffer.from(message1k).toString('hex'), 'hex'),
    },
  ] satisfies Subject[],
};

const cases: BenchCase[] = [
  ...secretboxCases(64, '64 B', 1000),
  ...secretboxCases(1024, '1 KB', 100),
  ...secretboxCases(1 << 20, '1 MB', 1),
  boxCase,
  ...signCases,
  handshakeCase,
  roundTripCase,
  hexCase,
];

await runCases(cases, { out: new URL('./latest.json', import.meta.url), ours: OURS });
if (sink === 0) throw new Error('nothing ran');
