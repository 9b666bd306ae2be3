import { InputFile, type Transformer } from 'grammy';

/** Bytes to upload under a file name, with the content type their source served them as. */
export class TypedFile extends InputFile {
  readonly bytes: Uint8Array;
  readonly contentType: string;

  constructor(bytes: Uint8Array, filename: string, contentType: string) {
    super(bytes, filename);
    this.bytes = bytes;
    this.contentType = contentType;
  }
}

/**
 * grammY writes every uploaded part as application/octet-stream under an unquoted file name (payload.js,
 * filePart), so Telegram learns neither the type nor a name with a space or `;` in it. A call that uploads
 * a TypedFile is encoded here instead, as the standard multipart form data `FormData` makes: each part with
 * its own Content-Type and a quoted, escaped file name. Other calls go on to grammY unchanged.
 */
export function typedUploads(fetchFn: typeof fetch, methodUrl: (method: string) => string): Transformer {
  return async (prev, method, payload, signal) => {
    const form = formDataOf(payload as Record<string, unknown>);
    if (!form) return prev(method, payload, signal);
    const encoded = new Response(form);
    // No signal: the guarded fetch stops on the delivery's own (see guarded-fetch.ts).
    const response = await fetchFn(methodUrl(method), {
      method: 'POST',
      headers: { 'content-type': encoded.headers.get('content-type')! },
      body: new Uint8Array(await encoded.arrayBuffer()),
    });
    // The answer is read as grammY reads it; its shape is checked where it is used (bot-answer.ts).
    return (await response.json()) as never;
  };
}

/**
 * The payload as form data, or undefined when it uploads no TypedFile. A file that is a parameter of its
 * own goes as that parameter's part; one inside a value (an album's InputMedia) as `attach://<part>`
 * (core.telegram.org/bots/api#inputfile).
 */
function formDataOf(payload: Record<string, unknown>): FormData | undefined {
  const form = new FormData();
  const attached: TypedFile[] = [];
  const attach = (value: unknown): unknown => {
    if (value instanceof TypedFile) return `attach://file${attached.push(value) - 1}`;
    if (Array.isArray(value)) return value.map(attach);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, each]) => [key, attach(each)]));
    }
    return value;
  };
  let uploads = false;
  for (const [key, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (value instanceof TypedFile) {
      form.append(key, blobOf(value), value.filename);
      uploads = true;
      continue;
    }
    const text = attach(value);
    form.append(key, typeof text === 'object' ? JSON.stringify(text) : String(text));
  }
  if (!uploads && attached.length === 0) return undefined;
  for (const [n, file] of attached.entries()) form.append(`file${n}`, blobOf(file), file.filename);
  return form;
}

function blobOf(file: TypedFile): Blob {
  return new Blob([file.bytes], { type: file.contentType });
}
