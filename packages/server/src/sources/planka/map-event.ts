import type { SourceEvent } from '../../domain/event.ts';

/**
 * Planka 2's webhook body (server/api/helpers/utils/send-webhooks.js in plankanban/planka):
 * `{ event, data: { item, included? }, prevData?: { item }, user }`, event names like `cardCreate`.
 */
export interface PlankaPayload {
  event: string;
  data?: { item?: Record<string, unknown>; included?: Record<string, Record<string, unknown>[] | undefined> };
  prevData?: { item?: Record<string, unknown> };
  user?: { name?: string; username?: string };
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
/** Planka ids are strings of digits; anything else makes no link. */
const idOf = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

/** Names of included records by id (lists, boards, cards), for readable titles. */
function nameOf(payload: PlankaPayload, collection: string, id: unknown): string | undefined {
  const found = payload.data?.included?.[collection]?.find((record) => record.id === id);
  return str(found?.name);
}

/** `cardCreate` → `planka.card_create`, for events we do not name ourselves. */
const snake = (name: string) =>
  name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/[^a-z0-9_]/g, '_');

export function mapPlankaEvent(payload: PlankaPayload, baseUrl?: string): SourceEvent {
  const item = payload.data?.item ?? {};
  const previous = payload.prevData?.item;
  const who = payload.user?.name ?? payload.user?.username ?? 'Someone';
  const cardId = idOf(payload.event.startsWith('card') ? item.id : item.cardId);
  const url = baseUrl && cardId ? `${baseUrl.replace(/\/+$/, '')}/cards/${cardId}` : undefined;
  const cardName = str(item.name) ?? nameOf(payload, 'cards', item.cardId) ?? 'a card';
  const list = (id: unknown) => nameOf(payload, 'lists', id) ?? 'another list';
  const card = payload.data?.included?.cards?.find((record) => record.id === item.cardId);
  const board = nameOf(payload, 'boards', item.boardId ?? card?.boardId);
  const base = {
    severity: 'info' as const,
    url,
    tags: board ? [board] : [],
    data: { planka: payload, board: board ?? null },
  };

  switch (payload.event) {
    case 'cardCreate':
      return {
        ...base,
        type: 'card.created',
        title: `${who} created card "${cardName}" in ${list(item.listId)}`,
        body: str(item.description) ?? '',
      };
    case 'cardUpdate':
      if (previous && previous.listId !== undefined && previous.listId !== item.listId) {
        return {
          ...base,
          type: 'card.moved',
          title: `${who} moved card "${cardName}" from ${list(previous.listId)} to ${list(item.listId)}`,
          body: '',
        };
      }
      return { ...base, type: 'card.updated', title: `${who} updated card "${cardName}"`, body: '' };
    case 'cardDelete':
      return { ...base, type: 'card.deleted', title: `${who} deleted card "${cardName}"`, body: '' };
    case 'commentCreate':
      return {
        ...base,
        type: 'comment.created',
        title: `${who} commented on "${cardName}"`,
        body: str(item.text) ?? '',
      };
    default:
      return { ...base, type: `planka.${snake(payload.event)}`, title: `${who}: ${payload.event}`, body: '' };
  }
}
