// Throttling of failed logins: backoff, caps, memory bounds and the keys a guesser is counted under.
import { describe, expect, it } from 'vitest';
import { AccessPolicy, LoginThrottledError, type PeerInfo } from '../src/index.ts';
import { addressKey, userKey } from '../src/throttle.ts';

const doc = {
  permission_map: [
    [
      'bytemaster',
      {
        password_hash_b64: '9e9GF7ooXVb9k4BoSfNIPTelXeGOZ5DrgOYMj94elaY=',
        password_salt_b64: 'INDdM6iCi/8=',
        allowed_apis: ['database_api', 'network_node_api'],
      },
    ],
  ],
};
const home: PeerInfo = { remoteAddress: '127.0.0.1' };

/** A policy whose throttle reads a clock the test moves by hand. */
async function setup(
  options: {
    freeFailures?: number;
    addressFreeFailures?: number;
    maxDelayMs?: number;
    forgetAfterMs?: number;
  } = {},
) {
  const clock = { now: 1_000_000 };
  const policy = await AccessPolicy.open(doc, {
    throttle: {
      freeFailures: 2,
      baseDelayMs: 1000,
      maxDelayMs: 8000,
      ...options,
      clock: () => clock.now,
    },
  });
  return { policy, clock };
}

const throttled = (attempt: Promise<unknown>) =>
  attempt.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('login throttling', () => {
  it('lets the free failures through, then refuses with ERR_LOGIN_THROTTLED and retryAfterMs', async () => {
    const { policy } = await setup();
    expect(await policy.authenticate('bytemaster', 'a', home)).toBeNull();
    expect(await policy.authenticate('bytemaster', 'b', home)).toBeNull();
    expect(await policy.authenticate('bytemaster', 'c', home)).toBeNull();
    const error = await throttled(policy.authenticate('bytemaster', 'supersecret', home));
    expect(error).toBeInstanceOf(LoginThrottledError);
    expect(error).toMatchObject({ code: 'ERR_LOGIN_THROTTLED', retryAfterMs: 1000 });
    expect((error as Error).message).not.toContain('supersecret');
  });

  it('doubles the wait with each further failure, up to the cap', async () => {
    const { policy, clock } = await setup();
    const waits: number[] = [];
    let failures = 0;
    while (waits.length < 5) {
      const outcome = await throttled(policy.authenticate('bytemaster', 'wrong', home));
      if (outcome instanceof LoginThrottledError) {
        waits.push(outcome.retryAfterMs);
        clock.now += outcome.retryAfterMs;
      } else failures += 1;
    }
    expect(failures).toBe(7);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it('lets the right password in once the wait is over, and then forgets the failures', async () => {
    const { policy, clock } = await setup();
    for (const pw of ['a', 'b', 'c']) await policy.authenticate('bytemaster', pw, home);
    clock.now += 1000;
    expect(await policy.authenticate('bytemaster', 'supersecret', home)).not.toBeNull();
    // The user's count starts again from zero: two free failures.
    expect(await policy.authenticate('bytemaster', 'd', home)).toBeNull();
    expect(await policy.authenticate('bytemaster', 'e', home)).toBeNull();
    expect(await throttled(policy.authenticate('bytemaster', 'f', home))).toBeUndefined();
  });

  it('throttles an address that tries many user names', async () => {
    const { policy } = await setup({ addressFreeFailures: 2 });
    for (const user of ['u1', 'u2', 'u3'])
      expect(await policy.authenticate(user, 'x', home)).toBeNull();
    expect(await throttled(policy.authenticate('bytemaster', 'supersecret', home))).toBeInstanceOf(
      LoginThrottledError,
    );
    // Another address is not affected, and the user names were each tried once only.
    expect(
      await policy.authenticate('bytemaster', 'supersecret', { remoteAddress: '10.0.0.2' }),
    ).not.toBeNull();
  });

  it('allows an address more failures across user names than for one name', async () => {
    const { policy } = await setup({ addressFreeFailures: 4 });
    for (const user of ['u1', 'u2', 'u3', 'u4', 'u5'])
      expect(await policy.authenticate(user, 'x', home)).toBeNull();
    expect(await throttled(policy.authenticate('u6', 'x', home))).toBeInstanceOf(
      LoginThrottledError,
    );
  });

  it('does not lock a user out from another address, however often a guesser fails', async () => {
    const { policy } = await setup();
    const guesser = { remoteAddress: '10.0.0.2' };
    const owner = { remoteAddress: '10.0.0.3' };
    for (let i = 0; i < 3; i++)
      expect(await policy.authenticate('bytemaster', `guess ${i}`, guesser)).toBeNull();
    expect(
      await throttled(policy.authenticate('bytemaster', 'supersecret', guesser)),
    ).toBeInstanceOf(LoginThrottledError);
    expect(await policy.authenticate('bytemaster', 'supersecret', owner)).not.toBeNull();
    // The owner's own mistypes are counted at the owner's address only.
    expect(await policy.authenticate('bytemaster', 'typo', owner)).toBeNull();
    expect(await policy.authenticate('bytemaster', 'supersecret', owner)).not.toBeNull();
  });

  it('counts nothing for over-long credentials, which can never match', async () => {
    const { policy } = await setup({ addressFreeFailures: 2 });
    const long = 'u'.repeat(2000);
    for (let i = 0; i < 10; i++) expect(await policy.authenticate(long, 'x', home)).toBeNull();
    expect(await policy.authenticate('bytemaster', 'p'.repeat(2000), home)).toBeNull();
    expect(await policy.authenticate('bytemaster', 'supersecret', home)).not.toBeNull();
  });

  it('forgets a key after forgetAfterMs without failures', async () => {
    const { policy, clock } = await setup({ forgetAfterMs: 60_000 });
    for (const pw of ['a', 'b', 'c']) await policy.authenticate('bytemaster', pw, home);
    clock.now += 60_000;
    expect(await policy.authenticate('bytemaster', 'd', home)).toBeNull();
    expect(await policy.authenticate('bytemaster', 'e', home)).toBeNull();
    expect(await throttled(policy.authenticate('bytemaster', 'f', home))).toBeUndefined();
  });

  it('allows one attempt at a time once past the free failures', async () => {
    const { policy, clock } = await setup();
    for (const pw of ['a', 'b', 'c']) await policy.authenticate('bytemaster', pw, home);
    clock.now += 1000;
    const first = policy.authenticate('bytemaster', 'supersecret', home);
    const second = await throttled(policy.authenticate('bytemaster', 'supersecret', home));
    expect(second).toBeInstanceOf(LoginThrottledError);
    expect(await first).not.toBeNull();
  });

  it('bounds the verifications in flight per key before any failure', async () => {
    const policy = await AccessPolicy.open(doc, { throttle: { maxPending: 3 } });
    const inFlight = [1, 2, 3].map(() => policy.authenticate('bytemaster', 'supersecret', home));
    expect(await throttled(policy.authenticate('bytemaster', 'supersecret', home))).toBeInstanceOf(
      LoginThrottledError,
    );
    for (const grant of await Promise.all(inFlight)) expect(grant?.user).toBe('bytemaster');
    expect(await policy.authenticate('bytemaster', 'supersecret', home)).not.toBeNull();
  });

  it('remembers at most maxTracked keys, forgetting idle ones before locked-out ones', async () => {
    const clock = { now: 1_000_000 };
    const policy = await AccessPolicy.open(doc, {
      throttle: { freeFailures: 0, baseDelayMs: 1000, maxTracked: 2, clock: () => clock.now },
    });
    const isThrottled = async (user: string) =>
      (await throttled(policy.authenticate(user, 'wrong'))) instanceof LoginThrottledError;
    expect(await policy.authenticate('locked', 'wrong')).toBeNull(); // locked out for 1 s
    clock.now += 1000;
    expect(await policy.authenticate('locked', 'wrong')).toBeNull(); // now for 2 s: the older key
    expect(await policy.authenticate('idle', 'wrong')).toBeNull(); // locked out for 1 s
    clock.now += 1500; // 'idle' may try again, 'locked' may not
    expect(await policy.authenticate('new', 'wrong')).toBeNull(); // a third key: one must go
    expect(await isThrottled('locked')).toBe(true); // the idle key went, though 'locked' is older
    expect(await isThrottled('new')).toBe(true);
    // With every key locked out, the oldest is forgotten anyway: memory stays bounded.
    expect(await policy.authenticate('fourth', 'wrong')).toBeNull();
    expect(await isThrottled('locked')).toBe(false);
  });

  it('can be switched off', async () => {
    const policy = await AccessPolicy.open(doc, { throttle: false });
    for (let i = 0; i < 20; i++)
      expect(await policy.authenticate('bytemaster', 'x', home)).toBeNull();
    expect(await policy.authenticate('bytemaster', 'supersecret', home)).not.toBeNull();
  });

  it('refuses options out of range with a RangeError', async () => {
    await expect(AccessPolicy.open(doc, { throttle: { baseDelayMs: -1 } })).rejects.toThrow(
      RangeError,
    );
    await expect(AccessPolicy.open(doc, { throttle: { maxPending: 0 } })).rejects.toThrow(
      new RangeError('throttle.maxPending must be a finite number >= 1'),
    );
    await expect(AccessPolicy.open(doc, { limits: { maxFileBytes: 0 } })).rejects.toThrow(
      new RangeError('limits.maxFileBytes must be a positive integer, got 0'),
    );
  });
});

describe('addressKey', () => {
  it('counts IPv4-mapped IPv6 as IPv4 and IPv6 by its /64', () => {
    expect(addressKey('::ffff:10.1.2.3')).toBe(addressKey('10.1.2.3'));
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:db8:1:2:ffff:1:2:3'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::1')).toBe('addr:0:0:0:0::/64');
  });
});

describe('userKey', () => {
  it('has one length whatever the length of the name, and tells names and addresses apart', () => {
    const address = addressKey('10.0.0.2');
    const short = userKey('a', address);
    expect(userKey('a'.repeat(1024), address)).toHaveLength(short.length);
    expect(userKey('b', address)).not.toBe(short);
    expect(userKey('a', addressKey('10.0.0.3'))).not.toBe(short);
    expect(userKey('a', undefined)).not.toBe(short);
  });
});
