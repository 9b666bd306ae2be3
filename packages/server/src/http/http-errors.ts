import type { FastifyError, FastifyInstance } from 'fastify';
import { BridgeError, type ErrorCode, errorCodes } from '../errors.ts';

/** The one error body of every endpoint: `{ error: { code, message, details?, requestId } }`. */
export function errorBody(code: ErrorCode, message: string, requestId: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }), requestId } };
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'NB_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'NB_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'NB_ERR_MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'NB_ERR_MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'NB_ERR_MALFORMED_BODY',
};

/** A thrown error as our code, HTTP status, message and details. Unknown errors hide their text. */
export function classifyError(error: FastifyError | BridgeError): {
  code: ErrorCode;
  status: number;
  message: string;
  details?: unknown;
} {
  if (error instanceof BridgeError) {
    return { code: error.code, status: error.status, message: error.message, details: error.details };
  }
  if (error.validation) {
    const details = error.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
    const message = `invalid ${error.validationContext ?? 'request'}: ${error.message}`;
    return { code: 'NB_ERR_VALIDATION', status: 400, message, details };
  }
  const mapped = error.code ? fastifyCodes[error.code] : undefined;
  if (mapped) return { code: mapped, status: errorCodes[mapped].status, message: error.message };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const code: ErrorCode = error.statusCode === 404 ? 'NB_ERR_NOT_FOUND' : 'NB_ERR_VALIDATION';
    return { code, status: error.statusCode, message: error.message };
  }
  return {
    code: 'NB_ERR_INTERNAL',
    status: 500,
    message: 'internal error; see the server log for this request id',
  };
}

/** A refused request's log fields: why, in the words the caller got (which hold no secrets). */
export function refusal(classified: { code: string; status: number; message: string }) {
  return { code: classified.code, status: classified.status, reason: classified.message };
}

/** Maps every thrown error to our codes; unknown errors become NB_ERR_INTERNAL without their text. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | BridgeError, request, reply) => {
    const { code, status, message, details } = classifyError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug(refusal({ code, status, message }), 'request refused');
    return reply.status(status).send(errorBody(code, message, request.id, details));
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(
        errorBody('NB_ERR_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`, request.id),
      );
  });
}

/** Keeps a caller's X-Request-Id when it is a sane token, so logs can be joined across services. */
export function requestIdFrom(header: string | string[] | undefined, fallback: () => string): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return fallback();
  const normalised = value.trim();
  // Too long is refused, not cut: a truncated id would no longer match the caller's own logs.
  return normalised.length <= 64 && /^[A-Za-z0-9._:-]+$/.test(normalised) ? normalised : fallback();
}
