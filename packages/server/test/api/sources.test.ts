import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs } from './api-client.ts';

interface SourceView {
  id: string;
  kind: string;
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  secretsSet: string[];
  ingestUrl: string | null;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
}
interface ErrorView {
  error: { code: string; message: string; details?: { path: string; message: string }[]; requestId: string };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const secret = 'source-secret-0123456789';
const bearerConfig = { auth: { mode: 'bearer' }, secret };

describe.each(testDialects)('/api/v1/sources on %s', (dialect) => {
  let t: TestApp;
  let api: ApiCall;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    api = apiAs(t, testAdminToken);
  });
  afterAll(() => t.close());

  it('creates, reads, lists, changes and deletes a webhook source', async () => {
    const created = await api<SourceView>('POST', '/sources', {
      kind: 'webhook',
      name: 'gitea',
      config: bearerConfig,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({
      kind: 'webhook',
      name: 'gitea',
      enabled: true,
      config: { auth: { mode: 'bearer' } },
      secretsSet: ['secret'],
      ingestUrl: `/hooks/${id}`,
      ownerId: t.app.boot.adminUserId,
    });
    expect(Date.parse(created.body.createdAt)).not.toBeNaN();

    const read = await api<SourceView>('GET', `/sources/${id}`);
    expect(read.body).toEqual(created.body);
    const listed = await api<Page<SourceView>>('GET', '/sources?kind=webhook');
    expect(listed.body.items.map((s) => s.id)).toContain(id);

    const changed = await api<SourceView>('PATCH', `/sources/${id}`, {
      name: 'gitea (prod)',
      enabled: false,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'gitea (prod)', enabled: false, secretsSet: ['secret'] });
    expect((await api<SourceView>('GET', `/sources/${id}`)).body.name).toBe('gitea (prod)');

    expect((await api('DELETE', `/sources/${id}`)).status).toBe(204);
    const gone = await api<ErrorView>('GET', `/sources/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('NB_ERR_NOT_FOUND');
    expect(gone.body.error.requestId).toEqual(expect.any(String));
  });

  it('applies a change to the ingress at once (the source cache is invalidated)', async () => {
    const created = await api<SourceView>('POST', '/sources', {
      kind: 'webhook',
      name: 'toggle',
      config: bearerConfig,
    });
    const hook = () =>
      t.app.http.inject({
        method: 'POST',
        url: created.body.ingestUrl!,
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        payload: { title: 'hello' },
      });
    expect((await hook()).statusCode).toBe(202);
    await api('PATCH', `/sources/${created.body.id}`, { enabled: false });
    expect((await hook()).statusCode).toBe(404);
    await api('PATCH', `/sources/${created.body.id}`, { enabled: true, config: { auth: { mode: 'none' } } });
    const open = await t.app.http.inject({
      method: 'POST',
      url: created.body.ingestUrl!,
      payload: { title: 'no auth now' },
    });
    expect(open.statusCode).toBe(202);
  });

  it('deletes the events of a deleted source with it', async () => {
    const created = await api<SourceView>('POST', '/sources', {
      kind: 'webhook',
      name: 'doomed',
      config: bearerConfig,
    });
    const [ingested] = await t.app.ingestor.ingest(created.body.id, [
      { type: 'x.y', title: 'gone soon', body: '', severity: 'info', data: null },
    ]);
    expect((await api('GET', `/events/${ingested!.eventId}`)).status).toBe(200);
    await api('DELETE', `/sources/${created.body.id}`);
    expect((await api('GET', `/events/${ingested!.eventId}`)).status).toBe(404);
  });

  it('refuses an unknown kind, a built-in kind and a config off the schema, naming the field', async () => {
    const unknown = await api<ErrorView>('POST', '/sources', { kind: 'carrier-pigeon', name: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'NB_ERR_VALIDATION', details: [{ path: '/kind' }] });
    expect(unknown.body.error.message).toContain('carrier-pigeon');

    const builtIn = await api<ErrorView>('POST', '/sources', { kind: 'bridge', name: 'second bridge' });
    expect(builtIn.status).toBe(400);
    expect(builtIn.body.error.message).toContain('built in');

    const noSecret = await api<ErrorView>('POST', '/sources', {
      kind: 'webhook',
      name: 'x',
      config: { auth: { mode: 'bearer' } },
    });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error.code).toBe('NB_ERR_VALIDATION');
    expect(noSecret.body.error.details!.map((d) => d.path)).toContain('/config');

    const shortSecret = await api<ErrorView>('POST', '/sources', {
      kind: 'webhook',
      name: 'x',
      config: { auth: { mode: 'bearer' }, secret: 'short-one' },
    });
    expect(shortSecret.status).toBe(400);
    // Only the bearer branch's complaint, not every auth mode's; and a route that exists for the schemas.
    expect(shortSecret.body.error.details).toEqual([
      { path: '/config/secret', message: 'must not have fewer than 16 characters' },
    ]);
    expect(shortSecret.body.error.message).toBe(
      'config of kind "webhook" does not match its schema: /config/secret must not have fewer than 16 ' +
        'characters; GET /api/v1/kinds/sources lists the schemas',
    );
    expect((await api('GET', '/kinds/sources')).status).toBe(200);
    expect(shortSecret.raw).not.toContain('short-one');

    const badMapping = await api<ErrorView>('POST', '/sources', {
      kind: 'webhook',
      name: 'x',
      config: { auth: { mode: 'none' }, mapping: { title: '{{ repo.name | upcase }}' } },
    });
    expect(badMapping.status).toBe(400);
    expect(badMapping.body.error.message).toContain('mapping.title');

    const noName = await api<ErrorView>('POST', '/sources', { kind: 'webhook', config: bearerConfig });
    expect(noName.status).toBe(400);
    expect(noName.body.error.code).toBe('NB_ERR_VALIDATION');

    const badUpdate = await api<SourceView>('POST', '/sources', {
      kind: 'webhook',
      name: 'ok',
      config: bearerConfig,
    });
    const patched = await api<ErrorView>('PATCH', `/sources/${badUpdate.body.id}`, {
      config: { auth: { mode: 'basic' } },
    });
    expect(patched.status).toBe(400);
    expect((await api<SourceView>('GET', `/sources/${badUpdate.body.id}`)).body.config).toEqual({
      auth: { mode: 'bearer' },
    });
  });

  it('lists the built-in bridge source but will not change or delete it', async () => {
    const bridgeId = t.app.boot.bridgeSourceId;
    const listed = await api<Page<SourceView>>('GET', '/sources?kind=bridge');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: bridgeId, kind: 'bridge', ingestUrl: null }),
    ]);
    const deleted = await api<ErrorView>('DELETE', `/sources/${bridgeId}`);
    expect(deleted.status).toBe(403);
    expect(deleted.body.error.code).toBe('NB_ERR_FORBIDDEN');
    expect((await api('PATCH', `/sources/${bridgeId}`, { name: 'mine now' })).status).toBe(403);
  });

  it('pages newest first through more than two pages, and refuses a made-up cursor or limit', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const created = await api<SourceView>('POST', '/sources', {
        kind: 'webhook',
        name: `paged ${i}`,
        config: bearerConfig,
      });
      made.push(created.body.id);
    }
    const all = await api<Page<SourceView>>('GET', '/sources?limit=500');
    const seen: string[] = [];
    let url = '/sources?limit=3';
    let pages = 0;
    for (;;) {
      const page = await api<Page<SourceView>>('GET', url);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((s) => s.id));
      pages++;
      if (page.body.nextCursor === null) break;
      url = `/sources?limit=3&cursor=${page.body.nextCursor}`;
    }
    expect(pages).toBeGreaterThan(2);
    expect(seen).toEqual(all.body.items.map((s) => s.id));
    expect(seen).toEqual([...seen].sort().reverse());
    expect(seen.slice(0, 7)).toEqual([...made].reverse());

    const badCursor = await api<ErrorView>('GET', '/sources?cursor=bm90LWEtY3Vyc29y');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.code).toBe('NB_ERR_VALIDATION');
    expect((await api('GET', '/sources?limit=501')).status).toBe(400);
    expect((await api('GET', '/sources?limit=0')).status).toBe(400);
  });
});
