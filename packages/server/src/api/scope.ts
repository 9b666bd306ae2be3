import type { FastifyRequest } from 'fastify';
import { BridgeError } from '../errors.ts';
import type { Principal } from './auth.ts';

/**
 * Who is asking, and whose rows they may see: members their own, admins everyone's. Rows another member
 * owns answer 404, not 403, so ids of other people's resources cannot be probed.
 */
export interface Scope {
  principal: Principal;
  /** The owner id every query filters on, or undefined for an admin (no filter). */
  ownerId: string | undefined;
}

export function scopeOf(request: FastifyRequest): Scope {
  const principal = request.principal;
  // The bearer hook runs before every API route; a route without it is a wiring bug.
  if (!principal)
    throw new BridgeError('NB_ERR_UNAUTHORIZED', 'send an API token as "Authorization: Bearer nb_..."');
  return { principal, ownerId: principal.role === 'admin' ? undefined : principal.userId };
}

export function notFound(what: string, id: string): BridgeError {
  return new BridgeError('NB_ERR_NOT_FOUND', `no ${what} with id "${id}"`);
}
