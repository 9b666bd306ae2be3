/**
 * Form data as the bytes of a `multipart/form-data` body and the Content-Type naming its boundary, encoded
 * by the platform (each file part with its own type and a quoted, escaped file name), for the guarded
 * client, which sends bytes.
 */
export async function multipartBody(form: FormData): Promise<{ body: Uint8Array; contentType: string }> {
  const encoded = new Response(form);
  return {
    body: new Uint8Array(await encoded.arrayBuffer()),
    contentType: encoded.headers.get('content-type')!,
  };
}

/** A file part: bytes, type and name, as FormData takes them. */
export function filePart(bytes: Uint8Array, contentType: string): Blob {
  return new Blob([new Uint8Array(bytes)], { type: contentType });
}
