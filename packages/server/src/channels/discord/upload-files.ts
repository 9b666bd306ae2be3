import type { RenderedMessage } from '../../render/message.ts';
import { type AttachmentFile, attachmentFile, isAttachmentFile } from '../attachment-bytes.ts';
import type { SendContext } from '../channel.ts';
import { filesMax, uploadBytesMax } from './execute-payload.ts';

export interface PlannedFiles {
  files: AttachmentFile[];
  /** Files left out, by index, and why; recorded as the attempt's detail. */
  skipped: { index: number; name: string | undefined; reason: string }[];
  /** A file could not be had now but may be later (5xx, network): worth another attempt. */
  later: boolean;
}

/**
 * The message's attachments as files for one execute-webhook request: the first 10 (Discord's limit per
 * message), each fetched under what is left of the 10 MiB the whole request may upload.
 */
export async function uploadFiles(
  ctx: Pick<SendContext<unknown, unknown>, 'http' | 'signal'>,
  message: RenderedMessage,
): Promise<PlannedFiles> {
  const planned: PlannedFiles = { files: [], skipped: [], later: false };
  let budget = uploadBytesMax;
  for (const [index, attachment] of message.attachments.entries()) {
    if (index >= filesMax) {
      planned.skipped.push({
        index,
        name: attachment.name,
        reason: `Discord takes ${filesMax} files per message`,
      });
      continue;
    }
    const file = await attachmentFile(ctx.http, attachment, index, budget, ctx.signal);
    if (!isAttachmentFile(file)) {
      planned.skipped.push({ index, name: attachment.name, reason: file.reason });
      planned.later ||= file.later === true;
      continue;
    }
    // Two files of one message must not share a name: attachment:// and the attachments list go by it.
    const taken = new Set(planned.files.map((f) => f.filename));
    const filename = taken.has(file.filename) ? `${index + 1}-${file.filename}` : file.filename;
    planned.files.push({ ...file, filename });
    budget -= file.bytes.length;
  }
  return planned;
}
