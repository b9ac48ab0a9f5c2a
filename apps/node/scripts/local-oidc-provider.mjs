#!/usr/bin/env node
// A local OpenID provider (oidc-provider, development login: any user name and password) to try
// linking accounts with: issuer http://127.0.0.1:3000, one public client "convene-node" whose
// callback is the node's /oauth/local/callback. Usage: node scripts/local-oidc-provider.mjs [PORT] [NODE_URL]
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? 3000);
const nodeUrl = process.argv[3] ?? 'http://127.0.0.1:8090';
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'convene-node',
      token_endpoint_auth_method: 'none',
      redirect_uris: [`${nodeUrl}/oauth/local/callback`],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  ],
  cookies: { keys: [crypto.randomUUID()] },
  features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
  pkce: { required: () => true },
  issueRefreshToken: () => true,
});
const server = createServer(provider.callback());
server.listen(port, '127.0.0.1', () => {
  console.log(`local OpenID provider at ${issuer} (any login works); Ctrl-C stops it`);
});
