import type { Readable } from 'node:stream';
import { HttpResponseTooLargeError } from './http-client.ts';

/**
 * Reads a response body into memory, destroying the stream (and so the connection) as soon as it passes
 * `maxBytes`. A declared Content-Length over the cap fails before any byte is read. Bodies are never
 * decoded (no Content-Encoding handling), so the cap counts bytes on the wire and a gzip bomb stays small.
 */
export async function readCappedBody(
  body: Readable,
  contentLength: string | string[] | undefined,
  maxBytes: number,
): Promise<Buffer> {
  const declared = typeof contentLength === 'string' ? Number(contentLength) : Number.NaN;
  if (declared > maxBytes) {
    body.destroy();
    throw new HttpResponseTooLargeError(maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    total += bytes.length;
    if (total > maxBytes) {
      body.destroy();
      throw new HttpResponseTooLargeError(maxBytes);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}
