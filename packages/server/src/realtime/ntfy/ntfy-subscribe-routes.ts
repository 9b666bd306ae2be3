import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance } from 'fastify';
import { WebSocketServer } from 'ws';
import type { Database } from '../../db/open-database.ts';
import type { Clock } from '../../domain/clock.ts';
import { BridgeError } from '../../errors.ts';
import { classifyError, refusal } from '../../http/http-errors.ts';
import type { SecretBox } from '../../security/secret-box.ts';
import type { Logger } from '../../telemetry/logger.ts';
import type { StreamBroadcaster, StreamSink } from '../broadcaster.ts';
import { readEntries } from '../read-entries.ts';
import type { StreamEntry } from '../stream-entry.ts';
import { subscribeOver } from '../subscribe-over.ts';
import { textStreamSink } from '../text-stream-sink.ts';
import { authorizeSubscriber, subscribableTopic, type TopicRow } from '../topics/subscriber-access.ts';
import { ntfyToken } from './ntfy-credentials.ts';
import { ntfyContentType, ntfyEntryText, ntfyStreamFormat, ntfyStreamKinds } from './ntfy-formats.ts';
import { entryIdOf } from './ntfy-message.ts';
import { parseNtfySince } from './ntfy-since.ts';
import { ntfyWebSocketSink } from './ntfy-websocket.ts';
import { sincePosition } from './since-position.ts';

export interface NtfySubscribeOptions {
  database: Database;
  secretBox: SecretBox;
  clock: Clock;
  broadcaster: StreamBroadcaster;
  logger: Logger;
}

interface NtfyQuery {
  since?: string;
  poll?: string;
  auth?: string;
}

/** A poll answers what is stored, up to this many; ntfy's own cache is far smaller. */
const pollMax = 5000;

/**
 * ntfy's subscribe API on the ntfy port (NB_COMPAT_PORTS=ntfy=...), over notify-bridge topics: `GET
 * /<topic>/json`, `/sse`, `/raw` and `/ws`, with `since=` and `poll=1`, so an ntfy app subscribes to a
 * topic as if this were an ntfy server. GETs, so they never meet the port's publish routes (PUT/POST). Each
 * form is a StreamSink: catch-up, the cap, keepalives and dropping slow readers are the broadcaster's.
 */
