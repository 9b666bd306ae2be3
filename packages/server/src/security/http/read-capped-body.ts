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
  // Events rather than `for await`: the async iterator cost more allocations than a small body.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    body.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        body.destroy();
        reject(new HttpResponseTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)));
    body.once('error', reject);
  });
}
