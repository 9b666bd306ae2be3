import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import {
  assertMatchesSchema,
  type ConfigurableKind,
  publicConfig,
  sealedConfig,
} from '../../src/api/kind-config.ts';
import { BridgeError } from '../../src/errors.ts';
import { openFields, SecretBox } from '../../src/security/secret-box.ts';
import { webhookSource } from '../../src/sources/webhook/index.ts';

const box = new SecretBox([randomBytes(32)]);
const where = { table: 'targets' as const, rowId: '01J0000000000000000000000A' };

const kind: ConfigurableKind = {
  kind: 'example',
  configSchema: Type.Object(
    {
      url: Type.String({ format: 'uri' }),
      token: Type.Optional(Type.String({ minLength: 8 })),
      password: Type.Optional(Type.String({ minLength: 1 })),
      retries: Type.Optional(Type.Integer({ minimum: 0 })),
    },
    { additionalProperties: false },
  ),
  secretFields: ['token', 'password'],
  validateConfig: (config: { retries?: number; password?: string }) =>
    config.retries === 7 ? 'retries: 7 is unlucky; pick another number' : undefined,
};

function caught(run: () => unknown): BridgeError {
  try {
    run();
  } catch (error) {
    if (error instanceof BridgeError) return error;
    throw error;
  }
  throw new Error('expected a BridgeError');
}

function stored(
  incoming: Record<string, unknown>,
  previous?: Record<string, unknown>,
): Record<string, unknown> {
  return JSON.parse(
    sealedConfig({ box, ...where, kind, incoming, ...(previous ? { stored: previous } : {}) }),
  );
}

describe('sealedConfig', () => {
  it('seals secret fields under the row, and keeps the others as sent', () => {
    const config = stored({ url: 'https://example.com/hook', token: 'tok-123456', retries: 2 });
    expect(config.url).toBe('https://example.com/hook');
    expect(config.retries).toBe(2);
    expect(SecretBox.isSealed(config.token)).toBe(true);
    expect(JSON.stringify(config)).not.toContain('tok-123456');
    expect(openFields(box, config, kind.secretFields, where).token).toBe('tok-123456');
    // Bound to its row: the same value under another row id does not open.
    expect(() => openFields(box, config, kind.secretFields, { ...where, rowId: 'other' })).toThrow();
  });

  it('on update keeps a secret that is left out, clears one sent as null, replaces one sent anew', () => {
    const first = stored({ url: 'https://a.example', token: 'tok-123456', password: 'pw' });
    const kept = stored({ url: 'https://b.example' }, first);
    expect(openFields(box, kept, kind.secretFields, where)).toEqual({
      url: 'https://b.example',
      token: 'tok-123456',
      password: 'pw',
    });
    const cleared = stored({ url: 'https://b.example', password: null }, kept);
    expect(openFields(box, cleared, kind.secretFields, where)).toEqual({
      url: 'https://b.example',
      token: 'tok-123456',
    });
    const replaced = stored({ url: 'https://b.example', token: 'tok-abcdefg' }, cleared);
    expect(openFields(box, replaced, kind.secretFields, where).token).toBe('tok-abcdefg');
  });

  it('never leaves a secret in plain text, whatever its value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 64 }), (token) => {
        fc.pre(!['https://a.example', 'url'].some((text) => text.includes(token)));
        const config = stored({ url: 'https://a.example', token });
        expect(JSON.stringify(config)).not.toContain(JSON.stringify(token).slice(1, -1));
        expect(openFields(box, config, kind.secretFields, where).token).toBe(token);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a config off its schema with NB_ERR_VALIDATION naming each path, without echoing values', () => {
    const error = caught(() => stored({ url: 'not a url', token: 'short', extra: true }));
    expect(error.code).toBe('NB_ERR_VALIDATION');
    const paths = (error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/config/url', '/config/token']));
    expect(error.message).not.toContain('short');
    expect(JSON.stringify(error.details)).not.toContain('short');
  });

  it("checks the kind's own rules after the schema", () => {
    const error = caught(() => stored({ url: 'https://a.example', retries: 7 }));
    expect(error.code).toBe('NB_ERR_VALIDATION');
    expect(error.message).toContain('unlucky');
    expect(error.details).toEqual([
      { path: '/config', message: 'retries: 7 is unlucky; pick another number' },
    ]);
  });

  it('validates an update with the stored secrets, so a required secret need not be sent again', () => {
    const webhook = webhookSource as ConfigurableKind;
    const at = { table: 'sources' as const, rowId: where.rowId };
    const first = JSON.parse(
      sealedConfig({
        box,
        ...at,
        kind: webhook,
        incoming: { auth: { mode: 'bearer' }, secret: 'a-long-enough-secret' },
      }),
    );
    const renamed = JSON.parse(
      sealedConfig({
        box,
        ...at,
        kind: webhook,
        incoming: { auth: { mode: 'bearer' }, dedupHeader: 'x-id' },
        stored: first,
      }),
    );
    expect(openFields(box, renamed, ['secret'], at)).toMatchObject({
      secret: 'a-long-enough-secret',
      dedupHeader: 'x-id',
    });
    const error = caught(() =>
      sealedConfig({
        box,
        ...at,
        kind: webhook,
        incoming: { auth: { mode: 'bearer' }, secret: null },
        stored: first,
      }),
    );
    expect(error.code).toBe('NB_ERR_VALIDATION');
  });
});

