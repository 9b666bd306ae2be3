import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadSecretBox,
  openFields,
  type SealContext,
  SecretBox,
  SecretBoxError,
  sealFields,
  withoutSecrets,
} from '../../src/security/secret-box.ts';

const where: SealContext = { table: 'targets', column: 'config.token', rowId: '01TARGET' };
const key = () => randomBytes(32);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nb-secret-'));
  dirs.push(dir);
  return dir;
}

describe('SecretBox seal and open', () => {
  const box = new SecretBox([key()]);

  it('round-trips any text, including empty and non-ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (plaintext) => {
        const sealed = box.seal(plaintext, where);
        expect(SecretBox.isSealed(sealed)).toBe(true);
        expect(box.open(sealed, where)).toBe(plaintext);
      }),
    );
  });

  it('never shows the plaintext and seals the same text differently each time', () => {
    const first = box.seal('hunter2-hunter2', where);
    const second = box.seal('hunter2-hunter2', where);
    expect(first).not.toContain('hunter2');
    expect(first).not.toBe(second);
    expect(first).toMatch(/^nbsec:v1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['another row', { ...where, rowId: '01OTHER' }],
    ['another column', { ...where, column: 'config.password' }],
    ['another table', { ...where, table: 'sources' }],
  ])('refuses a value moved to %s', (_what, elsewhere) => {
    const sealed = box.seal('bot-token', where);
    expect(() => box.open(sealed, elsewhere)).toThrow(SecretBoxError);
    expect(() => box.open(sealed, elsewhere)).toThrow(/does not verify/);
  });

  it('refuses tampered ciphertext, nonce or tag, whichever byte changed', () => {
    const sealed = box.seal('a secret worth protecting', where);
    const head = sealed.slice(0, sealed.lastIndexOf(':') + 1);
    const bytes = Buffer.from(sealed.slice(head.length), 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i]! ^= 0x01;
      expect(() => box.open(head + tampered.toString('base64url'), where)).toThrow(SecretBoxError);
    }
  });

  it('refuses a truncated value and a value that is not sealed', () => {
    const sealed = box.seal('secret', where);
    expect(() => box.open(sealed.slice(0, -4), where)).toThrow(SecretBoxError);
    expect(() => box.open('plain text', where)).toThrow(/not sealed/);
  });

  it('keeps the plaintext and the key out of its error messages', () => {
    const secretKey = key();
    const own = new SecretBox([secretKey]);
    const sealed = own.seal('the-plaintext', where);
    try {
      own.open(sealed, { ...where, rowId: 'moved' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('the-plaintext');
      expect((error as Error).message).not.toContain(secretKey.toString('base64'));
      expect((error as Error).message).toContain('targets.config.token');
    }
  });

  it('needs at least one key of 32 bytes', () => {
    expect(() => new SecretBox([])).toThrow(SecretBoxError);
    expect(() => new SecretBox([randomBytes(16)])).toThrow(/32 bytes/);
  });
});

describe('key rotation', () => {
  it('seals with the first key and still opens values of the older ones', () => {
    const oldKey = key();
    const newKey = key();
    const before = new SecretBox([oldKey]).seal('old value', where);
    const rotated = new SecretBox([newKey, oldKey]);
    expect(rotated.open(before, where)).toBe('old value');
    const after = rotated.seal('new value', where);
    expect(new SecretBox([newKey]).open(after, where)).toBe('new value');
    expect(() => new SecretBox([oldKey]).open(after, where)).toThrow(/no key with id/);
  });

  it('says which key is missing when the old key was dropped', () => {
    const sealed = new SecretBox([key()]).seal('value', where);
    const keyId = sealed.split(':')[2];
    expect(() => new SecretBox([key()]).open(sealed, where)).toThrow(
      `no key with id ${keyId} for targets.config.token; was the key file replaced?`,
    );
  });
});

