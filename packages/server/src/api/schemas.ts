import { type TSchema, Type } from 'typebox';
import { type ErrorCode, errorCodes } from '../errors.ts';

/**
 * Schemas shared by every resource: ids, timestamps, the error body and the page envelope. Plain JSON
 * Schema objects built with TypeBox, used by Fastify for validation and by @fastify/swagger for OpenAPI.
 */

/** Row ids are ULIDs; path parameters accept any short id so an unknown one is a clean 404. */
export const Id = Type.String({ minLength: 1, maxLength: 64, description: 'A ULID.' });
export const IdParams = Type.Object({ id: Id });

export const IsoTime = Type.String({ format: 'date-time', description: 'ISO-8601, UTC.' });
export const NullableIsoTime = Type.Union([IsoTime, Type.Null()]);

/** A JSON object whose shape depends on a kind (source config, channel address). */
export const JsonObject = Type.Record(Type.String(), Type.Unknown());

export const Name = Type.String({ minLength: 1, maxLength: 200 });

/**
 * The body of every error. Added once to the API instance (`addSchema`) and referenced by id from each
 * route, so the OpenAPI document holds it once, under components.schemas.
 */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.Enum(Object.keys(errorCodes) as ErrorCode[]),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
      requestId: Type.String(),
    }),
  },
  {
    $id: 'ErrorBody',
    description: 'Every error of the API has this body; `code` is one of the NB_ERR_* codes.',
  },
);

export const ErrorBodyRef = Type.Ref('ErrorBody');

/** `{ items, nextCursor }`; pass nextCursor back as `cursor` for the next (older) page. */
export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page.' }),
  });
}

/**
 * The error responses a route can give, keyed by HTTP status, for its `response` schema. Every route can
 * answer 403: a token without the scope the route needs.
 */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBodyRef> {
  const out: Record<number, typeof ErrorBodyRef> = {
    400: ErrorBodyRef,
    401: ErrorBodyRef,
    403: ErrorBodyRef,
  };
  for (const status of statuses) out[status] = ErrorBodyRef;
  return out;
}

export const NoContent = Type.Null({ description: 'No body.' });

export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function isoOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : iso(epochMs);
}
