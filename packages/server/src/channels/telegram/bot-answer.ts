/**
 * Reads the answer of a Bot API call that succeeded. Telegram documents its shapes
 * (core.telegram.org/bots/api#message), but a proxy, a self-hosted server of another version or a fake may
 * answer otherwise; the message went out all the same, so an odd answer costs a message id or a cached
 * file_id, never the delivery.
 */

function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The id of the Message a send answered with. */
export function sentMessageId(answer: unknown): number | undefined {
  const id = recordOf(answer)?.message_id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}

/** The file_id Telegram gave the file a Message carries: the largest photo size, or the one file. */
export function sentFileId(answer: unknown): string | undefined {
  const message = recordOf(answer);
  if (!message) return undefined;
  const largestPhoto = Array.isArray(message.photo) ? message.photo.at(-1) : undefined;
  for (const file of [largestPhoto, message.video, message.animation, message.audio, message.document]) {
    const id = recordOf(file)?.file_id;
    if (typeof id === 'string' && id !== '') return id;
  }
  return undefined;
}

/** The Messages sendMediaGroup answered with, one per item; an answer that is no list gives none. */
export function albumMessages(answer: unknown): unknown[] {
  return Array.isArray(answer) ? answer : [];
}
