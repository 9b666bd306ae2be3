import type { ChannelInbound, ChannelKind, InboundContext } from '../channels/channel.ts';
import type { Database } from '../db/open-database.ts';
import { channelState } from '../delivery/channel-state.ts';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import { parseJson } from '../json.ts';
import type { HttpClient } from '../security/http/http-client.ts';
import { openFields, type SecretBox } from '../security/secret-box.ts';
import type { Logger } from '../telemetry/logger.ts';
import { inboundServices } from './inbound-services.ts';
import { holdLease, releaseLease } from './leases.ts';

export interface InboundRunnerOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  http: HttpClient;
  secretBox: SecretBox;
  channelKind(kind: string): ChannelKind | undefined;
  nodeId: string;
  /** How often target changes are picked up and leases renewed. */
  scanMs: number;
  /** NB_PUBLIC_URL: where the far side can reach this service, for push updates. */
  publicUrl: string | undefined;
  /** Called when a command ended silences, so deferred deliveries go out at once. */
  onSilencesEnded?(): void;
}

interface Running {
  version: number;
  controller: AbortController;
  done: Promise<void>;
}

/** A run that ended by itself (a revoked token, an unreachable server) waits before the next try. */
interface Backoff {
  version: number;
  failures: number;
  notBefore: number;
}

const maxBackoffMs = 5 * 60_000;

/** The path a target's push updates arrive on; the route lives in inbound/updates-route.ts. */
export const updatesPath = (targetId: string) => `/channels/${targetId}/updates`;

/**
 * Runs the listening side of two-way channels (a bot's long polling) for every enabled target whose kind
 * has one, on exactly one node per target: each run holds a lease renewed every scan and stops when the
 * lease is lost, the target changes or is disabled, or the node shuts down. A run that ends by itself is
 * started again on a later scan.
 */
export class InboundRunner {
  readonly #o: InboundRunnerOptions;
  readonly #running = new Map<string, Running>();
  readonly #backoff = new Map<string, Backoff>();
  #timer: TimerHandle | undefined;
  #scanning: Promise<void> | undefined;
  #stopped = false;

  constructor(options: InboundRunnerOptions) {
    this.#o = options;
  }

  get #leaseMs(): number {
    return this.#o.scanMs * 3;
  }

  start(): void {
    const tick = () => {
      this.#scanning = this.scan()
        .catch((error: unknown) => this.#o.logger.error({ err: error }, 'scanning two-way channels failed'))
        .finally(() => {
          if (!this.#stopped) this.#timer = this.#o.clock.setTimeout(tick, this.#o.scanMs);
        });
    };
    tick();
  }

  /** One pass: start what should run here, stop what should not, renew the leases of the rest. */
  async scan(): Promise<void> {
    const { database, clock, nodeId } = this.#o;
    const targets = await database.db
      .selectFrom('targets')
      .select(['id', 'kind', 'config', 'updated_at'])
      .where('enabled', '=', 1)
      .execute();
    const wanted = new Map(
      targets.filter((t) => this.#o.channelKind(t.kind)?.inbound).map((t) => [t.id, t] as const),
    );
    for (const [id, running] of this.#running) {
      const target = wanted.get(id);
      const keep =
        target?.updated_at === running.version &&
        !running.controller.signal.aborted &&
        (await holdLease(database, leaseName(id), nodeId, clock.now(), this.#leaseMs));
      if (!keep) await this.#stopOne(id);
    }
    for (const target of wanted.values()) {
      if (this.#stopped || this.#running.has(target.id)) continue;
      const backoff = this.#backoff.get(target.id);
      if (backoff?.version === target.updated_at && backoff.notBefore > clock.now()) continue;
      if (!(await holdLease(database, leaseName(target.id), nodeId, clock.now(), this.#leaseMs))) continue;
      this.#startOne(target);
    }
  }

  #startOne(target: { id: string; kind: string; config: string; updated_at: number }): void {
    const channel = this.#o.channelKind(target.kind)!;
    const controller = new AbortController();
    const logger = this.#o.logger.child({ targetId: target.id, channel: channel.kind });
    const ctx = this.context(channel, target, controller.signal, logger);
    const startedAt = this.#o.clock.now();
    const done = (channel.inbound as ChannelInbound<unknown>)
      .run(ctx)
      .then(
        () => {
          if (!controller.signal.aborted) this.#ranOut(target, startedAt, logger);
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          logger.error({ err: error }, 'two-way channel stopped with an error');
          this.#ranOut(target, startedAt, logger);
        },
      )
      .finally(() => controller.abort());
    this.#running.set(target.id, { version: target.updated_at, controller, done });
  }

  #ranOut(target: { id: string; updated_at: number }, startedAt: number, logger: Logger): void {
    const now = this.#o.clock.now();
    const earlier = this.#backoff.get(target.id);
    // A run that lasted a while was healthy: start counting again.
    const failures =
      earlier?.version === target.updated_at && now - startedAt < maxBackoffMs ? earlier.failures + 1 : 1;
    const waitMs = Math.min(maxBackoffMs, this.#o.scanMs * 2 ** (failures - 1));
    this.#backoff.set(target.id, { version: target.updated_at, failures, notBefore: now + waitMs });
    logger.warn({ failures, waitMs }, 'two-way channel ended; starting it again after a pause');
  }

  async #stopOne(id: string): Promise<void> {
    const running = this.#running.get(id);
    if (!running) return;
    this.#running.delete(id);
    running.controller.abort(new Error('stopped'));
    await running.done;
    await releaseLease(this.#o.database, leaseName(id), this.#o.nodeId);
  }

  /** The context a channel's inbound side works in: its config unsealed, its state, its queries. */
  context(
    channel: ChannelKind,
    target: { id: string; config: string },
    signal: AbortSignal,
    logger: Logger,
  ): InboundContext<unknown> {
    const { database, clock, http, secretBox, publicUrl } = this.#o;
    return {
      targetId: target.id,
      config: openFields(secretBox, parseJson(target.config), channel.secretFields, {
        table: 'targets',
        rowId: target.id,
      }),
      http,
      logger,
      clock,
      signal,
      state: channelState(database, target.id, clock),
      services: inboundServices(database, target.id, clock, () => this.#o.onSilencesEnded?.()),
      webhookUrl: publicUrl ? `${publicUrl.replace(/\/+$/, '')}${updatesPath(target.id)}` : undefined,
    };
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#o.clock.clearTimeout(this.#timer);
    await this.#scanning;
    await Promise.all([...this.#running.keys()].map((id) => this.#stopOne(id)));
  }
}

const leaseName = (targetId: string) => `inbound:${targetId}`;
