/**
 * The public error codes of the API and the ingress endpoints. Each code has one HTTP status and one
 * meaning; the README's "Errors" table documents them. Messages say what to fix and never carry secrets.
 */
export const errorCodes = {
  NB_ERR_VALIDATION: {
    status: 400,
    meaning: 'The request does not match the schema; `details` names the field.',
  },
  NB_ERR_MALFORMED_BODY: { status: 400, meaning: 'The body could not be parsed as its Content-Type says.' },
  NB_ERR_UNAUTHORIZED: { status: 401, meaning: 'Credentials are missing or wrong.' },
  NB_ERR_SIGNATURE: {
    status: 401,
    meaning: 'The signature header is missing, stale or does not match the body.',
  },
  NB_ERR_SIGN_IN_FAILED: {
    status: 401,
    meaning:
      'An OpenID Connect sign-in failed a check (state, expiry, code, ID token); start the sign-in again.',
  },
  NB_ERR_FORBIDDEN: { status: 403, meaning: 'The credentials are valid but do not allow this.' },
  NB_ERR_SIGN_IN_DENIED: {
    status: 403,
    meaning:
      'The identity provider or proxy vouched for the person, but this server refuses them: not in an allowed group, or disabled.',
  },
  NB_ERR_NOT_FOUND: { status: 404, meaning: 'No such resource (or no such source for an ingress URL).' },
  NB_ERR_CONFLICT: {
    status: 409,
    meaning: 'The change conflicts with the current state (a name in use, a resource still referenced).',
  },
  NB_ERR_BODY_TOO_LARGE: { status: 413, meaning: 'The body is over the size cap of the source.' },
  NB_ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    meaning: 'The Content-Type is not one the endpoint accepts.',
  },
  NB_ERR_TEMPLATE: {
    status: 422,
    meaning: 'A template does not parse or render; `details` has the position.',
  },
  NB_ERR_TOO_MANY_ATTEMPTS: {
    status: 429,
    meaning: 'Too many failed sign-ins for this name or address; `Retry-After` says when to try again.',
  },
  NB_ERR_RATE_LIMITED: {
    status: 429,
    meaning: 'Too many requests of this kind from this address; `Retry-After` says when to try again.',
  },
  NB_ERR_TOO_MANY_STREAMS: {
    status: 429,
    meaning:
      'This user (or topic token) already holds as many open streams as NB_STREAM_MAX_PER_USER allows.',
  },
  NB_ERR_UNAVAILABLE: { status: 503, meaning: 'The service is starting or shutting down; retry later.' },
  NB_ERR_INTERNAL: {
    status: 500,
    meaning: 'A bug in notify-bridge; the log line with the request id has the cause.',
  },
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** An error meant for the caller: its code maps to an HTTP status and its message is safe to show. */
export class BridgeError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.details = details;
  }
}

/** A setting is missing or invalid; raised at start, before anything listens. */
export class ConfigError extends Error {
  readonly setting: string;

  constructor(setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}
