import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../domain/clock.ts';
import { BridgeError } from '../errors.ts';
import type { IngressHead, IngressRequest } from '../sources/source.ts';
import type { Ingestor } from './ingestor.ts';
import type { CachedSource, SourceCache } from './source-cache.ts';

export interface HooksRouteOptions {
  sources: SourceCache;
  ingestor: Ingestor;
  clock: Clock;
  maxBodyBytes: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    ingressSource?: CachedSource;
  }
}

/**
 * `POST /hooks/:sourceId` for push sources. In DESIGN.md §8's order: find the source, authenticate from
 * the headers, refuse an oversized Content-Length, read the raw body under the cap, verify signatures over
 * the raw bytes, parse, then answer 202 only after the event and its deliveries are committed.
 */
export async function hooksRoute(app: FastifyInstance, options: HooksRouteOptions): Promise<void> {
  // Bodies stay raw bytes here: signatures are computed over them, and each source kind parses its own.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: options.maxBodyBytes },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.post<{ Params: { sourceId: string } }>(
    '/hooks/:sourceId',
    {
      bodyLimit: options.maxBodyBytes,
      onRequest: async (request) => {
        const source = await options.sources.get(request.params.sourceId, options.clock.now());
        if (!source?.enabled || !source.kind.ingress) {
          throw new BridgeError(
            'NB_ERR_NOT_FOUND',
            `no enabled push source with id "${request.params.sourceId}"`,
          );
        }
        const head = ingressHead(request);
        const check = source.kind.ingress.authenticate(head, source.config as never, options.clock.now());
        if (!check.ok) throw new BridgeError(check.code, check.message);
        const cap = source.kind.ingress.maxBodyBytes?.(source.config as never) ?? options.maxBodyBytes;
        if (head.contentLength !== undefined && head.contentLength > Math.min(cap, options.maxBodyBytes)) {
          throw new BridgeError(
            'NB_ERR_BODY_TOO_LARGE',
            `body of ${head.contentLength} bytes is over this source's cap of ${cap} bytes`,
          );
        }
        request.ingressSource = source;
      },
    },
    async (request, reply) => handleHook(request, reply, options),
  );
}

async function handleHook(request: FastifyRequest, reply: FastifyReply, options: HooksRouteOptions) {
  const source = request.ingressSource!;
  const ingress = source.kind.ingress!;
  const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const cap = ingress.maxBodyBytes?.(source.config as never) ?? options.maxBodyBytes;
  if (rawBody.length > cap) {
    throw new BridgeError(
      'NB_ERR_BODY_TOO_LARGE',
      `body of ${rawBody.length} bytes is over this source's cap of ${cap} bytes`,
    );
  }
  const ingressRequest: IngressRequest = { ...ingressHead(request), rawBody };
  const verified = ingress.verify?.(ingressRequest, source.config as never, options.clock.now());
  if (verified && !verified.ok) throw new BridgeError(verified.code, verified.message);
  const parsed = ingress.parse(ingressRequest, source.config as never);
  if (!parsed.ok) throw new BridgeError(parsed.code, parsed.message);
  const results = await options.ingestor.ingest(source.id, parsed.events);
  const allDuplicates = results.length > 0 && results.every((r) => r.duplicate);
  const events = results.map((r) => ({ id: r.eventId, duplicate: r.duplicate, deliveries: r.deliveries }));
  const first = events[0];
  return reply.status(allDuplicates ? 200 : 202).send({
    id: first?.id ?? null,
    duplicate: allDuplicates,
    ...(events.length === 1 ? {} : { events }),
  });
}

function ingressHead(request: FastifyRequest): IngressHead {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const length = request.headers['content-length'];
  return {
    method: request.method,
    headers,
    query: request.query as Record<string, string | undefined>,
    contentLength: length === undefined ? undefined : Number(length),
  };
}