export async function ntfySubscribeRoutes(
  app: FastifyInstance,
  options: NtfySubscribeOptions,
): Promise<void> {
  const now = () => options.clock.now();
  app.setErrorHandler((error: FastifyError | BridgeError, request, reply) => {
    const classified = classifyError(error);
    if (classified.status >= 500) request.log.error({ err: error }, 'ntfy subscription failed');
    else request.log.debug(refusal(classified), 'ntfy subscription refused');
    return reply.status(classified.status).send(ntfyError(classified.status, classified.message));
  });

  /** The topic, who holds the connection, and where to start: or the error a subscriber is answered. */
  const admit = async (
    topicName: string,
    headers: IncomingMessage['headers'],
    query: NtfyQuery,
    clientAddress: string,
    logger: Logger,
  ) => {
    const topic = await subscribableTopic(options.database, topicName);
    const { holder } = await authorizeSubscriber(options, topic, {
      token: ntfyToken(headers.authorization, query),
      clientAddress,
      now: now(),
      logger,
    });
    const poll = query.poll === '1' || query.poll === 'true';
    // EventSource resumes with the id of the last message it got, which the SSE form sends.
    const lastEventId = headers['last-event-id'];
    const resumeFrom = typeof lastEventId === 'string' ? entryIdOf(lastEventId) : undefined;
    const since =
      resumeFrom !== undefined
        ? { from: 'id' as const, after: resumeFrom }
        : parseNtfySince(query.since, poll, now());
    if (!since) {
      throw new BridgeError(
        'NB_ERR_VALIDATION',
        'since= must be a message id, a Unix time, a duration such as 10m, all, latest or none',
      );
    }
    return { topic, holder, poll, after: await sincePosition(options.database, topic.id, since) };
  };

  for (const kind of ntfyStreamKinds) {
    app.get<{ Params: { topic: string }; Querystring: NtfyQuery }>(
      `/:topic/${kind}`,
      {
        schema: {
          tags: ['ntfy'],
          summary: `ntfy subscribe: ${kind}`,
          description: `ntfy's /<topic>/${kind} over a notify-bridge topic (see the README).`,
          security: [],
        },
      },
      async (request, reply) => {
        const { topic, holder, poll, after } = await admit(
          request.params.topic,
          request.headers,
          request.query,
          request.ip,
          request.log as unknown as Logger,
        );
        if (poll) {
          const stored = after === undefined ? [] : await storedEntries(options.database, topic, after);
          return reply
            .type(ntfyContentType(kind))
            .send(stored.map((entry) => ntfyEntryText(kind, entry, topic.name)).join(''));
        }
        await subscribeOver(reply, options, { filter: { topicId: topic.id }, after, holder }, (r) =>
          textStreamSink(r.raw, options.clock, ntfyStreamFormat(kind, topic.name, now, { open: true })),
        );
      },
    );
  }

  // The ntfy apps ask this before subscribing with credentials, to tell a wrong password from a server error.
  app.get<{ Params: { topic: string }; Querystring: NtfyQuery }>(
    '/:topic/auth',
    { schema: { tags: ['ntfy'], summary: 'ntfy: check access to a topic', security: [] } },
    async (request) => {
      await admit(
        request.params.topic,
        request.headers,
        request.query,
        request.ip,
        request.log as unknown as Logger,
      );
      return { success: true };
    },
  );

  // The WebSocket form is an Upgrade, which never reaches a route; this answers a plain GET of its URL.
  app.get(
    '/:topic/ws',
    { schema: { tags: ['ntfy'], summary: 'ntfy subscribe: WebSocket', security: [] } },
    async () => {
      throw new BridgeError('NB_ERR_VALIDATION', 'this URL takes a WebSocket upgrade');
    },
  );

  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 4096 });
  app.server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/([^/]+)\/ws$/.exec(url.pathname);
    if (!match) {
      refuseUpgrade(socket, 404, 'page not found');
      return;
    }
    const query = Object.fromEntries(url.searchParams) as NtfyQuery;
    // A topic name needs no decoding (ntfy's charset); one that would is unknown, and answered so.
    admit(match[1]!, request.headers, query, request.socket.remoteAddress ?? '', options.logger)
      .then(({ topic, holder, poll, after }) => {
        sockets.handleUpgrade(request, socket, head, (ws) => {
          ws.on('error', () => ws.terminate());
          // What subscribers send is of no interest; ntfy's clients send nothing but pongs.
          ws.on('message', () => {});
          const sink = ntfyWebSocketSink(ws, socket, topic.name, now);
          if (poll) {
            void (
              after === undefined ? Promise.resolve([]) : storedEntries(options.database, topic, after)
            ).then(
              (stored) => {
                if (stored.length > 0) sink.send(stored);
                ws.close(1000, 'poll done');
              },
              (error: unknown) => {
                options.logger.warn({ err: error }, 'reading a topic for an ntfy poll failed');
                ws.close(1011, 'reading the topic failed');
              },
            );
            return;
          }
          subscribeWebSocket(options.broadcaster, ws, sink, { topic, holder, after });
        });
      })
      .catch((error: unknown) => {
        const classified = classifyError(error as BridgeError);
        refuseUpgrade(socket, classified.status, classified.message);
      });
  });
}

function subscribeWebSocket(
  broadcaster: StreamBroadcaster,
  ws: import('ws').WebSocket,
  sink: StreamSink,
  subscription: { topic: TopicRow; holder: string; after: number | undefined },
): void {
  let unsubscribe: (() => void) | undefined;
  let ended = false;
  ws.on('close', () => {
    ended = true;
    unsubscribe?.();
  });
  broadcaster
    .subscribe({
      filter: { topicId: subscription.topic.id },
      after: subscription.after,
      holder: subscription.holder,
      open: () => sink,
    })
    .then((stop) => {
      unsubscribe = stop;
      if (ended) stop();
    })
    .catch((error: unknown) => ws.close(1008, classifyError(error as BridgeError).message.slice(0, 120)));
}

async function storedEntries(database: Database, topic: TopicRow, after: number): Promise<StreamEntry[]> {
  return readEntries(database, { after, filter: { topicId: topic.id }, limit: pollMax });
}

/** ntfy's error body: `{"code": 40401, "http": 404, "error": "..."}` (server/errors.go). */
function ntfyError(status: number, message: string) {
  return { code: status * 100 + 1, http: status, error: message };
}

function refuseUpgrade(socket: Socket, status: number, message: string): void {
  const body = JSON.stringify(ntfyError(status, message));
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Error'}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
