import type { StreamEntry } from '../stream-entry.ts';

/**
 * Topic entries as ntfy's subscribers read them (docs.ntfy.sh/subscribe/api/, "JSON message format"), so the
 * ntfy apps and scripts written for ntfy can subscribe to a notify-bridge topic. Ids are `nb<entry id>`: ntfy
 * reads a number in `since=` as a Unix time, so an id must not look like one.
 */
export interface NtfyMessage {
  id: string;
  time: number;
  event: 'open' | 'keepalive' | 'message';
  topic: string;
  message?: string;
  title?: string;
  priority?: number;
  tags?: string[];
  click?: string;
  attachment?: { name: string; url: string; type?: string; size?: number };
  content_type?: 'text/markdown';
}

export function ntfyId(entryId: number): string {
  return `nb${entryId}`;
}

/** The entry id an ntfy id names, or undefined when it is none of ours. */
export function entryIdOf(id: string): number | undefined {
  return /^nb\d{1,15}$/.test(id) ? Number(id.slice(2)) : undefined;
}

/** `open` and `keepalive` carry no message; ntfy gives them fresh random ids, the time will do for ours. */
export function ntfyControl(event: 'open' | 'keepalive', topic: string, now: number): NtfyMessage {
  return { id: `nbc${now.toString(36)}`, time: Math.floor(now / 1000), event, topic };
}

export function ntfyMessage(entry: StreamEntry, topic: string): NtfyMessage {
  const data = (typeof entry.data === 'object' && entry.data !== null ? entry.data : {}) as Record<
    string,
    unknown
  >;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string).trim() : '');
  const title = text('title');
  const body = text('body');
  const attachment = firstAttachment(data.attachments);
  const tags = Array.isArray(data.tags) ? data.tags.filter((tag) => typeof tag === 'string') : [];
  const priority = data.priority;
  return {
    id: ntfyId(entry.id),
    time: Math.floor(entry.createdAt / 1000),
    event: 'message',
    topic,
    // ntfy always has a message; the title stands in for an empty body, as ntfy publishers do.
    message: body === '' ? title : body,
    ...(body !== '' && title !== '' ? { title } : {}),
    ...(typeof priority === 'number' && priority >= 1 && priority <= 5 ? { priority } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(text('url') !== '' ? { click: text('url') } : {}),
    ...(attachment ? { attachment } : {}),
    ...(data.format === 'markdown' ? { content_type: 'text/markdown' as const } : {}),
  };
}

/** ntfy messages carry one attachment: the first of ours, by URL. */
function firstAttachment(raw: unknown): NtfyMessage['attachment'] {
  if (!Array.isArray(raw)) return undefined;
  const first = raw.find((a) => typeof a === 'object' && a !== null && typeof a.url === 'string');
  if (!first) return undefined;
  const url = first.url as string;
  return {
    // ntfy names an attachment by URL after its last path segment when the publisher gave no name.
    name: typeof first.name === 'string' && first.name !== '' ? first.name : lastSegment(url),
    url,
    ...(typeof first.contentType === 'string' ? { type: first.contentType } : {}),
    ...(typeof first.size === 'number' ? { size: first.size } : {}),
  };
}

function lastSegment(url: string): string {
  const segment = URL.canParse(url) ? new URL(url).pathname.split('/').filter(Boolean).at(-1) : undefined;
  return segment ? decodeURIComponent(segment) : 'attachment';
}
