import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStandardWebhook } from '../../src/channels/webhook/standard-webhooks.ts';
import { createLogger } from '../../src/telemetry/logger.ts';
import { testDialects } from '../helpers/databases.ts';
import { HttpSink } from '../helpers/http-sink.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs } from './api-client.ts';

const sourceSecret = `src-secret-${randomBytes(12).toString('hex')}`;
const newSourceSecret = `src-secret-${randomBytes(12).toString('hex')}`;
const targetSecret = `whsec_${randomBytes(32).toString('base64')}`;
const secrets = [sourceSecret, newSourceSecret, targetSecret];

describe.each(testDialects)('secret config fields on %s', (dialect) => {
  let t: TestApp;
  let api: ApiCall;
  let sink: HttpSink;
  const logLines: string[] = [];
  const responses: string[] = [];

  /** Every response body is kept, to check at the end that none ever held a secret. */
  const call: ApiCall = async (method, url, body) => {
    const response = await api(method, url, body);
    responses.push(response.raw);
    return response as never;
  };

  beforeAll(async () => {
    // The most verbose logger there is, so anything a request could log is seen.
    const logger = createLogger({
      level: 'trace',
      destination: { write: (line: string) => void logLines.push(line) },
    });
    t = await startTestApp(dialect, {}, { logger });
    api = apiAs(t, testAdminToken);
    sink = await new HttpSink().start();
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  async function storedConfig(table: 'sources' | 'targets', id: string): Promise<string> {
    const row = await t.app.database.db
      .selectFrom(table)
      .select('config')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.config;
  }

  it('seals a source secret at rest, never returns it, and keeps it through updates that leave it out', async () => {
    const created = await call<{ id: string; secretsSet: string[]; config: object }>('POST', '/sources', {
      kind: 'webhook',
      name: 'sealed',
      config: { auth: { mode: 'bearer' }, secret: sourceSecret },
    });
    expect(created.status).toBe(201);
    expect(created.body.secretsSet).toEqual(['secret']);
    expect(created.body.config).toEqual({ auth: { mode: 'bearer' } });
    const id = created.body.id;

    const stored = await storedConfig('sources', id);
    expect(stored).not.toContain(sourceSecret);
    expect(JSON.parse(stored).secret).toMatch(/^nbsec:v1:/);

    await call('GET', `/sources/${id}`);
    await call('GET', '/sources');
    await call('PATCH', `/sources/${id}`, { name: 'renamed' });
    await call('PATCH', `/sources/${id}`, { config: { auth: { mode: 'bearer' }, dedupHeader: 'x-id' } });
    let posted = 0;
    // A different body each time: the same body twice is one event (200), not a new one (202).
    const hook = (secret: string) =>
      t.app.http.inject({
        method: 'POST',
        url: `/hooks/${id}`,
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        payload: { title: `still works ${posted++}` },
      });
    expect((await hook(sourceSecret)).statusCode).toBe(202);

    const rotated = await call<{ secretsSet: string[] }>('PATCH', `/sources/${id}`, {
      config: { auth: { mode: 'bearer' }, secret: newSourceSecret },
    });
    expect(rotated.body.secretsSet).toEqual(['secret']);
    expect((await hook(sourceSecret)).statusCode).toBe(401);
    expect((await hook(newSourceSecret)).statusCode).toBe(202);
    expect(JSON.parse(await storedConfig('sources', id)).secret).toMatch(/^nbsec:v1:/);
    await call('GET', '/events');
  });

  it('seals a target secret, uses it to sign, and clears it when set to null', async () => {
    const created = await call<{ id: string; secretsSet: string[]; config: object }>('POST', '/targets', {
      kind: 'webhook',
      name: 'signed',
      config: { url: `${sink.url}/hook`, secret: targetSecret },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ secretsSet: ['secret'], config: { url: `${sink.url}/hook` } });
    const id = created.body.id;
    const stored = await storedConfig('targets', id);
    expect(stored).not.toContain(targetSecret.slice(6));
    expect(JSON.parse(stored).secret).toMatch(/^nbsec:v1:/);

    const receiver = await call<{ id: string }>('POST', `/targets/${id}/receivers`, {
      name: 'r',
      address: {},
    });
    await call('GET', `/targets/${id}`);
    await call('GET', '/targets');
    await call('PATCH', `/targets/${id}`, { name: 'still signed', config: { url: `${sink.url}/other` } });

    const test = await call<{ status: string }>('POST', `/targets/${id}/receivers/${receiver.body.id}/test`);
    expect(test.body.status).toBe('sent');
    const signed = sink.requests.at(-1)!;
    expect(signed.url).toBe('/other');
    const headers = {
      id: String(signed.headers['webhook-id']),
      timestamp: String(signed.headers['webhook-timestamp']),
      signature: String(signed.headers['webhook-signature']),
    };
    expect(verifyStandardWebhook(targetSecret, headers, signed.body, Math.floor(Date.now() / 1000))).toBe(
      true,
    );

    const cleared = await call<{ secretsSet: string[] }>('PATCH', `/targets/${id}`, {
      config: { url: `${sink.url}/other`, secret: null },
    });
    expect(cleared.body.secretsSet).toEqual([]);
    expect(JSON.parse(await storedConfig('targets', id)).secret).toBeUndefined();
    await call('POST', `/targets/${id}/receivers/${receiver.body.id}/test`);
    expect(sink.requests.at(-1)!.headers['webhook-signature']).toBeUndefined();
  });

  it('never had a secret in any response body or log line', () => {
    expect(responses.length).toBeGreaterThan(10);
    expect(logLines.length).toBeGreaterThan(10);
    for (const secret of secrets) {
      for (const text of [...responses, ...logLines]) expect(text).not.toContain(secret);
      // The base64 part of the signing secret alone is as good as the secret.
      for (const text of [...responses, ...logLines])
        expect(text).not.toContain(secret.replace(/^whsec_/, ''));
    }
  });
});
