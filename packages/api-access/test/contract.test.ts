// The copies this package keeps of rpc-core's Authenticator contract — the permission rule, Grant,
// PeerInfo and the throttling code — pinned equal to rpc-core's own exports.
import * as rpcCore from '@convene/rpc-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AccessPolicy,
  type Grant,
  isAllowed,
  LOGIN_THROTTLED,
  type PeerInfo,
  permissionFor,
} from '../src/index.ts';

const NAMES = [
  'network_node',
  'network_node_api',
  'network_node_api_api',
  'login',
  'login_api',
  'Login',
  'database',
  'database_api',
  'Database',
  'history',
  'crypto',
  'asset',
  'block',
  'debug',
  'orders',
  'custom_operations',
  'network_broadcast',
  '_api',
  'api',
  '',
  '*',
  ' database',
  'database ',
  'api_',
  'x_api_y',
];

const GRANTS: (Grant | null)[] = [
  null,
  { user: null, apis: [] },
  { user: null, apis: ['*'] },
  { user: 'u', apis: ['network_node_api'] },
  { user: 'u', apis: ['network_node'] },
  { user: 'u', apis: ['network_node_api_api'] },
  { user: 'u', apis: ['database_api', 'history_api'] },
  { user: 'u', apis: ['Database_api', 'login_api', '_api', 'api_api'] },
  { user: null, apis: ['', ' database_api', 'x_api_y_api', 'crypto_api', 'asset_api'] },
];

describe('the permission rule', () => {
  it("names the same permission as rpc-core's permissionFor for every name", () => {
    for (const name of NAMES) expect(permissionFor(name), name).toBe(rpcCore.permissionFor(name));
  });

  it("allows exactly what rpc-core's isAllowed allows, for every grant and name", () => {
    for (const grant of GRANTS)
      for (const name of NAMES)
        expect(isAllowed(grant, name), `${JSON.stringify(grant)} ${name}`).toBe(
          rpcCore.isAllowed(grant, name),
        );
  });

  it('is the rule the policy applies', async () => {
    const policy = await AccessPolicy.open({ permission_map: [] });
    for (const grant of GRANTS)
      for (const name of NAMES) expect(policy.allows(grant, name)).toBe(isAllowed(grant, name));
  });

  it('takes network_node and network_node_api as one permission; login needs none', () => {
    const grant = { user: 'u', apis: ['network_node_api'] };
    expect(isAllowed(grant, 'network_node')).toBe(true);
    expect(isAllowed(grant, 'network_node_api')).toBe(true);
    expect(isAllowed({ user: 'u', apis: ['network_node'] }, 'network_node')).toBe(false);
    expect(isAllowed(null, 'login')).toBe(true);
    expect(isAllowed(null, 'login_api')).toBe(true);
    expect(isAllowed(null, 'database')).toBe(false);
  });
});

describe('the mirrored contract', () => {
  it("has Grant and PeerInfo equal to rpc-core's", () => {
    expectTypeOf<Grant>().toEqualTypeOf<rpcCore.Grant>();
    expectTypeOf<PeerInfo>().toEqualTypeOf<rpcCore.PeerInfo>();
  });

  it("uses rpc-core's code for a throttled login", () => {
    expect(LOGIN_THROTTLED).toBe(rpcCore.LOGIN_THROTTLED);
  });

  it('satisfies the Authenticator interface', () => {
    expectTypeOf<AccessPolicy>().toMatchTypeOf<rpcCore.Authenticator>();
  });
});
