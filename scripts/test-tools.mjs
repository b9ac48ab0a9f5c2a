// The programs the tests use as real peers, and how a machine gets them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** Debian's own Python, which carries the python3-* packages (a python3 earlier on PATH may not). */
export const PYTHON = '/usr/bin/python3';

const hasCommand = (name) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
const pythonHas = (module) => spawnSync(PYTHON, ['-c', `import ${module}`]).status === 0;

/** Where a PostgreSQL server's binaries are, or undefined when none is installed. */
export function postgresBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const found = versions.find((version) => existsSync(`${root}/${version}/bin/postgres`));
  return found === undefined ? undefined : `${root}/${found}/bin`;
}

/**
 * Each tool the tests need (the benchmarks need only PostgreSQL): the Debian package that provides
 * it, what it is for, and whether it is here. PostgreSQL is needed only when no server is given in
 * CONVENE_TEST_DATABASE_URL.
 */
function tools({ needPostgres, peers }) {
  return [
    ...(peers
      ? [
          { pkg: 'jing', why: 'RELAX NG validation of xCal', present: () => hasCommand('jing') },
          { pkg: 'python3-nacl', why: 'PyNaCl peer', present: () => pythonHas('nacl') },
          {
            pkg: 'python3-oauthlib',
            why: 'OAuth provider peer',
            present: () => pythonHas('oauthlib'),
          },
          {
            pkg: 'redis-server',
            why: 'Redis session store',
            present: () => hasCommand('redis-server'),
          },
          { pkg: 'chromium', why: 'browser tests', present: () => existsSync('/usr/bin/chromium') },
        ]
      : []),
    ...(needPostgres
      ? [{ pkg: 'postgresql', why: 'PostgreSQL storage', present: () => !!postgresBin() }]
      : []),
  ];
}

/**
 * Makes sure every tool is here (`peers`: the peer programs and the browser too, not only the
 * database): installs the missing ones with apt when this is a Debian machine and we are root, and
 * otherwise throws naming what to install.
 */
export function provisionTools(options) {
  const missing = tools(options).filter((tool) => !tool.present());
  if (missing.length === 0) return;
  const names = missing.map((tool) => tool.pkg);
  const canApt = process.getuid?.() === 0 && hasCommand('apt-get');
  if (!canApt) {
    const list = missing.map((tool) => `${tool.pkg} (${tool.why})`).join(', ');
    throw new Error(
      `this needs ${list}: install them (Debian: apt-get install ${names.join(' ')}), or run as root on Debian to have them installed`,
    );
  }
  console.log(`installing with apt: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...names], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  const still = missing.filter((tool) => !tool.present()).map((tool) => tool.pkg);
  if (still.length > 0)
    throw new Error(`apt installed ${names.join(' ')} but ${still} is still missing`);
}
