import type { RenderedMessage } from '../../render/message.ts';
import { truncateText } from '../../render/text-escaping.ts';
import { publicImageUrl } from '../public-image.ts';

/**
 * The companion app's push goes through FCM and APNs, whose payloads end at 4 KB
 * (companion.home-assistant.io/docs/notifications/notifications-basic): keep the text well inside.
 */
export const notifyLimits = { title: 250, message: 2000 } as const;

/** The service data of `notify.<service>`: message, title, and the companion app's `data`. */
export interface NotifyCall {
  message: string;
  title?: string;
  data: Record<string, unknown>;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What the companion app reads (companion.home-assistant.io/docs/notifications/): `url` (iOS) and
 * `clickAction` (Android) open the event's URL; `image` shows a picture the phone can fetch itself; `tag`
 * is the event id, so a second push of the same event (a retry whose first answer was lost) replaces the
 * first on the phone instead of showing twice; `group` gathers events of one type. Critical events go
 * through at once (Android: `priority: high`, `ttl: 0`; iOS: time-sensitive); a silent receiver's arrive
 * passively on iOS. The receiver's own `data` wins, one level deep (its `push` merges with ours).
 */
export function notifyCall(
  message: RenderedMessage,
  options: { silent: boolean; extra: Record<string, unknown> | undefined },
): NotifyCall {
  const title = message.title.trim();
  const body = message.body.trim();
  const image = publicImageUrl(message);
  const url = message.url && /^https?:\/\//.test(message.url) ? message.url : undefined;
  const critical = message.severity === 'critical' && !options.silent;
  const ours: Record<string, unknown> = {
    ...(url ? { url, clickAction: url } : {}),
    ...(image ? { image } : {}),
    tag: message.eventId,
    group: message.eventType,
    ...(critical ? { priority: 'high', ttl: 0 } : {}),
    ...(critical ? { push: { 'interruption-level': 'time-sensitive' } } : {}),
    ...(options.silent ? { push: { 'interruption-level': 'passive' } } : {}),
  };
  const data = { ...ours };
  for (const [key, value] of Object.entries(options.extra ?? {})) {
    const mine = data[key];
    data[key] = isPlainObject(mine) && isPlainObject(value) ? { ...mine, ...value } : value;
  }
  return {
    // notify requires a message; the title stands in when the template left the body empty.
    message: truncateText(body === '' ? title || message.eventType : body, notifyLimits.message),
    ...(body !== '' && title !== '' ? { title: truncateText(title, notifyLimits.title) } : {}),
    data,
  };
}
