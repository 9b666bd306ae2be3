import type { Attachment, Severity } from '../domain/event.ts';

export const messageFormats = ['text', 'markdown', 'html'] as const;
export type MessageFormat = (typeof messageFormats)[number];

/** Template source per format; at least one is set. The renderer picks the channel's best available. */
export type TemplateBodies = Partial<Record<MessageFormat, string>> & { title?: string };

/** What a channel sends: the rendered text plus the event fields channels map to their own features. */
export interface RenderedMessage {
  format: MessageFormat;
  title: string;
  body: string;
  severity: Severity;
  url: string | null;
  tags: string[];
  attachments: OutgoingAttachment[];
  eventId: string;
  eventType: string;
  occurredAt: number;
}

/** An attachment as a channel gets it: with the source's credentials for its URL, when it has some. Never stored. */
export interface OutgoingAttachment extends Attachment {
  headers?: Record<string, string>;
}
