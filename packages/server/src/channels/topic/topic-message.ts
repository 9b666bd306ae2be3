import { type NtfyPriority, ntfyPriority } from '../../domain/ntfy-priority.ts';
import type { RenderedMessage } from '../../render/message.ts';

/**
 * A message as a topic's subscribers get it (the `data` of its `message` entry): what the rule rendered plus
 * the event fields an app shows. Attachments go by URL, and only those anyone may fetch: one that needs the
 * source's credentials, or inline bytes, stays out, as the credentials must never reach a subscriber.
 */
export interface TopicMessage {
  eventId: string;
  eventType: string;
  title: string;
  body: string;
  format: 'text' | 'markdown';
  severity: RenderedMessage['severity'];
  /** ntfy's 1–5 scale, so ntfy apps and others can use it as it is. */
  priority: NtfyPriority;
  tags: string[];
  /** Where tapping the notification goes. */
  url: string | null;
  attachments: { url: string; name?: string; contentType?: string; size?: number }[];
  occurredAt: string;
}

/** The priorities the ntfy apps show without sound or vibration. */
const silentPriorityMax = 2;

export function topicMessage(message: RenderedMessage, silent: boolean): TopicMessage {
  const priority = ntfyPriority(message.severity);
  return {
    eventId: message.eventId,
    eventType: message.eventType,
    title: message.title,
    body: message.body,
    format: message.format === 'markdown' ? 'markdown' : 'text',
    severity: message.severity,
    priority: silent ? (Math.min(priority, silentPriorityMax) as NtfyPriority) : priority,
    tags: message.tags,
    url: message.url,
    attachments: message.attachments.flatMap((a) =>
      a.url && !a.headers && /^https?:\/\//.test(a.url)
        ? [
            {
              url: a.url,
              ...(a.name ? { name: a.name } : {}),
              ...(a.contentType ? { contentType: a.contentType } : {}),
              ...(a.size !== undefined ? { size: a.size } : {}),
            },
          ]
        : [],
    ),
    occurredAt: new Date(message.occurredAt).toISOString(),
  };
}
