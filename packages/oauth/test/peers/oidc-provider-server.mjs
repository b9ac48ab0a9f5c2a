// Runs oidc-provider as the OAuth 2.0 authorization server of the tests on a free port of 127.0.0.1.
// Prints its issuer on stdout, then serves until stdin closes. Clients come as JSON in argv[2].
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const clients = JSON.parse(process.argv[2] ?? '[]');
const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients,
  scopes: ['openid', 'offline_access', 'read_write', 'read_only'],
  cookies: { keys: ['convene-test-cookie-key'] },
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    introspection: { enabled: true },
  },
  pkce: { required: () => true },
  issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: (ctx) => ctx.oidc.client.tokenEndpointAuthMethod === 'none',
});
server.on('request', provider.callback());
process.stdout.write(`${issuer}\n`);
process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
