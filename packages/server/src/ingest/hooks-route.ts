import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../domain/clock.ts';
import { BridgeError } from '../errors.ts';
import { classifyError, errorBody, refusal } from '../http/http-errors.ts';
import type {
  IngressHead,
  IngressRequest,
  IngressRoute,
  SourceIngress,
  SourceKind,
} from '../sources/source.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { Ingestor } from './ingestor.ts';
import { ingressAnswer } from './ingress-answer.ts';
import { hashIngressKey } from './ingress-key.ts';
import type { CachedSource, SourceCache } from './source-cache.ts';
import type { SourceRefusals } from './source-refusals.ts';

export interface HooksRouteOptions {
  sources: SourceCache;
  sourceKinds: readonly SourceKind[];
  ingestor: Ingestor;
  clock: Clock;
  maxBodyBytes: number;
  refusals: SourceRefusals;
  /**
   * Serve only this kind's routes, each at its `ownPortUrl`: a port of the kind's own (`NB_COMPAT_PORTS`),
   * where the paths are the real service's and nothing of the bridge's can clash with them.
   */
  ownPortOf?: SourceKind;
}

declare module 'fastify' {
  interface FastifyRequest {
    ingressSource?: CachedSource;
    /** The source at this address, authenticated or not: whose page a refusal shows on. */
    ingressAddressed?: CachedSource;
    /** The kind whose route this is, so errors can be answered in its dialect. */
    ingressKind?: SourceKind;
    /** The request's head as source kinds see it, built once per request. */
    ingressHead?: IngressHead;
  }
}

type Locate = (request: FastifyRequest, head: IngressHead) => Promise<CachedSource | null>;
type LocateByBody = (request: FastifyRequest, rawBody: Buffer) => Promise<CachedSource | null>;

/**
 * The ingress endpoints: `POST /hooks/:sourceId` for every push kind, plus the routes a kind declares for
 * senders that speak another service's protocol. In DESIGN.md §8's order: find the source, authenticate
 * from the headers, refuse an oversized Content-Length, read the raw body under the cap, verify signatures
 * over the raw bytes, parse, then answer only after the event and its deliveries are committed.
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
  app.setErrorHandler(async (error: FastifyError | BridgeError, request, reply) => {
    const classified = classifyError(error);
    if (classified.status >= 500) request.log.error({ err: error }, 'ingress request failed');
    else request.log.debug(refusal(classified), 'ingress request refused');
    const addressed = request.ingressAddressed;
    if (addressed && classified.status < 500) {
      await options.refusals.record(
        addressed,
        { code: classified.code, message: classified.message },
        options.clock.now(),
      );
    }
    const dialect = request.ingressKind?.ingress?.respondError;
    if (dialect) {
      const answer = dialect(classified);
      return reply
        .status(answer.status)
        .headers(answer.headers ?? {})
        .send(answer.body);
    }
    return reply
      .status(classified.status)
      .send(errorBody(classified.code, classified.message, request.id, classified.details));
  });

  const kinds = options.ownPortOf ? [options.ownPortOf] : options.sourceKinds;
  if (!options.ownPortOf) {
    const byId: Locate = (request) =>
      options.sources.get((request.params as { sourceId: string }).sourceId, options.clock.now());
    route(app, options, ['POST'], '/hooks/:sourceId', byId, undefined, {
      summary: 'Post an event to a push source',
      description:
        'Any push kind (webhook, the forges, Alertmanager, Planka) at its source id. Authenticated by the ' +
        "source's own credentials (bearer, basic or a signature over the raw body), checked before the body is " +
        'read. Answers `202 {"id", "duplicate": false}` once the event and its deliveries are committed, ' +
        '`200 {"id", "duplicate": true, "dedup": {"by", "of", "windowSeconds", "until"}}` for a repeat: `by` is ' +
        '`key` for the same delivery id (kept NB_DEDUP_WINDOW_HOURS) or `body` for the same body without one ' +
        "(kept the source's bodyDedupWindowMinutes), `of` the earlier event's id, `until` when a repeat is a " +
        'new event again (null: never).',
    });
  }

  for (const kind of kinds) {
    for (const extra of kind.ingress?.routes ?? []) {
      const url = options.ownPortOf ? extra.ownPortUrl : extra.url;
      if (url === undefined) continue;
      const locate: Locate = async (request, head) => {
        request.ingressKind = kind;
        const key = extra.key(request.params as Record<string, string>, head);
        if (!key) return null;
        return options.sources.getByKey(kind.kind, hashIngressKey(key), options.clock.now());
      };
      const keyFromBody = extra.keyFromBody;
      const locateByBody: LocateByBody | undefined = keyFromBody
        ? async (_request, rawBody) => {
            const key = keyFromBody(rawBody);
            return key ? options.sources.getByKey(kind.kind, hashIngressKey(key), options.clock.now()) : null;
          }
        : undefined;
      route(app, options, extra.methods, url, locate, locateByBody, compatibilityDoc(kind, extra));
    }
  }
}

interface RouteDoc {
  summary: string;
  description: string;
}

/** The OpenAPI entry of a kind's own route, from what the kind declares, so a new route is documented too. */
function compatibilityDoc(kind: SourceKind, route: IngressRoute): RouteDoc {
  return {
    summary: route.summary ?? `${kind.kind} compatibility: ${route.url}`,
    description:
      `${kind.description} Finds its \`${kind.kind}\` source by the key in the request, authenticates with ` +
      "that source's credentials and answers in the sender's own protocol (see the README).",
  };
}

