/**
 * The one HTTP client for user-configured URLs. Implementations refuse destinations in private ranges
 * unless the operator allowed them, pin the connection to the address they checked, and cap response
 * size and time. See ssrf-guarded-client.ts.
 */
export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Whole-request budget, connect to last byte. */
  timeoutMs?: number;
  /** Bodies past this are cut off and the request fails with HttpResponseTooLargeError. */
  maxResponseBytes?: number;
  /** `error`: a 3xx is returned as is (the caller treats it as a failure); `follow`: re-checked hop by hop. */
  redirect?: 'error' | 'follow';
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

export interface HttpClient {
  request(url: string, init?: HttpRequest): Promise<HttpResponse>;
}

/** The destination is not allowed (scheme, credentials in the URL, or an address in a refused range). Permanent. */
export class HttpBlockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HttpBlockedError';
  }
}

/** The network failed: DNS, connect, reset, timeout. Usually worth a retry. */
export class HttpTransportError extends Error {
  readonly timedOut: boolean;

  constructor(message: string, options: { timedOut?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'HttpTransportError';
    this.timedOut = options.timedOut ?? false;
  }
}

/** The far side answered with more bytes than the caller allows. */
export class HttpResponseTooLargeError extends Error {
  constructor(limit: number) {
    super(`response body is larger than ${limit} bytes`);
    this.name = 'HttpResponseTooLargeError';
  }
}
