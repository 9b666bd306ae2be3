import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapPlankaEvent, type PlankaPayload } from '../../../src/sources/planka/map-event.ts';
import { testDialects } from '../../helpers/databases.ts';
import { startSourceApp } from '../../helpers/source-app.ts';
import type { TestApp } from '../../helpers/test-app.ts';

// Shaped as Planka 2 sends them: { event, data: { item, included }, prevData, user } (send-webhooks.js).
const user = { id: '1', name: 'Demo Demo', username: 'demo' };
const included = {
  boards: [{ id: 'b1', name: 'Household' }],
  lists: [
    { id: 'l1', name: 'To do', boardId: 'b1' },
    { id: 'l2', name: 'Done', boardId: 'b1' },
  ],
};
const card = { id: 'c1', boardId: 'b1', listId: 'l1', name: 'Fix the gate', description: 'hinge is loose' };
const payloads: Record<string, PlankaPayload> = {
  created: { event: 'cardCreate', data: { item: card, included }, user },
  moved: {
    event: 'cardUpdate',
    data: { item: { ...card, listId: 'l2' }, included },
    prevData: { item: card },
    user,
  },
  renamed: {
    event: 'cardUpdate',
    data: { item: { ...card, name: 'Fix the big gate' }, included },
    prevData: { item: card },
    user,
  },
  commented: {
    event: 'commentCreate',
    data: {
      item: { id: 'm1', cardId: 'c1', text: 'bought screws' },
      included: { ...included, cards: [card] },
    },
    user,
  },
  list: { event: 'listCreate', data: { item: { id: 'l3', name: 'Later', boardId: 'b1' }, included }, user },
};

describe('Planka webhooks as events', () => {
  it.each([
    ['created', 'card.created', 'Demo Demo created card "Fix the gate" in To do', 'hinge is loose'],
    ['moved', 'card.moved', 'Demo Demo moved card "Fix the gate" from To do to Done', ''],
    ['renamed', 'card.updated', 'Demo Demo updated card "Fix the big gate"', ''],
    ['commented', 'comment.created', 'Demo Demo commented on "Fix the gate"', 'bought screws'],
    ['list', 'planka.list_create', 'Demo Demo: listCreate', ''],
  ])('%s -> %s', (name, type, title, body) => {
    const event = mapPlankaEvent(payloads[name]!, 'https://planka.lan/');
    expect(event).toMatchObject({ type, title, body, tags: ['Household'] });
  });

  it('links to the card when the Planka address is configured', () => {
    expect(mapPlankaEvent(payloads.commented!, 'https://planka.lan/').url).toBe(
      'https://planka.lan/cards/c1',
    );
    expect(mapPlankaEvent(payloads.created!).url).toBeUndefined();
  });
});

describe.each(testDialects)('Planka webhooks on %s', (dialect) => {
  const secret = 'planka-access-token-0123';
  let t: TestApp;
  let baseUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    ({ t, baseUrl, sourceId } = await startSourceApp(dialect, {
      kind: 'planka',
      name: 'planka',
      config: { secret, baseUrl: 'https://planka.lan' },
    }));
  });
  afterAll(() => t.close());

  const send = (authorization: string) =>
    fetch(`${baseUrl}/hooks/${sourceId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'planka (+https://planka.lan)',
        authorization,
      },
      body: JSON.stringify(payloads.moved),
    });
  const events = () =>
    t.app.database.db
      .selectFrom('events')
      .select(['type', 'title', 'url'])
      .where('source_id', '=', sourceId)
      .execute();

  it('stores a card move sent with the access token', async () => {
    expect((await send(`Bearer ${secret}`)).status).toBe(202);
    expect(await events()).toEqual([
      {
        type: 'card.moved',
        title: 'Demo Demo moved card "Fix the gate" from To do to Done',
        url: 'https://planka.lan/cards/c1',
      },
    ]);
  });

  it('refuses a wrong access token before reading the body, storing nothing', async () => {
    const before = (await events()).length;
    const response = await send('Bearer not-the-access-token');
    expect(response.status).toBe(401);
    expect((await events()).length).toBe(before);
  });
});
