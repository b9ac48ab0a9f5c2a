// Starts oidc-provider in a child process, and walks its login and consent pages with plain fetch.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A running oidc-provider: its issuer URL and how to stop it. */
export interface OidcPeer {
  readonly issuer: string;
  stop(): Promise<void>;
}

/** Starts oidc-provider with `clients` (its client metadata) on a free port. */
export async function startOidcPeer(clients: object[]): Promise<OidcPeer> {
  const script = fileURLToPath(new URL('./oidc-provider-server.mjs', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [script, JSON.stringify(clients)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}: ${stderr}`)));
  });
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin?.end();
        setTimeout(() => child.kill(), 2000).unref();
      }),
  };
}

/**
 * Plays the user in a browser: follows the authorization URL through oidc-provider's development
 * login and consent pages (any login is accepted), keeping cookies, and returns the URL the server
 * finally redirects to, the client's callback. `abort` answers the consent page with a refusal.
 */
export async function userAgent(
  authorizationUrl: URL,
  options: { deny?: boolean } = {},
): Promise<string> {
  const cookies = new Map<string, string>();
  const jar = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = (pair ?? '').indexOf('=');
      cookies.set((pair ?? '').slice(0, at), (pair ?? '').slice(at + 1));
    }
  };
  let url = authorizationUrl.href;
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (!url.startsWith(authorizationUrl.origin)) return url;
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: jar(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    keep(response);
    const location = response.headers.get('location');
    if (location !== null) {
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (prompt === undefined) throw new Error(`unexpected page at ${url}: ${response.status}`);
    method = 'POST';
    if (prompt === 'login') body = new URLSearchParams({ prompt, login: 'jane', password: 'x' });
    else if (options.deny) {
      url = `${url.replace(/\/$/, '')}/abort`;
      method = 'GET';
      body = undefined;
    } else body = new URLSearchParams({ prompt });
  }
  throw new Error('too many redirects');
}
