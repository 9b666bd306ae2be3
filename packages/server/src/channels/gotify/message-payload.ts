import type { Severity } from '../../domain/event.ts';
import type { RenderedMessage } from '../../render/message.ts';
import { publicImageUrl } from '../public-image.ts';

/**
 * Gotify priorities run 0–10; the Android app shows 1–3 without sound, 4–7 with sound and 8–10 as a
 * heads-up pop-up (gotify.net/docs/msgextras, android README). 5 is what most senders use for "normal".
 * The bridge's gotify source reads these back as the same severities, except error (8, urgent there).
 */
const priorities: Record<Severity, number> = {
  debug: 1,
  info: 5,
  warning: 6,
  error: 8,
  critical: 10,
};
/** The highest priority the app shows without sound: a silent receiver never gets more. */
export const silentPriorityMax = 3;

/** The body of `POST /message` (gotify.net/api-docs, the Message model). */
export interface GotifyMessage {
  message: string;
  title?: string;
  priority: number;
  extras?: Record<string, Record<string, unknown>>;
}

export function gotifyMessage(message: RenderedMessage, silent: boolean): GotifyMessage {
  const title = message.title.trim();
  const body = message.body.trim();
  const priority = priorities[message.severity];
  const extras: Record<string, Record<string, unknown>> = {};
  // gotify.net/docs/msgextras: client::display renders markdown, client::notification opens a URL on tap.
  if (message.format === 'markdown') extras['client::display'] = { contentType: 'text/markdown' };
  const notification: Record<string, unknown> = {};
  if (message.url) notification.click = { url: message.url };
  const image = publicImageUrl(message);
  if (image) notification.bigImageUrl = image;
  if (Object.keys(notification).length > 0) extras['client::notification'] = notification;
  return {
    // Gotify requires a message; the title stands in when the template left the body empty.
    message: body === '' ? title || message.eventType : body,
    ...(body !== '' && title !== '' ? { title } : {}),
    priority: silent ? Math.min(priority, silentPriorityMax) : priority,
    ...(Object.keys(extras).length > 0 ? { extras } : {}),
  };
}
