import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { lazySchemaCompilers } from './api/lazy-schema-compilers.ts';
import { registerOpenApi } from './api/openapi.ts';
import { apiRoutes } from './api/routes.ts';
import { type AuditSweeper, startAuditSweeps } from './auth/audit-retention.ts';
import { issueSetupToken } from './auth/first-admin.ts';
import { OidcSignIn } from './auth/oidc-sign-in.ts';
import { proxyHeaderIdentity } from './auth/proxy-headers.ts';
import { type Bootstrap, bootstrap } from './bootstrap.ts';
import { channelKind } from './channels/registry.ts';
import type { Config } from './config.ts';
import { migrateToLatest } from './db/migrate.ts';
import { type Database, openDatabase } from './db/open-database.ts';
import { Dispatcher } from './delivery/dispatcher.ts';
import { releaseStaleLeases } from './delivery/outbox/release.ts';
import { type Clock, systemClock } from './domain/clock.ts';
import { ConfigError } from './errors.ts';
import { closeConnectionsOnUnreadBodies } from './http/close-unread-bodies.ts';
import { installErrorHandler, requestIdFrom } from './http/http-errors.ts';
import { installJsonBodyParser } from './http/json-depth.ts';
import { type RegisteredRoute, recordRoutes } from './http/route-list.ts';
import { webUiRoutes } from './http/web-ui.ts';
import { newId } from './ids.ts';
import { InboundRunner } from './inbound/inbound-runner.ts';
import { updatesRoute } from './inbound/updates-route.ts';
import { hooksRoute } from './ingest/hooks-route.ts';
import { Ingestor } from './ingest/ingestor.ts';
import { Router } from './ingest/router.ts';
import { SourceCache } from './ingest/source-cache.ts';
import { SourceRefusals } from './ingest/source-refusals.ts';
import { loadNodeIdentity } from './node-identity.ts';
import { wakeupChannel } from './realtime/append-entries.ts';
import { StreamBroadcaster } from './realtime/broadcaster.ts';
import { compatSubscribers } from './realtime/compat-subscribers.ts';
import { postgresWakeups } from './realtime/postgres-wakeups.ts';
import { StreamRetention } from './realtime/retention.ts';
import { topicPublishers } from './realtime/topics/publish-to-topic.ts';
import { createRenderer, type Renderer } from './render/renderer.ts';
import type { HttpClient } from './security/http/http-client.ts';
import { createGuardedHttpClient } from './security/http/ssrf-guarded-client.ts';
import { loadSecretBox, type SecretBox } from './security/secret-box.ts';
import { socketDestinations } from './security/socket-destinations.ts';
import { attachmentHeaderFinder } from './sources/attachment-headers.ts';
import { deliveryDeadEvent, receiverDisabledEvent } from './sources/bridge/bridge-events.ts';
import { defaultTemplateFinder } from './sources/default-templates.ts';
import { logCredentialsOf } from './sources/log-credentials.ts';
import { sourceKind, sourceKinds } from './sources/registry.ts';
import type { SourceKind } from './sources/source.ts';
import { healthRoutes } from './telemetry/health-routes.ts';
import { createLogger, type Logger, withRequestCredentials } from './telemetry/logger.ts';
import { tracedHttpClient } from './telemetry/traced-http-client.ts';

export interface App {
  config: Config;
  http: FastifyInstance;
  database: Database;
  ingestor: Ingestor;
  dispatcher: Dispatcher;
  router: Router;
  broadcaster: StreamBroadcaster;
  boot: Bootstrap;
  /** While nobody can sign in: the one-time token of the setup link (`/setup#token=...`), valid 1 h. */
  setupToken: string | undefined;
  logger: Logger;
  /** This node's name in leases. */
  nodeId: string;
  /** Deletes audit entries past NB_AUDIT_RETENTION_DAYS, hourly on the clock. */
  auditSweeps: AuditSweeper;
  /** Every route the HTTP server has, as registered (the OpenAPI completeness test reads it). */
  routes: readonly RegisteredRoute[];
  /** Compiles every route schema not compiled yet (each is compiled on its route's first request). */
  compileSchemas(): number;
  /** Listens on config.host:config.port (and each of config.compatPorts); resolves with the bound address. */
  listen(): Promise<string>;
  /** Where a kind's own port (NB_COMPAT_PORTS) listens, once `listen` has resolved. */
  compatAddress(kind: string): string | undefined;
  /** Stops taking requests, lets in-flight sends finish (or releases them), closes the database. */
  close(): Promise<void>;
}

export interface AppOverrides {
  clock?: Clock;
  logger?: Logger;
  /** Where the app's own logger writes (stdout when absent); ignored when `logger` is given. */
  logDestination?: DestinationStream;
  http?: HttpClient;
  secretBox?: SecretBox;
}

