import { createHash } from 'node:crypto';

/** What an ntfy event keeps in `data`, and what the publish answer echoes. */
export interface NtfyMessageData {
  topic: string;
  title?: string;
  message: string;
  /** 1–5; 3 when the sender set none. */
  priority: number;
  /** Whether the sender set a priority: ntfy's answer leaves an unset one out. */
  prioritySet: boolean;
  tags: string[];
  click?: string;
  icon?: string;
  markdown: boolean;
  attachment?: { name: string; type?: string; size?: number; url?: string };
  delay?: string;
  email?: string;
  actions?: unknown;
}

/** ntfy keeps messages 12 hours by default (cache-duration); the answer's `expires` says so. */
const CACHE_SECONDS = 12 * 3600;
const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** ntfy's 12-character [A-Za-z0-9] message id, stable for one of our event ids. */
export function ntfyMessageId(eventId: string): string {
  const digest = createHash('sha256').update(eventId).digest();
  return [...digest.subarray(0, 12)].map((byte) => idAlphabet[byte % idAlphabet.length]).join('');
}

/**
 * The message JSON ntfy answers a publish with (docs.ntfy.sh/subscribe/api/#json-message-format): empty
 * fields left out as ntfy's `omitempty` does. An inline file has no `url`: the bridge does not serve files.
 */
export function ntfyMessageAnswer(eventId: string, receivedAt: number, data: NtfyMessageData) {
  const time = Math.floor(receivedAt / 1000);
  return {
    id: ntfyMessageId(eventId),
    time,
    expires: time + CACHE_SECONDS,
    event: 'message',
    topic: data.topic,
    ...(data.title ? { title: data.title } : {}),
    message: data.message,
    ...(data.prioritySet ? { priority: data.priority } : {}),
    ...(data.tags.length > 0 ? { tags: data.tags } : {}),
    ...(data.click ? { click: data.click } : {}),
    ...(data.icon ? { icon: data.icon } : {}),
    ...(data.attachment ? { attachment: { ...data.attachment, expires: time + 3 * CACHE_SECONDS } } : {}),
    ...(data.markdown ? { content_type: 'text/markdown' } : {}),
  };
}
