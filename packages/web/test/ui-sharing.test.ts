import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../server/test/helpers/databases.ts';
import { expectAccessible, screenshots, startUiApp, type UiApp } from './helpers/ui-app.ts';

describe.each(testDialects)('sharing a target in the web UI on %s', (dialect) => {
  let ui: UiApp;
  let family: string;

  beforeAll(async () => {
    ui = await startUiApp(dialect);
    await ui.createMember('mia');
    const target = await ui.t.api<{ id: string }>('POST', '/api/v1/targets', {
      kind: 'webhook',
      name: 'family',
      config: { url: 'http://127.0.0.1:9/family' },
    });
    family = target.body.id;
    await ui.t.api('POST', `/api/v1/targets/${family}/receivers`, { name: 'family chat', address: {} });
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('lets an admin share a target, and the member use its receivers without seeing its settings', async () => {
    const admin = await ui.signedIn();
    await admin.goto(`${ui.baseUrl}/targets/${family}`);
    await expect.poll(() => admin.getByText('Shared with nobody.').count()).toBe(1);
    await admin.getByLabel('Share with').selectOption({ label: 'mia' });
    await admin.getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => admin.locator('li[data-share="mia"]').count()).toBe(1);
    await expectAccessible(admin);

    const mia = await ui.signedIn('mia');
    await mia.getByRole('link', { name: 'Targets' }).click();
    await mia.getByRole('link', { name: 'family' }).click();
    await expect.poll(() => mia.getByText('admin shared this target with you').count()).toBe(1);
    await expect.poll(() => mia.getByText('family chat').count()).toBe(1);
    // The lent receiver is hers to route to, not to change.
    expect(await mia.getByRole('button', { name: 'Edit family chat' }).count()).toBe(0);
    expect(await mia.getByText('the owner’s: your rules may use it').count()).toBe(1);
    // Its settings are not hers: no URL, no settings form.
    expect(await mia.content()).not.toContain('127.0.0.1:9');
    expect(await mia.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await mia.getByRole('button', { name: 'New receiver' }).click();
    await mia.locator('#receiver-name').fill('mia’s phone');
    await mia.getByRole('button', { name: 'Add receiver' }).click();
    await expect.poll(() => mia.getByRole('cell', { name: 'mia’s phone', exact: true }).count()).toBe(1);
    await expect.poll(() => mia.getByRole('button', { name: 'Edit mia’s phone' }).count()).toBe(1);
    await expectAccessible(mia);
    if (dialect === 'sqlite') await mia.screenshot({ path: `${screenshots}shared-target.png` });
    const added = await ui.t.api<{ items: { name: string; addedBy: string | null }[] }>(
      'GET',
      `/api/v1/targets/${family}/receivers`,
    );
    expect(added.body.items.find((r) => r.name === 'mia’s phone')?.addedBy).not.toBeNull();

    await admin.getByRole('button', { name: 'Stop sharing with mia' }).click();
    await expect.poll(() => admin.getByText('Shared with nobody.').count()).toBe(1);
    await mia.goto(`${ui.baseUrl}/targets`);
    await expect.poll(() => mia.getByText('Shared with you').count()).toBe(0);
    await mia.goto(`${ui.baseUrl}/targets/${family}`);
    await expect.poll(() => mia.getByRole('alert').count()).toBe(1);
    await admin.context().close();
    await mia.context().close();
  }, 90_000);
});
