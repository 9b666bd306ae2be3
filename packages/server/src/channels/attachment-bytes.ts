import type { OutgoingAttachment } from '../render/message.ts';
import type { HttpClient } from '../security/http/http-client.ts';
import { HttpResponseTooLargeError, HttpTransportError } from '../security/http/http-client.ts';

/** An attachment's bytes, ready to upload under a file name. */
export interface AttachmentFile {
  bytes: Buffer;
  filename: string;
  contentType: string;
}

/** Why a file could not be had; `later` when another attempt may get it (5xx, 408/429, network). */
export interface AttachmentUnavailable {
  reason: string;
  later?: boolean;
}

/**
 * The bytes of one attachment for a channel that uploads files: inline data as it is, a URL fetched
 * through the guarded client under `maxBytes`. A URL that needs the source's credentials is fetched
 * without following redirects, which would carry them to another origin.
 */
export async function attachmentFile(
  http: HttpClient,
  attachment: OutgoingAttachment,
  index: number,
  maxBytes: number,
  signal: AbortSignal,
): Promise<AttachmentFile | AttachmentUnavailable> {
  const filename = safeFileName(attachment.name ?? nameFromUrl(attachment.url)) ?? `file-${index + 1}`;
  const tooLarge = {
    reason: `larger than the ${Math.floor(maxBytes / (1024 * 1024))} MB the channel accepts`,
  };
  if (attachment.data !== undefined) {
    const bytes = Buffer.from(attachment.data, 'base64');
    if (bytes.length > maxBytes) return tooLarge;
    return { bytes, filename, contentType: attachment.contentType ?? 'application/octet-stream' };
  }
  if (!attachment.url) return { reason: 'the attachment has neither a URL nor data' };
  try {
    const response = await http.request(attachment.url, {
      maxResponseBytes: maxBytes,
      ...(attachment.headers ? { headers: attachment.headers, redirect: 'error' } : { redirect: 'follow' }),
      signal,
    });
    if (response.status < 200 || response.status >= 300) {
      const later = response.status >= 500 || response.status === 408 || response.status === 429;
      return { reason: `download failed: HTTP ${response.status}`, ...(later ? { later } : {}) };
    }
    const served = response.headers['content-type']?.split(';')[0]?.trim();
    return {
      bytes: response.body,
      filename,
      contentType: attachment.contentType ?? (served || 'application/octet-stream'),
    };
  } catch (error) {
    if (signal.aborted) throw error;
    if (error instanceof HttpResponseTooLargeError) return tooLarge;
    if (error instanceof HttpTransportError)
      return { reason: `download failed: ${error.message}`, later: true };
    return { reason: `download failed: ${(error as Error).message}` };
  }
}

export function isAttachmentFile(value: AttachmentFile | AttachmentUnavailable): value is AttachmentFile {
  return 'bytes' in value;
}

/** The last segment of a URL's path, decoded: the name a file had where it came from. */
export function nameFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).at(-1);
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

/** A name the far sides take as it is: no path, no quotes or control characters, at most 100 characters. */
function safeFileName(name: string | undefined): string | undefined {
  const cleaned = name
    ?.split(/[\\/]/)
    .at(-1)
    ?.replace(/[^\w.\- ]+/g, '_')
    .trim()
    .slice(-100);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : undefined;
}
