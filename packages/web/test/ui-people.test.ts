import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../server/test/helpers/databases.ts';
import { LocalOpenIdProvider } from '../../server/test/helpers/oidc-provider.ts';
import { startTestApp, testAdminToken } from '../../server/test/helpers/test-app.ts';
import { launchChromium } from './helpers/browser.ts';
import { expectAccessible, password, screenshots, startUiApp, type UiApp } from './helpers/ui-app.ts';

describe.each(testDialects)('people, accounts and settings in the web UI on %s', (dialect) => {
  let ui: UiApp;

  beforeAll(async () => {
    ui = await startUiApp(dialect);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('creates the first admin from the setup link, and takes the token out of the address bar', async () => {
    const fresh = await startTestApp(dialect);
    const browser = await launchChromium();
    try {
      const base = (await fresh.app.listen()).replace('0.0.0.0', '127.0.0.1');
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${base}/sign-in`);
      await expect.poll(() => page.getByText('setup link').count()).toBe(1);
      await page.goto(`${base}/setup#token=${fresh.app.setupToken}`);
      await expect.poll(() => page.url()).toBe(`${base}/setup`);
      await expectAccessible(page);
      if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}setup.png` });
      await page.getByLabel('Name', { exact: true }).fill('grace');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Create the first admin' }).click();
      await page.waitForURL(`${base}/`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
      expect(await page.getByText('People').count()).toBe(1);
      // The link works once.
      const again = await (await browser.newContext()).newPage();
      await again.goto(`${base}/setup#token=${fresh.app.setupToken}`);
      await again.getByLabel('Name', { exact: true }).fill('mallory');
      await again.getByLabel('Password').fill(password);
      await again.getByRole('button', { name: 'Create the first admin' }).click();
      await expect.poll(() => again.getByRole('alert').textContent()).toContain('Setup failed');
    } finally {
      await browser.close();
      await fresh.close();
    }
  });

  // A long walk through six pages with three axe runs: on a loaded machine it needs more than 30 s.
  it('lets an admin add a member, change a role, disable and delete with a hand-over, all in the audit log', async () => {
    const page = await ui.signedIn();
    await page.getByRole('link', { name: 'People' }).click();
    await page.waitForURL(`${ui.baseUrl}/people`);
    expect(await page.getByRole('link', { name: 'People' }).getAttribute('aria-current')).toBe('page');
    await page.locator('#new-user-name').fill('bob');
    await page.locator('#new-user-password').fill(password);
    await page.getByRole('button', { name: 'Create user' }).click();
    const bob = page.locator('tr[data-user="bob"]');
    await expect.poll(() => bob.count()).toBe(1);
    await expectAccessible(page);

    // Bob may sign in, sees no People or Settings, and the API refuses him the users.
    const asBob = await ui.signedIn('bob');
    expect(await asBob.getByRole('link', { name: 'People' }).count()).toBe(0);
    expect(await asBob.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await asBob.goto(`${ui.baseUrl}/people`);
    await expect.poll(() => asBob.getByText('Only admins see this page.').count()).toBe(1);
    // Bob makes a template of his own, so deleting him later asks whom it goes to.
    const made = await asBob.evaluate(async () => {
      const response = await fetch('/api/v1/templates', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-notify-bridge': '1' },
        body: JSON.stringify({ name: 'bobs', bodies: { text: 'hi' } }),
      });
      return response.status;
    });
    expect(made).toBe(201);
    await asBob.context().close();

    await bob.getByLabel('Role of bob').selectOption('admin');
    await expect
      .poll(
        async () =>
          (
            await ui.t.api<{ items: { name: string; role: string }[] }>('GET', '/api/v1/users')
          ).body.items.find((u) => u.name === 'bob')?.role,
      )
      .toBe('admin');
    await bob.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => bob.textContent()).toContain('disabled');

    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}people.png`, fullPage: true });
    await bob.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByText('bob owns templates: 1').count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Hand over and delete' }).click();
    await expect.poll(() => bob.count()).toBe(0);
    const templates = await ui.t.api<{ items: { name: string; ownerId: string }[] }>(
      'GET',
      '/api/v1/templates',
    );
    const me = await ui.t.api<{ items: { id: string; name: string }[] }>('GET', '/api/v1/users');
    const ada = me.body.items.find((u) => u.name === 'ada')!;
    expect(templates.body.items.find((item) => item.name === 'bobs')?.ownerId).toBe(ada.id);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => page.locator('li[data-action="user.delete"]').count()).toBe(1);
    expect(await page.locator('li[data-action="user.create"]').count()).toBeGreaterThanOrEqual(1);
    await page.getByLabel('Action').fill('user.update');
    await expect
      .poll(async () => {
        const items = await page.locator('li[data-action]').all();
        return [...new Set(await Promise.all(items.map((item) => item.getAttribute('data-action'))))];
      })
      .toEqual(['user.update']);
    await expectAccessible(page);
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}audit.png` });
    await page.context().close();
  }, 90_000);

  it('shows the settings in force with the secrets hidden', async () => {
    const page = await ui.signedIn();
    await page.getByRole('link', { name: 'Settings' }).click();
    const token = page.locator('tr[data-setting="NB_ADMIN_TOKEN"]');
    await expect.poll(() => token.textContent()).toContain('set (hidden)');
    expect(await token.textContent()).toContain('environment');
    expect(await page.locator('tr[data-setting="NB_DISPATCH_CONCURRENCY"]').textContent()).toContain(
      'default',
    );
    expect(await page.content()).not.toContain(testAdminToken);
    await page.getByLabel('Filter').fill('NB_LEASE_MS');
    await expect.poll(() => page.locator('tr[data-setting]').count()).toBe(1);
    await expectAccessible(page);
    if (dialect === 'sqlite') {
      await page.getByLabel('Filter').fill('');
      await page.screenshot({ path: `${screenshots}settings.png` });
    }
    await page.context().close();
  });

  it('makes an API token shown once, revokes it, and lists the sessions', async () => {
    const page = await ui.signedIn();
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByLabel('Token name').fill('backup script');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = await page.locator('[data-token]').textContent();
    expect(shown).toMatch(/^nbt_/);
    const me = await fetch(`${ui.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${shown}` } });
    expect(me.status).toBe(200);
    await page.getByRole('button', { name: 'I copied it' }).click();
    expect(await page.content()).not.toContain(shown!);
    expect(await page.getByText('this session').count()).toBe(1);
    await expectAccessible(page);
    if (dialect === 'sqlite') await page.screenshot({ path: `${screenshots}account.png`, fullPage: true });
    await page.getByRole('button', { name: 'Revoke backup script' }).click();
    await expect.poll(() => page.getByText('backup script').count()).toBe(0);
    const after = await fetch(`${ui.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${shown}` } });
    expect(after.status).toBe(401);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(
      await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});