/** The composition root: builds every service from the config, in dependency order. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const clock = overrides.clock ?? systemClock;
  const logger =
    overrides.logger ??
    createLogger({
      level: config.logLevel,
      destination: overrides.logDestination,
      credentials: logCredentialsOf(sourceKinds),
    });
  const compatKinds = compatPortKinds(config);
  const database = openDatabase(config.database);
  const migration = await migrateToLatest(database);
  if (migration.error) {
    await database.close();
    throw new Error(`migration ${migration.error.migration} failed: ${migration.error.message}`);
  }
  if (migration.applied.length > 0) logger.info({ applied: migration.applied }, 'database migrated');

  const secretBox =
    overrides.secretBox ?? loadSecretBox({ dataDir: config.dataDir, keyFromEnv: config.secretKey });
  const boot = await bootstrap(database, clock, config.adminToken);
  const setupToken = await issueSetupToken(database, clock.now());
  const guarded = overrides.http
    ? undefined
    : createGuardedHttpClient({
        allowPrivate: config.allowPrivate,
        // A target may be allowed as many parallel sends as the node makes; a smaller pool would queue them.
        connectionsPerPool: config.dispatch.concurrency,
        clock,
      });
  const http = tracedHttpClient(overrides.http ?? guarded!, logger);
  const renderer: Renderer = createRenderer({ timeoutMs: config.renderTimeoutMs });
  const router = new Router(database, sourceKinds, logger);
  await router.refresh();
  const sources = new SourceCache({ database, secretBox, sourceKind });

  const identity = loadNodeIdentity(config.dataDir);
  const nodeId = identity.id;
  if (identity.restarted) {
    const released = await releaseStaleLeases(database, nodeId, clock.now());
    if (released > 0) {
      logger.info({ nodeId, released }, 'deliveries this node held when it stopped are due again');
    }
  }
  const broadcaster = new StreamBroadcaster({
    database,
    clock,
    logger,
    heartbeatMs: config.streams.heartbeatMs,
    maxPerHolder: config.streams.maxPerUser,
    maxBufferedBytes: config.streams.maxBufferedBytes,
    ...(config.database.url
      ? {
          listen: postgresWakeups({
            url: config.database.url,
            channel: wakeupChannel(database),
            clock,
            logger,
          }),
        }
      : {}),
  });
  await broadcaster.start();
  const retention = new StreamRetention({
    database,
    clock,
    logger,
    retentionMs: config.streams.retentionMs,
    everyMs: 10 * 60_000,
  });
  let dispatcher: Dispatcher | undefined;
  const ingestor = new Ingestor({
    database,
    router,
    clock,
    logger,
    defaultMaxAttempts: config.dispatch.maxAttempts,
    dedupWindowMs: config.dedupWindowMs,
    bodyDedupWindowMs: config.bodyDedupWindowMs,
    onCommitted: (batch) => {
      if (batch.queued > 0) dispatcher?.wake();
      broadcaster.committed();
    },
    // New deliveries the dispatcher has room for start at once, without a claim.
    handoff: {
      reserve: (targetIds, now) =>
        dispatcher?.reserve(targetIds, now) ?? { taken: [], owner: nodeId, leaseUntil: now },
      adopt: (rows) => dispatcher?.adopt(rows),
      cancel: (targetIds) => dispatcher?.cancel(targetIds),
    },
  });
  dispatcher = new Dispatcher({
    database,
    clock,
    logger,
    sockets: socketDestinations({ allowPrivate: config.allowPrivate }),
    settings: config.dispatch,
    channelKind,
    renderer,
    defaultTemplate: defaultTemplateFinder(sourceKinds),
    attachmentHeaders: attachmentHeaderFinder(sourceKind, secretBox),
    http,
    secretBox,
    nodeId,
    timeZone: config.timeZone,
    onStreamEntries: () => broadcaster.committed(),
    topicsOf: topicPublishers({ database, clock, onPublished: () => broadcaster.committed() }),
    // A dead delivery's bridge events, and the deliveries their rules make, commit with its outcome.
    onDead: async (trx, deaths) => {
      const events = deaths.flatMap((dead) => {
        const made = [deliveryDeadEvent(dead, boot.bridgeSourceId), receiverDisabledEvent(dead)].filter(
          (event) => event !== undefined,
        );
        if (made.length === 0) {
          logger.error(
            { deliveryId: dead.deliveryId },
            'a delivery.dead notification itself died; not re-notifying',
          );
        }
        return made;
      });
      return events.length > 0 ? ingestor.ingestWithin(trx, boot.bridgeSourceId, events) : undefined;
    },
  });
  const inbound = new InboundRunner({
    database,
    clock,
    logger,
    http,
    secretBox,
    channelKind,
    nodeId,
    scanMs: config.inboundScanMs,
    publicUrl: config.publicUrl,
    onSilencesEnded: () => dispatcher?.wake(),
  });
  const ruleRefresh = setInterval(() => {
    router.refresh().catch((error: unknown) => logger.warn({ err: error }, 'refreshing rules failed'));
  }, 5000);
  ruleRefresh.unref();

  const schemas = lazySchemaCompilers();
  const httpServer = (serverLogger: Logger) => {
    const instance = Fastify({
      loggerInstance: serverLogger as FastifyBaseLogger,
      // A misspelt field must be an error the caller sees, not silently dropped.
      ajv: { customOptions: { removeAdditional: false } },
      schemaController: { compilersFactory: schemas.compilersFactory as never },
      requestIdHeader: false,
      genReqId: (request) => requestIdFrom(request.headers['x-request-id'], newId),
      bodyLimit: config.maxBodyBytes,
      // The client's address, scheme and host through the proxies trusted to sign people in (and only
      // from them): lockouts and the audit log then see the client, not the proxy.
      ...(config.proxyAuth ? { trustProxy: [...config.proxyAuth.trustedProxies] } : {}),
    });
    instance.addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
    installErrorHandler(instance);
    closeConnectionsOnUnreadBodies(instance);
    return instance;
  };
  const hooks = {
    sources,
    sourceKinds,
    ingestor,
    clock,
    maxBodyBytes: config.maxBodyBytes,
    refusals: new SourceRefusals(database, logger),
  };
  const server = httpServer(logger);
  // Parses the Cookie header for the session (api/auth.ts); no signing: the session token is random.
  await server.register(fastifyCookie);
  installJsonBodyParser(server);
  // Both learn routes as they are added, so they come before every route.
  const routes = recordRoutes(server);
  await registerOpenApi(server);
  await server.register(healthRoutes, { database, dispatcherRunning: () => dispatcher.running });
  await server.register(hooksRoute, hooks);
  // A compatibility API at the root of a port of its own serves nothing else, so no route of ours can clash.
  const compatServers: { kind: string; port: number; server: FastifyInstance; address?: string }[] = [];
  for (const [kind, port] of compatKinds) {
    const compat = httpServer(withRequestCredentials(logger, logCredentialsOf(sourceKinds, kind)));
    await compat.register(hooksRoute, { ...hooks, ownPortOf: kind });
    const subscribe = compatSubscribers.get(kind.kind);
    if (subscribe) await compat.register(subscribe, { database, secretBox, clock, broadcaster, logger });
    compatServers.push({ kind: kind.kind, port, server: compat });
  }
  await server.register(updatesRoute, { database, runner: inbound, channelKind });
  await server.register(apiRoutes, {
    prefix: '/api/v1',
    database,
    clock,
    secretBox,
    router,
    renderer,
    ingestor,
    dispatcher,
    sources,
    http,
    boot,
    dispatch: config.dispatch,
    sessions: config.sessions,
    publicUrl: config.publicUrl,
    broadcaster,
    subscriberTokenTtl: config.streams.subscriberTokenTtl,
    oidc: config.oidc && new OidcSignIn({ settings: config.oidc, database, clock, secretBox, http }),
    proxyIdentity: config.proxyAuth && proxyHeaderIdentity(config.proxyAuth),
    effective: config.effective ?? [],
  });

  await server.register(webUiRoutes, { dir: fileURLToPath(new URL('../../web/build/', import.meta.url)) });

  dispatcher.start();
  inbound.start();
  retention.start();
  const auditSweeps = startAuditSweeps({ database, clock, retentionMs: config.auditRetentionMs, logger });
  let closed = false;
  return {
    config,
    http: server,
    database,
    ingestor,
    dispatcher,
    router,
    broadcaster,
    boot,
    setupToken,
    logger,
    nodeId,
    auditSweeps,
    routes,
    compileSchemas: () => schemas.compileAll(),
    async listen() {
      const address = await server.listen({ host: config.host, port: config.port });
      for (const compat of compatServers) {
        compat.address = await compat.server.listen({ host: config.host, port: compat.port });
        logger.info({ kind: compat.kind, address: compat.address }, 'compatibility port listening');
      }
      return address;
    },
    compatAddress: (kind) => compatServers.find((compat) => compat.kind === kind)?.address,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(ruleRefresh);
      // Open streams would hold the server's close until their clients went away.
      retention.stop();
      await broadcaster.stop();
      auditSweeps.stop();
      await server.close();
      for (const compat of compatServers) await compat.server.close();
      await inbound.stop();
      await dispatcher.stop();
      await renderer.close();
      await guarded?.close();
      await auditSweeps.lastSweep;
      await database.close();
    },
  };
}

/** The kinds NB_COMPAT_PORTS names, each with its port; a kind without an own-port API is a config error. */
function compatPortKinds(config: Config): [SourceKind, number][] {
  const able = sourceKinds.filter((kind) => kind.ingress?.routes?.some((route) => route.ownPortUrl));
  return Object.entries(config.compatPorts).map(([name, port]) => {
    const kind = able.find((candidate) => candidate.kind === name);
    if (!kind) {
      const names = able.map((candidate) => candidate.kind).join(', ');
      throw new ConfigError(
        'NB_COMPAT_PORTS',
        `"${name}" has no API to serve on a port of its own; kinds that have one: ${names}`,
      );
    }
    if (port !== 0 && port === config.port)
      throw new ConfigError(
        'NB_COMPAT_PORTS',
        `${name}'s port ${port} is PORT, the main port; choose another`,
      );
    return [kind, port];
  });
}
