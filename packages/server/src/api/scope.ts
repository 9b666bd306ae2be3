import type { FastifyRequest } from 'fastify';
import { BridgeError } from '../errors.ts';
import type { Principal } from './auth.ts';

/**
 * Who is asking, and whose rows they may see: their own, or everyone's with the `admin` scope (which only an
 * admin's token can grant). Rows of another owner answer 404, not 403, so their ids cannot be probed.
 */
export interface Scope {
  principal: Principal;
  /** The owner id every query filters on, or undefined with the admin scope (no filter). */
  ownerId: string | undefined;
}

export function scopeOf(request: FastifyRequest): Scope {
  const principal = request.principal;
  // The bearer hook runs before every API route; a route without it is a wiring bug.
  if (!principal)
    throw new BridgeError('NB_ERR_UNAUTHORIZED', 'send an API token as "Authorization: Bearer nbt_..."');
  return { principal, ownerId: principal.granted === 'admin' ? undefined : principal.userId };
}

export function notFound(what: string, id: string): BridgeError {
  return new BridgeError('NB_ERR_NOT_FOUND', `no ${what} with id "${id}"`);
}