describe.each(testDialects)('single sign-on from the sign-in page on %s', (dialect) => {
  const provider = new LocalOpenIdProvider();
  let ui: UiApp;

  beforeAll(async () => {
    await provider.start();
    ui = await startUiApp(dialect, {
      NB_OIDC_ISSUER: provider.issuer,
      NB_OIDC_CLIENT_ID: 'notify-bridge',
      NB_OIDC_CLIENT_SECRET: 'a-client-secret-for-the-ui-test-0123456789',
    });
    provider.register({
      clientId: 'notify-bridge',
      clientSecret: 'a-client-secret-for-the-ui-test-0123456789',
      redirectUri: `${ui.baseUrl}/api/v1/auth/oidc/callback`,
    });
    provider.accounts.set('sub-lin', { sub: 'sub-lin', preferred_username: 'lin', groups: [] });
  });
  afterAll(async () => {
    await ui?.close();
    await provider.close();
  });

  it('signs in through the identity provider’s pages and lands on the dashboard', async () => {
    const page = await ui.newPage();
    await page.goto(`${ui.baseUrl}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
    await page.locator('input[name="login"]').fill('sub-lin');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${ui.baseUrl}/`);
    await expect.poll(() => page.locator('.who').textContent()).toBe('lin');
    await page.context().close();
  });

  it('says so on the sign-in page when the provider’s answer does not check out', async () => {
    const page = await ui.newPage();
    await page.goto(`${ui.baseUrl}/api/v1/auth/oidc/callback?code=forged&state=forged`);
    await page.waitForURL(/\/sign-in\?failed=/);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Single sign-on did not finish');
    await page.context().close();
  });
});
