// @convene/oauth beside its peers, in one process and one run: OAuth 1.0a HMAC-SHA1 signatures
// (the X documentation's request) and PKCE verifier/challenge pairs.
import { createHmac } from 'node:crypto';
import { generatePkce, signOAuth1 } from '@convene/oauth';
import OAuth from 'oauth-1.0a';
import * as oauth4webapi from 'oauth4webapi';
import { type BenchCase, runCases } from '../../../bench/report.ts';

const BATCH = 200;
const consumer = {
  key: 'xvz1evFS4wEEPTGEFPHBog',
  secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
};
const token = {
  key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};
const url = 'https://api.x.com/1.1/statuses/update.json?include_entities=true';
const status = 'Hello Ladies + Gentlemen, a signed OAuth request!';

const peer = new OAuth({
  consumer,
  signature_method: 'HMAC-SHA1',
  nonce_length: 24,
  hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
});

let sink = 0;
const signatures: BenchCase = {
  name: 'OAuth 1.0a HMAC-SHA1: sign a request with a form body, Authorization header (signatures/s)',
  batch: BATCH,
  subjects: [
    {
      name: '@convene/oauth',
      run: async () => {
        for (let i = 0; i < BATCH; i++) {
          const signed = await signOAuth1({
            method: 'POST',
            url,
            body: new URLSearchParams({ status }),
            consumer,
            token,
            signatureMethod: 'HMAC-SHA1',
          });
          sink += signed.authorization.length;
        }
      },
    },
    {
      name: 'oauth-1.0a',
      run: () => {
        for (let i = 0; i < BATCH; i++) {
          const header = peer.toHeader(
            peer.authorize({ url, method: 'POST', data: { status } }, token),
          );
          sink += header.Authorization.length;
        }
      },
    },
  ],
};

const pkce: BenchCase = {
  name: 'PKCE: fresh verifier and its S256 challenge (pairs/s)',
  batch: BATCH,
  subjects: [
    {
      name: '@convene/oauth',
      run: () => {
        for (let i = 0; i < BATCH; i++) sink += generatePkce().challenge.length;
      },
    },
    {
      name: 'oauth4webapi',
      run: async () => {
        for (let i = 0; i < BATCH; i++) {
          const verifier = oauth4webapi.generateRandomCodeVerifier();
          sink += (await oauth4webapi.calculatePKCECodeChallenge(verifier)).length;
        }
      },
    },
  ],
};

await runCases([signatures, pkce], {
  out: new URL('./latest.json', import.meta.url),
  ours: '@convene/oauth',
});
if (sink === 0) throw new Error('nothing was measured');
