import type { StreamEntry } from '../stream-entry.ts';
import type { TextStreamFormat } from '../text-stream-sink.ts';
import { type NtfyMessage, ntfyControl, ntfyMessage } from './ntfy-message.ts';

export const ntfyStreamKinds = ['json', 'sse', 'raw'] as const;
export type NtfyStreamKind = (typeof ntfyStreamKinds)[number];

/** How each of ntfy's HTTP forms writes one message (ntfy's server.go handleSubscribeJSON/SSE/Raw). */
const encoders: Record<NtfyStreamKind, { contentType: string; encode(message: NtfyMessage): string }> = {
  json: {
    contentType: 'application/x-ndjson; charset=utf-8',
    encode: (message) => `${JSON.stringify(message)}\n`,
  },
  sse: {
    contentType: 'text/event-stream; charset=utf-8',
    // A message is the default event, so EventSource's onmessage fires; its id lets EventSource resume.
    encode: (message) =>
      message.event === 'message'
        ? `id: ${message.id}\ndata: ${JSON.stringify(message)}\n\n`
        : `event: ${message.event}\ndata: ${JSON.stringify(message)}\n\n`,
  },
  raw: {
    contentType: 'text/plain; charset=utf-8',
    // One line per message, its text only; every other event is an empty line.
    encode: (message) =>
      message.event === 'message' ? `${(message.message ?? '').replace(/\r?\n/g, ' ')}\n` : '\n',
  },
};

/** Each entry encoded once per form, however many subscribers read it. */
const encoded: Record<NtfyStreamKind, WeakMap<StreamEntry, string>> = {
  json: new WeakMap(),
  sse: new WeakMap(),
  raw: new WeakMap(),
};

export function ntfyEntryText(kind: NtfyStreamKind, entry: StreamEntry, topic: string): string {
  let text = encoded[kind].get(entry);
  if (text === undefined) {
    text = encoders[kind].encode(ntfyMessage(entry, topic));
    encoded[kind].set(entry, text);
  }
  return text;
}

/**
 * One of ntfy's forms as a text stream. ntfy has no words for a gap or a drop: a dropped subscriber's
 * connection just ends, and the ntfy apps reconnect with `since=` their last message id.
 */
export function ntfyStreamFormat(
  kind: NtfyStreamKind,
  topic: string,
  now: () => number,
  options: { open: boolean },
): TextStreamFormat {
  const { contentType, encode } = encoders[kind];
  return {
    contentType,
    open: options.open ? encode(ntfyControl('open', topic, now())) : '',
    entry: (entry) => ntfyEntryText(kind, entry, topic),
    keepalive: () => encode(ntfyControl('keepalive', topic, now())),
    gap: () => '',
    dropped: () => '',
  };
}

export function ntfyContentType(kind: NtfyStreamKind): string {
  return encoders[kind].contentType;
}
