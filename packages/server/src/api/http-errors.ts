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

/** Maps every thrown error to our codes; unknown errors become NB_ERR_INTERNAL without their text. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | BridgeError, request, reply) => {
    if (error instanceof BridgeError) {
      return reply.status(error.status).send(errorBody(error.code, error.message, request.id, error.details));
    }
    if (error.validation) {
      const details = error.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
      return reply
        .status(400)
        .send(
          errorBody(
            'NB_ERR_VALIDATION',
            `invalid ${error.validationContext ?? 'request'}: ${error.message}`,
            request.id,
            details,
          ),
        );
    }
    const mapped = error.code ? fastifyCodes[error.code] : undefined;
    if (mapped)
      return reply.status(errorCodes[mapped].status).send(errorBody(mapped, error.message, request.id));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const code: ErrorCode = error.statusCode === 404 ? 'NB_ERR_NOT_FOUND' : 'NB_ERR_VALIDATION';
      return reply.status(error.statusCode).send(errorBody(code, error.message, request.id));
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send(
        errorBody('NB_ERR_INTERNAL', 'internal error; see the server log for this request id', request.id),
      );
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
  const normalised = value.trim().slice(0, 64);
  return /^[A-Za-z0-9._:-]+$/.test(normalised) ? normalised : fallback();
}
