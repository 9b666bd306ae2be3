import Fastify from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lazySchemaCompilers } from '../../src/api/lazy-schema-compilers.ts';
import { installErrorHandler } from '../../src/http/http-errors.ts';

// A route body that is a discriminated union, validated by Fastify's ajv through the server's compilers.
const Body = Type.Union([
  Type.Object(
    { kind: Type.Literal('email'), to: Type.String({ format: 'email' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('sms'), number: Type.String({ pattern: '^\\+[0-9]{6,15}$' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('push'),
      device: Type.String({ minLength: 10 }),
      sound: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
]);

describe('validation errors of a discriminated union in a route schema (ajv)', () => {
  const app = Fastify({
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: lazySchemaCompilers().compilersFactory as never },
  });

  beforeAll(async () => {
    installErrorHandler(app);
    app.post('/notify', { schema: { body: Body } }, async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(() => app.close());

  const post = async (payload: unknown) => {
    const response = await app.inject({ method: 'POST', url: '/notify', payload: payload as object });
    return {
      status: response.statusCode,
      body: response.json() as { error: { message: string; details: unknown } },
    };
  };

  it('keeps only the errors of the branch the discriminator chose', async () => {
    const response = await post({ kind: 'push', device: 'short' });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { path: '/device', message: 'must NOT have fewer than 10 characters' },
    ]);
    expect(response.body.error.message).not.toContain('constant');
  });

  it('names the values the discriminator may take when it matches none', async () => {
    const response = await post({ kind: 'pigeon', device: 'x' });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { path: '/kind', message: 'must be one of "email", "sms", "push"' },
    ]);
  });

  it('accepts a valid body of each branch', async () => {
    expect((await post({ kind: 'sms', number: '+4915112345678' })).status).toBe(200);
    expect((await post({ kind: 'push', device: '0123456789abc', sound: true })).status).toBe(200);
  });
});
