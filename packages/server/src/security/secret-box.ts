import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a sealed value lives; bound into the ciphertext so it cannot be moved to another row or column. */
export interface SealContext {
  table: string;
  column: string;
  rowId: string;
}

const prefix = 'nbsec:v1:';

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * AES-256-GCM with a random 96-bit nonce per value (NIST SP 800-38D) and `table|column|row|key id` as
 * additional data. The key id travels with each value so keys can rotate: old values stay readable while
 * `keys` holds their key.
 */
export class SecretBox {
  readonly #keys: Map<string, Buffer>;
  readonly #currentKeyId: string;

  constructor(keys: Buffer[]) {
    if (keys.length === 0) throw new SecretBoxError('at least one key is needed');
    this.#keys = new Map(keys.map((key) => [keyIdOf(key), checkKey(key)]));
    this.#currentKeyId = keyIdOf(keys[0]!);
  }

  static isSealed(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(prefix);
  }

  seal(plaintext: string, context: SealContext): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.#currentKeyId)!, nonce);
    cipher.setAAD(additionalData(context, this.#currentKeyId));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]).toString('base64url');
    return `${prefix}${this.#currentKeyId}:${sealed}`;
  }

  open(value: string, context: SealContext): string {
    if (!SecretBox.isSealed(value)) throw new SecretBoxError('value is not sealed');
    const [keyId, payload] = value.slice(prefix.length).split(':');
    const key = keyId ? this.#keys.get(keyId) : undefined;
    if (!key || !payload) {
      throw new SecretBoxError(
        `no key with id ${keyId} for ${context.table}.${context.column}; was the key file replaced?`,
      );
    }
    const bytes = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAAD(additionalData(context, keyId!));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(12, bytes.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        `sealed value of ${context.table}.${context.column} for ${context.rowId} does not verify`,
      );
    }
  }
}

function additionalData(context: SealContext, keyId: string): Buffer {
  return Buffer.from(`${context.table}|${context.column}|${context.rowId}|${keyId}`, 'utf8');
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function checkKey(key: Buffer): Buffer {
  if (key.length !== 32) throw new SecretBoxError('a secret key is 32 bytes');
  return key;
}

/**
 * The key comes from NB_SECRET_KEY (base64, for several nodes sharing one Postgres) or from `secret.key`
 * in the data directory, created 0600 on first start. Keep that file out of database backups.
 */
export function loadSecretBox(options: { dataDir: string; keyFromEnv?: string }): SecretBox {
  if (options.keyFromEnv) {
    const keys = options.keyFromEnv.split(',').map((k) => Buffer.from(k.trim(), 'base64'));
    for (const key of keys) {
      if (key.length !== 32) throw new SecretBoxError('NB_SECRET_KEY: each key is 32 bytes, base64-encoded');
    }
    return new SecretBox(keys);
  }
  const path = join(options.dataDir, 'secret.key');
  if (!existsSync(path)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(path, 0o600);
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  return new SecretBox(lines.map((l) => Buffer.from(l.trim(), 'base64')));
}

/** Seals the listed top-level fields of a config object; others are kept as they are. */
export function sealFields(
  box: SecretBox,
  config: Record<string, unknown>,
  fields: readonly string[],
  where: Omit<SealContext, 'column'>,
): Record<string, unknown> {
  const out = { ...config };
  for (const field of fields) {
    const value = out[field];
    if (value === undefined || value === null || SecretBox.isSealed(value)) continue;
    out[field] = box.seal(JSON.stringify(value), { ...where, column: `config.${field}` });
  }
  return out;
}

export function openFields(
  box: SecretBox,
  config: Record<string, unknown>,
  fields: readonly string[],
  where: Omit<SealContext, 'column'>,
): Record<string, unknown> {
  const out = { ...config };
  for (const field of fields) {
    const value = out[field];
    if (SecretBox.isSealed(value))
      out[field] = JSON.parse(box.open(value, { ...where, column: `config.${field}` }));
  }
  return out;
}

/** The config as the API shows it: secret fields removed, and named in `secretsSet` when they have a value. */
export function withoutSecrets(
  config: Record<string, unknown>,
  fields: readonly string[],
): { config: Record<string, unknown>; secretsSet: string[] } {
  const out = { ...config };
  const secretsSet: string[] = [];
  for (const field of fields) {
    if (out[field] !== undefined && out[field] !== null) secretsSet.push(field);
    delete out[field];
  }
  return { config: out, secretsSet };
}
