// Graphene's legacy salted SHA-256 entries: the document's example, saltpass.py's output, edge cases of fc's reading.
import { describe, expect, it } from 'vitest';
import { hashPassword, type PasswordFields, verifyPassword } from '../src/index.ts';
import { asciiJson, python } from './python.ts';
import { hashVectors, type LegacyVector } from './vectors.ts';

const vectors = hashVectors['sha256-salt'];
const doc = vectors[0] as LegacyVector;

// saltpass.py's algorithm (programs/witness_node/saltpass.py), done by python3's own hashlib:
// 8 random salt bytes; hash = sha256(password_utf8 + salt_bytes); both base64-encoded.
const SALTPASS = `
import base64, hashlib, json, os, sys
out = []
for pw in json.load(sys.stdin):
    salt = os.urandom(8)
    digest = hashlib.sha256(pw.encode('utf-8') + salt).digest()
    out.append({'password_hash_b64': base64.b64encode(digest).decode(),
                'password_salt_b64': base64.b64encode(salt).decode()})
print(json.dumps(out))
`;

describe('legacy sha256-salt hashes (Graphene)', () => {
  it("verifies the document's example: bytemaster / supersecret", async () => {
    expect(doc.password_hash_b64).toBe('9e9GF7ooXVb9k4BoSfNIPTelXeGOZ5DrgOYMj94elaY=');
    expect(await verifyPassword(doc, 'supersecret')).toBe(true);
    expect(await verifyPassword(doc, 'supersecreT')).toBe(false);
    expect(await verifyPassword(doc, '')).toBe(false);
  });

  it('verifies every stored vector and refuses its near misses', async () => {
    for (const vector of vectors) {
      expect(await verifyPassword(vector, vector.password)).toBe(true);
      expect(await verifyPassword(vector, `${vector.password}x`)).toBe(false);
    }
  });

  it('is sha256(password ‖ raw salt bytes): what we found in Graphene and saltpass.py', async () => {
    // login_api::login hashes `password + base64_decode(salt)` and saltpass.py hashes
    // `pw_bytes + salt_bytes`: the password first, then the raw salt. The other readings one might
    // guess give different bytes for the document's example, so the example pins the order.
    const readings = python<Record<string, string>>(`
import base64, hashlib, hmac, json
pw, salt = b'supersecret', base64.b64decode('INDdM6iCi/8=')
b64 = lambda b: base64.b64encode(b).decode()
print(json.dumps({
  'password then salt': b64(hashlib.sha256(pw + salt).digest()),
  'salt then password': b64(hashlib.sha256(salt + pw).digest()),
  'password then base64 text': b64(hashlib.sha256(pw + b'INDdM6iCi/8=').digest()),
  'hmac keyed by salt': b64(hmac.new(salt, pw, hashlib.sha256).digest()),
}))`);
    expect(readings['password then salt']).toBe(doc.password_hash_b64);
    const others = Object.entries(readings).filter(([reading]) => reading !== 'password then salt');
    for (const [, hash] of others) expect(hash).not.toBe(doc.password_hash_b64);
  });

  it("verifies entries made by saltpass.py's algorithm in python3", async () => {
    const passwords = ['supersecret', 'pässwörd', '', 'with space', '🔑 emoji', 'a'.repeat(300)];
    const entries = python<PasswordFields[]>(SALTPASS, asciiJson(passwords));
    for (const [i, password] of passwords.entries()) {
      const entry = entries[i] as PasswordFields;
      expect(await verifyPassword(entry, password)).toBe(true);
      expect(await verifyPassword(entry, `${password}!`)).toBe(false);
    }
  });

  it('writes legacy entries that python3 checks the way Graphene does', async () => {
    const passwords = ['supersecret', 'pässwörd', '🔑'];
    const entries = await Promise.all(
      passwords.map((pw) => hashPassword(pw, { alg: 'sha256-salt' })),
    );
    for (const entry of entries)
      expect(Object.keys(entry).sort()).toEqual(['password_hash_b64', 'password_salt_b64']);
    const checked = python<boolean[]>(
      `
import base64, hashlib, json, sys
cases = json.load(sys.stdin)
print(json.dumps([
  base64.b64decode(e['password_hash_b64']) ==
  hashlib.sha256(pw.encode('utf-8') + base64.b64decode(e['password_salt_b64'])).digest()
  for pw, e in cases]))`,
      asciiJson(passwords.map((pw, i) => [pw, entries[i]])),
    );
    expect(checked).toEqual([true, true, true]);
  });

  it('takes any password for the hash "*", whatever the salt', async () => {
    const any = { password_hash_b64: '*', password_salt_b64: '*' };
    expect(await verifyPassword(any, 'anything')).toBe(true);
    expect(await verifyPassword({ ...any, password_salt_b64: 'INDdM6iCi/8=' }, '')).toBe(true);
  });

  it('reads the salt "*" with a real hash as no salt, as fc\'s decoder does', async () => {
    const [hash] = python<string[]>(
      `import base64, hashlib, json; print(json.dumps([base64.b64encode(hashlib.sha256(b'nosalt').digest()).decode()]))`,
    );
    const entry = { password_hash_b64: hash as string, password_salt_b64: '*' };
    expect(await verifyPassword(entry, 'nosalt')).toBe(true);
    expect(await verifyPassword(entry, 'nosalt2')).toBe(false);
  });
});
