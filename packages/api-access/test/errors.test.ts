// The error classes: one base, a stable code per kind, the class name as `name`.
import { describe, expect, it } from 'vitest';
import {
  ApiAccessError,
  LimitExceededError,
  LOGIN_THROTTLED,
  LoginThrottledError,
  PermissionMapError,
  PermissionMapReadError,
} from '../src/index.ts';

describe('errors', () => {
  it('name each error after its class and carry the code of its kind', () => {
    const cases = [
      [
        new PermissionMapError('bad', { index: 0 }),
        'PermissionMapError',
        'ERR_INVALID_PERMISSION_MAP',
      ],
      [
        new PermissionMapReadError('/f', 'gone'),
        'PermissionMapReadError',
        'ERR_PERMISSION_MAP_READ',
      ],
      [
        new LimitExceededError('maxFileBytes', 1, '/f is larger'),
        'LimitExceededError',
        'ERR_LIMIT_EXCEEDED',
      ],
      [new LoginThrottledError(1500), 'LoginThrottledError', LOGIN_THROTTLED],
    ] as const;
    for (const [error, name, code] of cases) {
      expect(error).toBeInstanceOf(ApiAccessError);
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
    }
  });

  it('say which limit was exceeded and its value', () => {
    const error = new LimitExceededError('maxCredentialLength', 1024, 'the password is longer');
    expect(error).toMatchObject({ limit: 'maxCredentialLength', max: 1024 });
    expect(error.message).toBe('the password is longer than the limit maxCredentialLength (1024)');
  });

  it('give a throttled login the code of the Authenticator contract and the wait in seconds', () => {
    expect(LOGIN_THROTTLED).toBe('ERR_LOGIN_THROTTLED');
    expect(new LoginThrottledError(1500).message).toBe('too many failed logins: retry after 2 s');
  });
});
