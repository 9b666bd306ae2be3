import type { RenderedMessage } from '../render/message.ts';

/**
 * The first image attachment the far side (or the phone) can fetch by itself: a public http(s) URL. One that
 * needs the source's credentials, or inline bytes, cannot go by reference.
 */
export function publicImageUrl(message: RenderedMessage): string | undefined {
  return message.attachments.find(
    (a) => a.url && !a.headers && /^https?:\/\//.test(a.url) && (a.contentType ?? '').startsWith('image/'),
  )?.url;
}
