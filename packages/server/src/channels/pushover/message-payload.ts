import type { Severity } from '../../domain/event.ts';
import type { RenderedMessage } from '../../render/message.ts';
import { truncateText } from '../../render/text-escaping.ts';
import type { AttachmentFile } from '../attachment-bytes.ts';
import type { PushoverAddress } from './config-schema.ts';

/** pushover.net/api#limits: characters per field. */
export const pushoverLimits = { title: 250, message: 1024, url: 512, urlTitle: 100 } as const;
/** pushover.net/api#attachments: one image of at most 5 MB. */
export const attachmentBytesMax = 5 * 1024 * 1024;

/**
 * Pushover priorities (pushover.net/api#priority): -1 arrives without sound, 0 normal, 1 high (through the
 * user's quiet hours), 2 emergency (repeats until acknowledged: only for receivers that ask for it).
 */
const priorities: Record<Severity, number> = { debug: -1, info: 0, warning: 0, error: 1, critical: 1 };

/** The body of `POST /1/messages.json`, JSON as the API also takes it. */
export interface PushoverMessage {
  token: string;
  user: string;
  message: string;
  title?: string;
  priority: number;
  retry?: number;
  expire?: number;
  timestamp: number;
  url?: string;
  url_title?: string;
  device?: string;
  sound?: string;
  attachment_base64?: string;
  attachment_type?: string;
}

export function pushoverMessage(
  message: RenderedMessage,
  credentials: { token: string; address: PushoverAddress },
  options: { silent: boolean; image: AttachmentFile | undefined },
): PushoverMessage {
  const { token, address } = credentials;
  const title = message.title.trim();
  const body = message.body.trim();
  const emergency = message.severity === 'critical' && address.emergency !== undefined && !options.silent;
  const priority = emergency ? 2 : priorities[message.severity];
  const url = message.url && message.url.length <= pushoverLimits.url ? message.url : undefined;
  return {
    token,
    user: address.user,
    // Pushover requires a message; the title stands in when the template left the body empty.
    message: truncateText(body === '' ? title || message.eventType : body, pushoverLimits.message),
    ...(body !== '' && title !== '' ? { title: truncateText(title, pushoverLimits.title) } : {}),
    priority: options.silent ? Math.min(priority, -1) : priority,
    ...(emergency ? { retry: address.emergency!.retry, expire: address.emergency!.expire } : {}),
    // The event's own time, so a deferred or retried message shows when it happened.
    timestamp: Math.floor(message.occurredAt / 1000),
    ...(url ? { url, url_title: 'Open' } : {}),
    ...(address.device ? { device: address.device } : {}),
    ...(address.sound ? { sound: address.sound } : {}),
    ...(options.image
      ? {
          attachment_base64: options.image.bytes.toString('base64'),
          attachment_type: options.image.contentType,
        }
      : {}),
  };
}
