import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { BridgeError } from '../errors.ts';
import type { StreamSink } from '../realtime/broadcaster.ts';
import { sseSink } from '../realtime/sse-sink.ts';
import { type OwnerStream, ownerStreams } from '../realtime/stream-entry.ts';
import type { StreamFilter } from '../realtime/stream-filter.ts';
import type { ApiOptions } from './api-options.ts';
import { errorResponses } from './schemas.ts';
import { scopeOf } from './scope.ts';

const StreamQuery = Type.Object({
  streams: Type.Optional(
    Type.String({
      maxLength: 100,
      description: `Comma-separated, of ${ownerStreams.join(', ')} (default: all three).`,
    }),
  ),
  since: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        'Resume after this entry id (as the `Last-Event-ID` header does, which wins when both are given).',
    }),
  ),
});

export const streamDescription = [
  'Server-Sent Events. Each entry is `id: <id>`, `event: <type>`, `data: {"id","stream","type","at","data"}`;',
  'ids increase in commit order and survive restarts, so reconnecting with `Last-Event-ID` (or `since`) gets',
  'every entry missed, in order, none twice. `: keepalive` comments come every NB_STREAM_HEARTBEAT_SECONDS.',
  'A resume from before the retention starts with `event: gap` (`{"after","oldest"}`); a subscriber that',
  'reads too slowly gets `event: dropped` (`{"reason","lastId"}`) and the stream ends.',
].join(' ');

/** A 200 that is a stream of Server-Sent Events, not JSON. */
export const eventStreamResponse = {
  description: 'A stream of Server-Sent Events (see the description).',
  content: { 'text/event-stream': { schema: Type.String() } },
};

/** /stream: the caller's own events, delivery state changes and health, live (admins: everyone's). */
export async function streamRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  app.get<{ Querystring: { streams?: string; since?: number } }>(
    '/stream',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['streams'],
        summary: 'Subscribe to your events, deliveries and health as they commit',
        description: streamDescription,
        querystring: StreamQuery,
        response: {
          200: eventStreamResponse,
          ...errorResponses(429),
        },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const filter: StreamFilter = { streams: streamsOf(request.query.streams), ownerId: scope.ownerId };
      await subscribeOver(reply, options, {
        filter,
        after: resumeAfter(request),
        holder: scope.principal.userId,
      });
    },
  );
}

/**
 * Opens the subscription and hands the response over to it until either side ends it. Errors before the
 * stream opened (the cap) are ordinary error answers.
 */
export async function subscribeOver(
  reply: FastifyReply,
  options: ApiOptions,
  subscription: { filter: StreamFilter; after: number | undefined; holder: string },
  open: (reply: FastifyReply) => StreamSink = (r) => sseSink(r.raw, options.clock),
): Promise<void> {
  let unsubscribe: (() => void) | undefined;
  let ended = false;
  reply.raw.on('close', () => {
    ended = true;
    unsubscribe?.();
  });
  unsubscribe = await options.broadcaster.subscribe({
    ...subscription,
    open: () => {
      reply.hijack();
      return open(reply);
    },
  });
  if (ended) unsubscribe();
}

function streamsOf(raw: string | undefined): OwnerStream[] {
  if (raw === undefined || raw === '') return [...ownerStreams];
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(ownerStreams as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new BridgeError(
      'NB_ERR_VALIDATION',
      `unknown stream "${unknown[0]}"; the streams are ${ownerStreams.join(', ')}`,
      [{ path: '/streams', message: 'unknown stream' }],
    );
  }
  return [...new Set(names)] as OwnerStream[];
}

/** The id to resume after: `Last-Event-ID` (what EventSource and the SDK send on reconnecting), else `since`. */
export function resumeAfter(
  request: FastifyRequest<{ Querystring: { since?: number } }>,
): number | undefined {
  const header = request.headers['last-event-id'];
  if (typeof header === 'string' && header !== '') {
    if (!/^\d{1,15}$/.test(header)) {
      throw new BridgeError('NB_ERR_VALIDATION', 'Last-Event-ID must be an entry id (a whole number)', [
        { path: 'Last-Event-ID', message: 'not an entry id' },
      ]);
    }
    return Number(header);
  }
  return request.query.since;
}
