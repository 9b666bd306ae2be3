/**
 * The errors this package throws, split by who failed (as grammY does): the server answered with an
 * error (`ApiError`, which carries the server's code and request id), or it answered something that is
 * not the protocol (`StreamProtocolError`). A failed network is fetch's own TypeError, passed through.
 */

import type { components } from './generated/api-schema.ts';

/** The server's error body: `{ error: { code, message, details?, requestId } }`. */
export type ErrorBody = components['schemas']['ErrorBody'];

/** The server's public error codes, `NB_ERR_...`, each documented in its README's "Errors" table. */
export type ErrorCode = ErrorBody['error']['code'];

export class ApiError extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** `NB_ERR_...`, or undefined when the answer had no error body (a proxy's page, say). */
  readonly code: ErrorCode | undefined;
  /** Quote it when reporting a problem: the server's log line for the request has it. */
  readonly requestId: string | undefined;
  readonly details: unknown;

  constructor(status: number, body: unknown) {
    const error = isErrorBody(body) ? body.error : undefined;
    super(error ? `${error.code}: ${error.message}` : `the server answered HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = error?.code;
    this.requestId = error?.requestId;
    this.details = error?.details;
  }

  /** The error of a response that is not ok, its body read (and so consumed) if it is the server's JSON. */
  static async from(response: Response): Promise<ApiError> {
    let body: unknown;
    try {
      body = (response.headers.get('content-type') ?? '').includes('json')
        ? await response.json()
        : undefined;
    } catch {
      body = undefined;
    }
    if (body === undefined) await response.body?.cancel().catch(() => {});
    return new ApiError(response.status, body);
  }
}

/** The stream answered, but not with Server-Sent Events of notify-bridge entries. */
export class StreamProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamProtocolError';
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
