import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../api/api-client.ts';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';

const run = promisify(execFile);

interface Recipe {
  format: 'shell' | 'yaml' | 'steps';
  text: string;
}

/** A secret long enough for every kind's pattern, and one nobody could mistake for a placeholder. */
const secret = 'S3cret-value_0123456789abcdef';

/**
 * Each push kind's recipe, as a user would use it: the shell ones run in a real shell (curl, openssl, the
 * Apprise CLI) with the placeholders filled in, and must get an event in; Alertmanager's passes amtool.
 */
describe.each(testDialects)('what to paste into a sender, per kind, on %s', (dialect) => {
  let t: TestApp;
  let origin: string;
  let directory: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    origin = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    directory = mkdtempSync(join(tmpdir(), 'nb-recipes-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function recipeOf(kind: string, config: Record<string, unknown>) {
    const made = await t.api<{ id: string }>('POST', '/api/v1/sources', { kind, name: kind, config });
    expect(made.status).toBe(201);
    // Over the network, as a browser asks: the recipe names the address the request came to.
    const response = await fetch(`${origin}/api/v1/sources/${made.body.id}/recipe`, {
      headers: { authorization: `Bearer ${testAdminToken}` },
    });
    expect(response.status).toBe(200);
    const recipe = (await response.json()) as Recipe;
    expect(recipe.text).not.toContain(secret);
    return { id: made.body.id, recipe };
  }

  const eventsOf = async (sourceId: string) =>
    (await t.app.database.db.selectFrom('events').select('id').where('source_id', '=', sourceId).execute())
      .length;

  /** Runs a shell recipe with its placeholders filled in, and expects exactly one new event. */
  async function runs(sourceId: string, recipe: Recipe) {
    expect(recipe.format).toBe('shell');
    const filled = recipe.text.replace(/<(secret|token|key)>/g, secret);
    await run('sh', ['-e', '-c', filled], { cwd: directory });
    expect(await eventsOf(sourceId)).toBe(1);
  }

  it.each([
    ['no auth', { auth: { mode: 'none' } }],
    ['a bearer token', { auth: { mode: 'bearer' }, secret }],
    ['basic auth', { auth: { mode: 'basic', username: 'backup' }, secret }],
    ['an HMAC in hex', { auth: { mode: 'hmac', prefix: 'sha256=' }, secret }],
    [
      'an HMAC in base64 under its own header',
      { auth: { mode: 'hmac', header: 'x-sig', encoding: 'base64' }, secret },
    ],
    [
      'an HMAC over the timestamp and body',
      {
        auth: { mode: 'hmac', timestampHeader: 'x-timestamp', signedPayload: 'timestamp.body' },
        secret,
      },
    ],
  ])('webhook with %s: the curl gets an event in', async (_name, config) => {
    const { id, recipe } = await recipeOf('webhook', config);
    expect(recipe.text).toContain(`${origin}/hooks/${id}`);
    await runs(id, recipe);
  });

  it.each([
    ['ntfy', { topic: 'backups', token: secret }],
    ['ntfy', { topic: 'public-backups', public: true }],
    ['gotify', { token: secret }],
    ['slack', { token: secret }],
    ['discord', { webhookId: '42', token: secret }],
    ['apprise', { key: secret.slice(0, 32) }],
  ])('%s: the command reaches the compatibility route', async (kind, config) => {
    const { id, recipe } = await recipeOf(kind, config);
    expect(recipe.text).toContain(origin.replace(/^https?:\/\//, ''));
    await runs(id, recipe);
  });

  it.each([
    ['none', {}],
    ['bearer', { secret }],
    ['basic', { username: 'am', secret }],
  ])('alertmanager with %s auth: a config amtool accepts', async (auth, extra) => {
    const { id, recipe } = await recipeOf('alertmanager', { auth, ...extra });
    expect(recipe.format).toBe('yaml');
    expect(recipe.text).toContain(`url: '${origin}/hooks/${id}'`);
    const file = join(directory, `alertmanager-${auth}.yml`);
    writeFileSync(file, recipe.text.replace('<secret>', secret));
    const checked = await run('amtool', ['check-config', file]);
    expect(checked.stdout).toContain('SUCCESS');
  });

  it.each([
    ['github', { secret }, 'Payload URL'],
    ['gitea', { secret }, 'Target URL'],
    ['forgejo', { secret }, 'Target URL'],
    ['gitlab', { secret }, 'URL'],
    ['planka', { secret }, 'URL'],
  ])('%s: the fields of its webhook page, with the URL', async (kind, config, label) => {
    const { id, recipe } = await recipeOf(kind, config);
    expect(recipe.format).toBe('steps');
    expect(recipe.text).toMatch(new RegExp(`^  ${label}: +${origin}/hooks/${id}$`, 'm'));
  });

  it('answers 409 for the bridge’s own source and 404 for another owner’s', async () => {
    const bridge = await t.api('GET', `/api/v1/sources/${t.app.boot.bridgeSourceId}/recipe`);
    expect(bridge.status).toBe(409);
    const { id } = await recipeOf('webhook', { auth: { mode: 'none' } });
    const bob = await createMember(t, 'bob');
    expect((await bob.api('GET', `/sources/${id}/recipe`)).status).toBe(404);
  });
});

describe('a recipe behind a proxy', () => {
  it('names NB_PUBLIC_URL’s origin, not the address it was asked at', async () => {
    const t = await startTestApp('sqlite', { NB_PUBLIC_URL: 'https://notify.example.net/' });
    try {
      const made = await t.api<{ id: string }>('POST', '/api/v1/sources', {
        kind: 'apprise',
        name: 'apprise',
        config: { key: 'a-key-of-sixteen' },
      });
      const recipe = await t.api<Recipe>('GET', `/api/v1/sources/${made.body.id}/recipe`);
      expect(recipe.body.text).toContain("'apprises://notify.example.net/apprise/<key>'");
      expect(recipe.body.text).toContain('POST https://notify.example.net/apprise/notify/<key>');
    } finally {
      await t.close();
    }
  });
});