describe('publicConfig', () => {
  it('drops secret fields and names the ones that are set', () => {
    const config = JSON.stringify(stored({ url: 'https://a.example', token: 'tok-123456' }));
    expect(publicConfig(config, kind.secretFields)).toEqual({
      config: { url: 'https://a.example' },
      secretsSet: ['token'],
    });
  });

  it('hides every sealed value of a kind this version does not know', () => {
    const config = JSON.stringify(stored({ url: 'https://a.example', token: 'tok-123456', password: 'pw' }));
    expect(publicConfig(config, undefined)).toEqual({
      config: { url: 'https://a.example' },
      secretsSet: ['token', 'password'],
    });
  });
});

describe('assertMatchesSchema', () => {
  const problems = (value: unknown, schema = webhookSource.configSchema) => {
    const error = caught(() =>
      assertMatchesSchema(schema, value, '/config', 'config', 'GET /api/v1/kinds/sources'),
    );
    return {
      message: error.message,
      details: (error.details as { path: string; message: string }[]).map((d) => `${d.path} ${d.message}`),
    };
  };

  it('reports only the errors of the union branch the value chose (auth.mode "bearer")', () => {
    const { message, details } = problems({ auth: { mode: 'bearer' }, secret: 'short' });
    expect(details).toEqual(['/config/secret must not have fewer than 16 characters']);
    expect(message).toBe(
      'config does not match its schema: /config/secret must not have fewer than 16 characters; ' +
        'GET /api/v1/kinds/sources lists the schemas',
    );
  });

  it("names the chosen branch's own fields (basic needs a username), not the other branches'", () => {
    const { details } = problems({ auth: { mode: 'basic' }, secret: 'a-long-enough-secret' });
    expect(details).toEqual(['/config/auth must have required properties username']);
  });

  it('keeps nested unions to their chosen branch too (hmac encoding)', () => {
    const { details } = problems({
      auth: { mode: 'hmac', encoding: 'base32' },
      secret: 'a-long-enough-secret',
    });
    expect(details).toEqual(['/config/auth/encoding must be one of "hex", "base64"']);
  });

  it('when no branch matches, says which values the discriminator takes', () => {
    expect(problems({ auth: { mode: 'token' }, secret: 'short' }).details).toEqual([
      '/config/auth/mode must be one of "none", "bearer", "basic", "hmac"',
    ]);
    expect(problems({ auth: {} }).details).toEqual([
      '/config/auth/mode is required: one of "none", "bearer", "basic", "hmac"',
    ]);
    expect(problems({ secret: 'a-long-enough-secret' }).details).toEqual([
      '/config/auth is required, an object whose mode is one of "none", "bearer", "basic", "hmac"',
    ]);
    // Not an object at all: that is the problem to name, not a missing auth.mode.
    const notObject = problems('bearer').details;
    expect(notObject[0]).toBe('/config must be object');
    expect(notObject.join()).not.toContain('auth');
  });

  it('leaves unions without constants as they were (a nullable field)', () => {
    const schema = Type.Object({ limit: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) });
    expect(problems({ limit: 0 }, schema).details).toEqual(
      expect.arrayContaining(['/config/limit must be >= 1']),
    );
  });
});
