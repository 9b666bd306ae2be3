import { readFileSync } from 'node:fs';
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** One tag per resource, in the order a reader meets them. */
const tags = [
  {
    name: 'accounts',
    description: 'People, the first-run setup, sign-in, sessions and API tokens.',
  },
  { name: 'sources', description: 'Configured origins of events. Secret config fields are write-only.' },
  { name: 'targets', description: 'Configured destinations. Secret config fields are write-only.' },
  { name: 'receivers', description: 'The addressees of a target, and test messages to them.' },
  { name: 'templates', description: 'Liquid templates per format, versioned.' },
  { name: 'rules', description: 'When an event matches, notify these receivers with this template.' },
  { name: 'events', description: 'What the sources reported.' },
  { name: 'deliveries', description: 'The outbox: one message to one receiver, with its attempts.' },
  {
    name: 'silences',
    description: "Don't notify a receiver (about some event types) until a time: drop or defer.",
  },
  {
    name: 'stats',
    description: "The dashboard's figures: per-minute counts, delivery states, failures and trouble.",
  },
  {
    name: 'streams',
    description:
      'Live Server-Sent Events of what commits (events, delivery states, health), resumable with `Last-Event-ID`.',
  },
  {
    name: 'topics',
    description:
      'Named streams rules publish to (`topic` targets) and apps subscribe to, with short-lived subscriber tokens.',
  },
  { name: 'kinds', description: 'The kinds of sources and channels, with their config schemas.' },
  { name: 'meta', description: 'This document.' },
  {
    name: 'ingress',
    description:
      "Where senders push events: `/hooks/{sourceId}` and the routes that speak another service's protocol " +
      '(ntfy, Gotify, Apprise, Slack, Discord), plus channel updates. Authenticated by the source or ' +
      "channel's own credentials, never by an API token; answers in the sender's dialect.",
  },
  { name: 'ui', description: 'The web UI: one page for every path outside the API, and its files.' },
  { name: 'health', description: 'Liveness and readiness, for load balancers and orchestrators.' },
];

/**
 * Collects every route's schemas into an OpenAPI 3.1 document: the API, the ingress and the health routes.
 * Call it on the root instance before any route is added: @fastify/swagger learns routes from an onRoute
 * hook, and being wrapped in fastify-plugin it sees this instance and every child. A route without a
 * schema still appears (with no summary), which the completeness test refuses.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    // Shared schemas (ErrorBody) keep their $id as their name under components.schemas.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'notify-bridge API',
        version,
        description:
          'Events in, notifications out. Every `/api/v1` endpoint but this document, setup and sign-in ' +
          'needs `Authorization: Bearer nbt_...` (an API token) or the session cookie of a sign-in; the ingress routes take the credentials of their source instead, ' +
          'and the health routes none. ' +
          'Errors have the body `{ error: { code, message, details?, requestId } }`. Lists are newest first; ' +
          'pass `nextCursor` back as `cursor` for the next page.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (nbt_...).' },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'nb_session',
            description:
              'The session cookie that sign-in sets. Requests that change something also need the ' +
              '`X-Notify-Bridge: 1` header and an `Origin` (or `Referer`) of this server.',
          },
        },
      },
      security: [{ bearerAuth: [] }],
      tags,
    },
  });
}

/**
 * `GET /openapi.json` on the instance it is called on (/api/v1). The document is public: it holds no data,
 * it describes what the source code already shows, and tools (client generators, Swagger UI) fetch it
 * before anyone has a token.
 */
export function openApiDocumentRoute(app: FastifyInstance): void {
  app.get(
    '/openapi.json',
    {
      schema: {
        tags: ['meta'],
        summary: 'This OpenAPI document',
        security: [],
        response: { 200: Type.Object({}, { additionalProperties: true, description: 'OpenAPI 3.1.' }) },
      },
    },
    // The document is built from the routes once the server is ready; swagger() caches it.
    async () => app.swagger(),
  );
}