describe('loadSecretBox', () => {
  it('creates secret.key with mode 0600 on first use and reuses it afterwards', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const first = loadSecretBox({ dataDir });
    const path = join(dataDir, 'secret.key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const content = readFileSync(path, 'utf8');
    expect(Buffer.from(content.trim(), 'base64')).toHaveLength(32);
    const sealed = first.seal('kept across restarts', where);

    const second = loadSecretBox({ dataDir });
    expect(readFileSync(path, 'utf8')).toBe(content);
    expect(second.open(sealed, where)).toBe('kept across restarts');
  });

  it('tightens a key file that was left readable by others', () => {
    const dataDir = tempDir();
    const path = join(dataDir, 'secret.key');
    writeFileSync(path, `${key().toString('base64')}\n`, { mode: 0o644 });
    loadSecretBox({ dataDir });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('reads several keys from the file, newest first', () => {
    const dataDir = tempDir();
    const [newKey, oldKey] = [key(), key()];
    writeFileSync(
      join(dataDir, 'secret.key'),
      `${newKey.toString('base64')}\n${oldKey.toString('base64')}\n`,
    );
    const sealedOld = new SecretBox([oldKey]).seal('old', where);
    const box = loadSecretBox({ dataDir });
    expect(box.open(sealedOld, where)).toBe('old');
    expect(new SecretBox([newKey]).open(box.seal('new', where), where)).toBe('new');
  });

  it('uses NB_SECRET_KEY instead of the file when it is set, newest key first', () => {
    const dataDir = tempDir();
    const [newKey, oldKey] = [key(), key()];
    const box = loadSecretBox({
      dataDir,
      keyFromEnv: `${newKey.toString('base64')}, ${oldKey.toString('base64')}`,
    });
    expect(new SecretBox([newKey]).open(box.seal('v', where), where)).toBe('v');
    expect(box.open(new SecretBox([oldKey]).seal('o', where), where)).toBe('o');
    expect(() => statSync(join(dataDir, 'secret.key'))).toThrow(/ENOENT/);
  });

  it.each([
    ['a 16-byte key', randomBytes(16).toString('base64')],
    ['a 33-byte key', randomBytes(33).toString('base64')],
    ['text that is not base64', 'not a key'],
    ['one good key and one short one', `${key().toString('base64')},${randomBytes(8).toString('base64')}`],
  ])('refuses NB_SECRET_KEY with %s, saying what a key must be', (_what, keyFromEnv) => {
    const call = () => loadSecretBox({ dataDir: tempDir(), keyFromEnv });
    expect(call).toThrow(SecretBoxError);
    expect(call).toThrow('NB_SECRET_KEY: each key is 32 bytes, base64-encoded');
  });
});

describe('sealFields, openFields and withoutSecrets', () => {
  const box = new SecretBox([key()]);
  const row = { table: 'targets', rowId: '01TARGET' };

  it('seals the listed fields as JSON and leaves the others as they are', () => {
    const config = { url: 'https://example.test', secret: 's3cret', headers: { 'x-api-key': 'k' } };
    const sealed = sealFields(box, config, ['secret', 'headers'], row);
    expect(sealed.url).toBe('https://example.test');
    expect(SecretBox.isSealed(sealed.secret)).toBe(true);
    expect(SecretBox.isSealed(sealed.headers)).toBe(true);
    expect(config.secret).toBe('s3cret');
    expect(openFields(box, sealed, ['secret', 'headers'], row)).toEqual(config);
  });

  it('binds each field to its column, so sealed fields cannot be swapped', () => {
    const sealed = sealFields(box, { a: 'one', b: 'two' }, ['a', 'b'], row);
    const swapped = { a: sealed.b, b: sealed.a };
    expect(() => openFields(box, swapped, ['a', 'b'], row)).toThrow(SecretBoxError);
    expect(() => openFields(box, sealed, ['a'], { ...row, rowId: 'other' })).toThrow(SecretBoxError);
  });

  it('does not seal an already sealed value again', () => {
    const once = sealFields(box, { secret: 'value' }, ['secret'], row);
    const twice = sealFields(box, once, ['secret'], row);
    expect(twice.secret).toBe(once.secret);
    expect(openFields(box, twice, ['secret'], row)).toEqual({ secret: 'value' });
  });

  it('skips null and undefined fields', () => {
    const sealed = sealFields(box, { secret: null, other: 'x' }, ['secret', 'missing'], row);
    expect(sealed).toEqual({ secret: null, other: 'x' });
    expect(sealed).not.toHaveProperty('missing');
    expect(openFields(box, sealed, ['secret', 'missing'], row)).toEqual({ secret: null, other: 'x' });
  });

  it('leaves a plain value in a secret field as it is when opening (a row from before sealing)', () => {
    expect(openFields(box, { secret: 'legacy' }, ['secret'], row)).toEqual({ secret: 'legacy' });
  });

  it('keeps falsy but present values: they are secrets too', () => {
    const sealed = sealFields(box, { pin: 0, flag: false, empty: '' }, ['pin', 'flag', 'empty'], row);
    expect(Object.values(sealed).every(SecretBox.isSealed)).toBe(true);
    expect(openFields(box, sealed, ['pin', 'flag', 'empty'], row)).toEqual({
      pin: 0,
      flag: false,
      empty: '',
    });
  });

  it('withoutSecrets removes the fields and names those that have a value', () => {
    const shown = withoutSecrets(
      { url: 'https://example.test', secret: 'nbsec:v1:x', token: null, headers: undefined },
      ['secret', 'token', 'headers', 'password'],
    );
    expect(shown).toEqual({ config: { url: 'https://example.test' }, secretsSet: ['secret'] });
  });

  it('withoutSecrets does not change its input', () => {
    const config = { secret: 'x' };
    withoutSecrets(config, ['secret']);
    expect(config).toEqual({ secret: 'x' });
  });
});