function route(
  app: FastifyInstance,
  options: HooksRouteOptions,
  methods: readonly string[],
  url: string,
  locate: Locate,
  locateByBody: LocateByBody | undefined,
  doc: RouteDoc,
): void {
  app.route({
    method: [...methods] as ('POST' | 'PUT' | 'GET')[],
    url,
    // Documentation only: no body, params or response schema, so nothing is validated or serialised here
    // (each kind checks and answers in its own dialect).
    schema: { tags: ['ingress'], ...doc, security: [] },
    bodyLimit: options.maxBodyBytes,
    onRequest: async (request) => {
      const head = ingressHead(request);
      const source = await locate(request, head);
      // The protocol names the source in the body: find and authenticate it once the body is read.
      if (!source && locateByBody) return;
      const admitted = admit(request, source, head, options);
      const cap = Math.min(
        admitted.ingress.maxBodyBytes?.(admitted.source.config as never) ?? options.maxBodyBytes,
        options.maxBodyBytes,
      );
      if (head.contentLength !== undefined && head.contentLength > cap) {
        throw new BridgeError(
          'NB_ERR_BODY_TOO_LARGE',
          `body of ${head.contentLength} bytes is over this source's cap of ${cap} bytes`,
        );
      }
    },
    handler: async (request, reply) => {
      if (!request.ingressSource && locateByBody) {
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        admit(request, await locateByBody(request, rawBody), ingressHead(request), options);
      }
      return handleIngress(request, reply, options);
    },
  });
}

/** Checks that the source takes pushes and the request's headers authenticate; remembers the source. */
function admit(
  request: FastifyRequest,
  source: CachedSource | null,
  head: IngressHead,
  options: HooksRouteOptions,
): { source: CachedSource; ingress: SourceIngress<unknown> } {
  if (!source?.enabled || !source.kind.ingress) {
    throw new BridgeError('NB_ERR_NOT_FOUND', 'no enabled push source at this address');
  }
  request.ingressKind = source.kind;
  request.ingressAddressed = source;
  const check = source.kind.ingress.authenticate(head, source.config as never, options.clock.now());
  if (!check.ok) throw new BridgeError(check.code, check.message);
  request.ingressSource = source;
  request.log.trace(
    { sourceId: source.id, kind: source.kind.kind },
    'ingress source found and authenticated',
  );
  return { source, ingress: source.kind.ingress };
}

async function handleIngress(request: FastifyRequest, reply: FastifyReply, options: HooksRouteOptions) {
  const source = request.ingressSource!;
  const ingress = source.kind.ingress!;
  const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const cap = Math.min(
    ingress.maxBodyBytes?.(source.config as never) ?? options.maxBodyBytes,
    options.maxBodyBytes,
  );
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
  const events = results.map((r) => ({
    id: r.eventId,
    duplicate: r.duplicate,
    ...(r.dedup ? { dedup: r.dedup } : {}),
  }));
  if ((request.log as Logger).isLevelEnabled('debug')) {
    const duplicates = events.filter((e) => e.duplicate).length;
    request.log.debug({ sourceId: source.id, events: events.length, duplicates }, 'ingress committed');
  }
  const answer = ingress.respond
    ? ingress.respond(
        { events, parsed: parsed.events, receivedAt: options.clock.now() },
        ingressRequest,
        source.config as never,
      )
    : ingressAnswer({ events });
  return reply
    .status(answer.status)
    .headers(answer.headers ?? {})
    .send(answer.body);
}

function ingressHead(request: FastifyRequest): IngressHead {
  request.ingressHead ??= headOf(request);
  return request.ingressHead;
}

function headOf(request: FastifyRequest): IngressHead {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const length = request.headers['content-length'];
  return {
    method: request.method,
    path: request.url.split('?')[0]!,
    headers,
    query: request.query as Record<string, string | undefined>,
    contentLength: length === undefined ? undefined : Number(length),
  };
}
