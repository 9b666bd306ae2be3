import { setImmediate } from 'node:timers/promises';
import type { ChannelKind, DeliveryError, SendOutcome } from '../channels/channel.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/open-database.ts';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { BridgeEvent } from '../domain/event.ts';
import { isLastAttempt, nextAttempt } from '../domain/retry-policy.ts';
import { newId } from '../ids.ts';
import type { OutgoingAttachment, RenderedMessage, TemplateBodies } from '../render/message.ts';
import type { Renderer, RenderResult } from '../render/renderer.ts';
import type { HttpClient } from '../security/http/http-client.ts';
import { openFields, type SecretBox } from '../security/secret-box.ts';
import { type SocketDestinations, socketDestinations } from '../security/socket-destinations.ts';
import { childOnDemand, type Logger } from '../telemetry/logger.ts';
import { ChannelConnections } from './channel-connections.ts';
import { channelState } from './channel-state.ts';
import type { DeliveryAbout } from './delivery-entries.ts';
import type { Gate } from './gates/gate.ts';
import { rateLimitGate } from './gates/rate-limit-gate.ts';
import { ruleDedupGate } from './gates/rule-dedup-gate.ts';
import { type GatesDecision, gates, runGates } from './gates/run-gates.ts';
import { type ChannelServices, invokeChannel } from './invoke-channel.ts';
import { type DispatchContext, loadDispatchContexts } from './load-dispatch-context.ts';
import { claimDueDeliveries, type DeliveryRow, nextDueAt } from './outbox/claim-due.ts';
import type { Transition } from './outbox/record-outcomes.ts';
import { releaseDeliveries } from './outbox/release.ts';
import { renewLease } from './outbox/renew-lease.ts';
import { type OnDead, OutcomeWriter } from './outcome-writer.ts';
import { SharedRenders } from './shared-renders.ts';
import { TargetLimiter } from './target-limiter.ts';

export interface DispatcherOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  settings: Config['dispatch'];
  channelKind(kind: string): ChannelKind | undefined;
  renderer: Renderer;
  /** Credentials the event's source has for fetching one of its attachments (sources/attachment-headers.ts). */
  attachmentHeaders?(
    source: { id: string; kind: string; config: string },
    url: string,
  ): Record<string, string> | undefined;
  /** The source kind's own template for an event type, for rules that name none. */
  defaultTemplate?(sourceKind: string, eventType: string): TemplateBodies | null;
  http: HttpClient;
  secretBox: SecretBox;
  /** Identifies this node in leases. */
  nodeId: string;
  /** Writes what dead deliveries make (the bridge's events), inside the transaction of their outcomes. */
  onDead?: OnDead;
  /** After a commit that stored stream entries (delivery states, health). */
  onStreamEntries?: () => void;
  /** How `topic` targets publish (ChannelServices.topicsOf). */
  topicsOf?: ChannelServices['topicsOf'];
  random?: () => number;
  /** The instance's zone, for quiet hours that name none on a receiver without one. Default UTC. */
  timeZone?: string;
  /** The SSRF guard for channels with sockets of their own; default: every private address refused. */
  sockets?: SocketDestinations;
}

/**
 * Claims due deliveries under a lease and sends them, up to `concurrency` at once and each target's own
 * limit. Every outcome is one guarded transition (record-outcome.ts). `wake()` is called after an ingest
 * commit so new work starts at once; otherwise the loop sleeps until the next due time or the poll interval.
 */
export class Dispatcher {
  readonly #o: DispatcherOptions;
  readonly #channelServices: ChannelServices;
  readonly #gates: readonly Gate[];
  readonly #limiter = new TargetLimiter();
  readonly #outcomes: OutcomeWriter;
  readonly #renders = new SharedRenders();
  /** Unsealed target configs by the parsed config object a loaded batch shares (#openConfig). */
  readonly #openedConfigs = new WeakMap<object, Readonly<Record<string, unknown>>>();
  /** An event's attachments with their fetch credentials, by the event object a loaded batch shares. */
  readonly #attachmentsWithCredentials = new WeakMap<BridgeEvent, OutgoingAttachment[]>();
  /** Deliveries this node holds, by id: the row as last claimed, and the work sending it. */
  readonly #inFlight = new Map<string, { row: DeliveryRow; work: Promise<void> }>();
  /** Deliveries held per target (in flight, waiting for the target's slots, or reserved). */
  readonly #heldPerTarget = new Map<string, number>();
  /** Each target's concurrency as the last claim or loaded context saw it. */
  readonly #targetConcurrency = new Map<string, number>();
  /** How long a send to each target has taken lately (a moving average, ms). */
  readonly #sendMs = new Map<string, number>();
  readonly #shutdown = new AbortController();
  /** One controller per send in flight, so shutdown can abort them all. */
  readonly #sending = new Set<AbortController>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #woken = false;
  /** New deliveries were committed since the last claim: worth a claim even with few free slots. */
  #newWork = true;
  /**
   * The last claim found fewer due deliveries than it asked for: until new work is committed, or the sleep
   * ends on its timer (a due time or the poll interval), another claim would find none, so a finished
   * send does not start one.
   */
  #drained = false;
  /** When the last claim also looked for expired leases. */
  #expiredCheckedAt = Number.NEGATIVE_INFINITY;
  /** Slots promised to deliveries the ingestor is committing already leased to this node (reserve). */
  #reserved = 0;
  #adopted = 0;
  #claimed = 0;

  constructor(options: DispatcherOptions) {
    this.#o = options;
    const { database, http, clock } = options;
    const connections = new ChannelConnections({
      sockets: options.sockets ?? socketDestinations(),
      clock,
      logger: options.logger,
    });
    this.#channelServices = {
      stateOf: (targetId) => channelState(database, targetId, clock),
      http,
      clock,
      sendTimeoutMs: options.settings.sendTimeoutMs,
      connections,
      ...(options.topicsOf ? { topicsOf: options.topicsOf } : {}),
    };
    this.#gates = [
      ...gates,
      ruleDedupGate(database),
      rateLimitGate(database, options.channelKind, (context, channel) => this.#openConfig(context, channel)),
    ];
    this.#outcomes = new OutcomeWriter({
      database: options.database,
      clock: options.clock,
      logger: options.logger,
      onDead: options.onDead,
      onStreamEntries: options.onStreamEntries,
    });
  }

  get #claimBatch(): number {
    return Math.max(1, Math.floor(this.#o.settings.concurrency / 2));
  }

  get running(): boolean {
    return this.#running;
  }

  /** How this node reaches channels; a test send goes through the same, open connections included. */
  get channelServices(): ChannelServices {
    return this.#channelServices;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run().catch((error: unknown) => {
      this.#o.logger.fatal({ err: error }, 'dispatcher loop crashed');
      this.#running = false;
    });
  }

  /** New deliveries are due (after an ingest commit): claim them now. */
  wake(): void {
    this.#newWork = true;
    this.#nudge();
  }

  /**
   * Direct dispatch: takes up to `wanted` of the deliveries an ingest is about to commit, which it then
   * inserts already leased to this node, so they start without a claim. Every slot promised here comes
   * back through adopt() or cancel().
   */
  reserve(
    targetIds: readonly string[],
    now: number,
  ): { taken: readonly boolean[]; owner: string; leaseUntil: number } {
    const free = this.#running ? this.#free() : 0;
    let count = 0;
    const taken = targetIds.map((targetId) => {
      if (count === free || this.#roomFor(targetId) <= 0) return false;
      count++;
      this.#hold(targetId, 1);
      return true;
    });
    this.#reserved += count;
    return { taken, owner: this.#o.nodeId, leaseUntil: now + this.#o.settings.leaseMs };
  }

  /** The reserved deliveries, committed: they start now (or go back to the queue if this is stopping). */
  adopt(rows: DeliveryRow[]): void {
    this.#reserved -= rows.length;
    if (rows.length === 0) return;
    if (!this.#running) {
      for (const row of rows) this.#hold(row.target_id, -1);
      releaseDeliveries(
        this.#o.database,
        rows.map((row) => row.id),
        this.#o.nodeId,
        this.#o.clock.now(),
      ).catch((error: unknown) =>
        this.#o.logger.warn({ err: error }, 'releasing handed-over deliveries at shutdown failed'),
      );
      return;
    }
    this.#adopted += rows.length;
    this.#begin(rows);
  }

  /** The ingest that reserved slots for deliveries to these targets did not commit. */
  cancel(targetIds: readonly string[]): void {
    this.#reserved -= targetIds.length;
    for (const targetId of targetIds) this.#hold(targetId, -1);
  }

  /** Deliveries in flight and reserved, and how many started by direct dispatch and by claims. */
  stats(): { inFlight: number; reserved: number; adopted: number; claimed: number } {
    return {
      inFlight: this.#inFlight.size,
      reserved: this.#reserved,
      adopted: this.#adopted,
      claimed: this.#claimed,
    };
  }

  #free(): number {
    return this.#o.settings.concurrency - this.#inFlight.size - this.#reserved;
  }

  /**
   * How many more deliveries to one target this node may hold: as many as its slots can start within a
   * lease. A row held longer would wait past its lease and be claimed again (another attempt counted,
   * the copy here giving up at #leaseLastsTheSend), and it would keep slots from other targets. Each send
   * is assumed to take four times as long as sends to the target took lately (at most the send timeout);
   * a target not timed yet, a tenth of the send timeout, and one slot if its concurrency is unknown too.
   */
  #roomFor(targetId: string, concurrency = this.#targetConcurrency.get(targetId) ?? 1): number {
    const { leaseMs, sendTimeoutMs } = this.#o.settings;
    const recent = this.#sendMs.get(targetId);
    const sendMs = recent === undefined ? sendTimeoutMs / 10 : Math.min(sendTimeoutMs, 4 * recent);
    const cap = Math.max(1, Math.floor(concurrency)) * Math.max(1, Math.floor(leaseMs / Math.max(1, sendMs)));
    return cap - (this.#heldPerTarget.get(targetId) ?? 0);
  }

  #hold(targetId: string, delta: number): void {
    const held = (this.#heldPerTarget.get(targetId) ?? 0) + delta;
    if (held > 0) this.#heldPerTarget.set(targetId, held);
    else this.#heldPerTarget.delete(targetId);
    // A target that had no room has some again: a claim may now find its rows.
    if (delta < 0 && this.#roomFor(targetId) === 1) this.#drained = false;
  }

  /** Targets this node holds all it may of; a claim does not look at their rows. */
  #targetsWithoutRoom(): string[] {
    const full: string[] = [];
    for (const targetId of this.#heldPerTarget.keys()) {
      if (this.#roomFor(targetId) <= 0) full.push(targetId);
    }
    return full;
  }

  /**
   * Starts leased deliveries: one query loads the contexts of all of them (and one their receivers'
   * silences); rows it cannot load stay leased and come back when the lease ends. Each takes its slot at
   * once, before its context is loaded.
   */
  #begin(rows: readonly DeliveryRow[]): void {
    if (rows.length === 0) return;
    const contexts = loadDispatchContexts(
      this.#o.database,
      rows,
      this.#o.clock.now(),
      this.#o.timeZone ?? 'UTC',
    ).catch((error: unknown) => {
      this.#o.logger.error({ err: error }, 'loading claimed deliveries failed; they retry after their lease');
      return new Map<string, DispatchContext>();
    });
    for (const row of rows) {
      const entry = { row, work: Promise.resolve() };
      entry.work = contexts
        .then((loaded) => {
          const context = loaded.get(row.id);
          // Deleted under us (its receiver or target was removed), or not loadable right now.
          return context ? this.#dispatch(entry, context) : undefined;
        })
        .finally(() => {
          this.#inFlight.delete(row.id);
          this.#hold(row.target_id, -1);
          this.#nudge();
        });
      this.#inFlight.set(row.id, entry);
    }
  }

  /**
   * The claimed rows this node does not hold yet. A claim can take back a row this node still holds (its
   * lease ran out while it waited for its target): the copy in flight then sends it under the new claim.
   */
  #newlyHeld(claimed: readonly DeliveryRow[]): DeliveryRow[] {
    const rows: DeliveryRow[] = [];
    for (const row of claimed) {
      const held = this.#inFlight.get(row.id);
      if (held) {
        held.row = row;
        continue;
      }
      this.#hold(row.target_id, 1);
      rows.push(row);
    }
    return rows;
  }

  #nudge(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Stops claiming; in-flight sends get until the deadline, then are aborted and released to other nodes. */
  async stop(timeoutMs = this.#o.settings.shutdownTimeoutMs): Promise<void> {
    if (this.#running) await this.#drain(timeoutMs);
    await this.#channelServices.connections.closeAll();
  }

  /** Stops claiming and waits for the sends in flight, aborting them after `timeoutMs`. */
  async #drain(timeoutMs: number): Promise<void> {
    this.#running = false;
    this.#nudge();
    await this.#loop;
    const allDone = Promise.allSettled([...this.#inFlight.values()].map((entry) => entry.work));
    const { clock } = this.#o;
    let deadline: TimerHandle | undefined;
    const timedOut = await Promise.race([
      allDone.then(() => false),
      new Promise<boolean>((resolve) => {
        deadline = clock.setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clock.clearTimeout(deadline);
    if (timedOut) {
      this.#shutdown.abort(new Error('shutting down'));
      for (const controller of this.#sending) controller.abort(this.#shutdown.signal.reason);
      await allDone;
    }
  }

  async #run(): Promise<void> {
    const { settings } = this.#o;
    while (this.#running) {
      // The SQLite driver settles its promises at once, so without this a loop that finds nothing to do
      // would spin on microtasks and starve the sockets whose answers it waits for.
      await setImmediate();
      this.#woken = false;
      const free = this.#free();
      let claimed: DeliveryRow[] = [];
      // Claim in batches when slots free up (one claim per freed slot would cost a durable commit per
      // delivery), but at once when new work arrived, so a quiet system answers in milliseconds.
      const worthClaiming = !this.#drained || this.#newWork;
      if (
        worthClaiming &&
        (free >= this.#claimBatch || (free > 0 && (this.#newWork || this.#inFlight.size === 0)))
      ) {
        this.#newWork = false;
        const now = this.#o.clock.now();
        // Expired leases (a node died mid-send) are rare: looking once per poll interval finds them in
        // time, and saves a statement on every claim of a busy dispatcher.
        const expired = now - this.#expiredCheckedAt >= settings.pollIntervalMs;
        if (expired) this.#expiredCheckedAt = now;
        try {
          const claim = await claimDueDeliveries(this.#o.database, {
            owner: this.#o.nodeId,
            now,
            leaseMs: settings.leaseMs,
            limit: free,
            expired,
            skipTargetIds: this.#targetsWithoutRoom(),
            room: (targetId, concurrency) => {
              this.#targetConcurrency.set(targetId, concurrency);
              return this.#roomFor(targetId, concurrency);
            },
          });
          claimed = claim.rows;
          this.#drained = claim.exhausted;
        } catch (error) {
          this.#o.logger.error(
            { err: error },
            'claiming deliveries failed; retrying after the poll interval',
          );
        }
      }
      this.#claimed += claimed.length;
      this.#begin(this.#newlyHeld(claimed));
      // More was due than this claim took (some targets had no room, and are skipped from now on).
      if (claimed.length > 0 && (claimed.length === free || !this.#drained)) continue;
      if (!this.#running) continue;
      if (this.#woken && (free >= this.#claimBatch || (this.#newWork && free > 0))) continue;
      await this.#sleep(await this.#sleepMs());
    }
  }

  async #sleepMs(): Promise<number> {
    const poll = this.#o.settings.pollIntervalMs;
    // Too few free slots to claim a batch: the next finished send wakes the loop.
    const free = this.#free();
    if (free === 0 || (free < this.#claimBatch && this.#inFlight.size > 0 && !this.#newWork)) return poll;
    const due = await nextDueAt(this.#o.database).catch(() => undefined);
    if (due === undefined) return poll;
    return Math.max(0, Math.min(poll, due - this.#o.clock.now()));
  }

  async #sleep(ms: number): Promise<void> {
    if (this.#woken) return;
    if (ms <= 0) {
      this.#drained = false;
      return;
    }
    const { clock } = this.#o;
    await new Promise<void>((resolve) => {
      const timer = clock.setTimeout(() => {
        this.#drained = false;
        done();
      }, ms);
      function done() {
        clock.clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = undefined;
  }

  async #dispatch(held: { row: DeliveryRow }, context: DispatchContext): Promise<void> {
    const { row } = held;
    this.#targetConcurrency.set(context.target.id, context.target.concurrency);
    const dispatchId = newId();
    const logger = childOnDemand(this.#o.logger, {
      dispatchId,
      deliveryId: row.id,
      eventId: row.event_id,
      attempt: row.attempts,
    });
    const startedAt = this.#o.clock.now();
    try {
      // The gates, before the target's limiter and the renderer: a held delivery costs one write.
      const gated = await runGates(context, startedAt, this.#gates);
      if (gated.action !== 'send') {
        await this.#holdBack(row, context, gated, { dispatchId, startedAt, logger });
        return;
      }
      const release = await this.#limiter.acquire(context.target.id, context.target.concurrency);
      try {
        if (!(await this.#leaseLastsTheSend(held.row))) {
          logger.info('lease taken by another claim while waiting for the target; not sending');
          return;
        }
        const sendStarted = this.#o.clock.now();
        const outcome = this.#shutdown.signal.aborted
          ? undefined
          : await this.#send(held.row, context, logger, gated.silent);
        const sendMs = this.#o.clock.now() - sendStarted;
        const average = this.#sendMs.get(context.target.id);
        this.#sendMs.set(context.target.id, average === undefined ? sendMs : 0.8 * average + 0.2 * sendMs);
        if (!outcome || this.#shutdown.signal.aborted) {
          // Cut short by shutdown: not the far side's fault, so hand it back without counting an attempt.
          await releaseDeliveries(this.#o.database, [row.id], this.#o.nodeId, this.#o.clock.now());
          logger.info('delivery released at shutdown');
          return;
        }
        await this.#finish(held.row, context, outcome, { dispatchId, startedAt, logger, notes: gated.notes });
      } finally {
        release();
      }
    } catch (error) {
      // A bug or a database failure: the lease runs out and another try happens; never crash the loop.
      logger.error({ err: error }, 'dispatching a delivery failed');
    }
  }

  /**
   * Makes sure the lease outlasts the send about to start (it may have waited for the target's slots):
   * extended when less than halfway between the send timeout and a whole lease is left, which a send
   * started soon after its claim never needs. False: another claim took the row meanwhile.
   */
  async #leaseLastsTheSend(row: DeliveryRow): Promise<boolean> {
    const { leaseMs, sendTimeoutMs } = this.#o.settings;
    const now = this.#o.clock.now();
    if ((row.lease_until ?? 0) - now >= (sendTimeoutMs + leaseMs) / 2) return true;
    const leaseUntil = now + leaseMs;
    const renewed = await renewLease(
      this.#o.database,
      { id: row.id, owner: this.#o.nodeId, attempts: row.attempts },
      leaseUntil,
      now,
    );
    if (renewed) row.lease_until = leaseUntil;
    return renewed;
  }

  async #send(
    row: DeliveryRow,
    context: DispatchContext,
    logger: Logger,
    silent: boolean,
  ): Promise<SendOutcome | 'dropped'> {
    if (!context.receiver.enabled || !context.target.enabled) return 'dropped';
    const channel = this.#o.channelKind(context.target.kind);
    if (!channel) {
      return failed('internal', `no channel kind "${context.target.kind}" in this version of notify-bridge`);
    }
    let rendered: RenderResult;
    const template =
      context.template ?? this.#o.defaultTemplate?.(context.source.kind, context.event.type) ?? null;
    try {
      rendered = await this.#renders.render(
        {
          eventId: context.event.id,
          targetId: context.target.id,
          ruleId: context.rule?.id ?? null,
          receiverId: context.receiver.id,
          template,
          formats: channel.formats,
        },
        () => this.#o.renderer.render({ template, format: channel.formats, context: renderContext(context) }),
      );
    } catch (error) {
      // The renderer itself failed (closing, a worker crash): not the template's fault, so try again later.
      return {
        status: 'retry',
        error: { kind: 'internal', message: `renderer: ${(error as Error).message}` },
      };
    }
    if (!rendered.ok) return failed('internal', `template: ${rendered.error.message}`);
    const message: RenderedMessage = {
      format: rendered.format,
      title: rendered.title,
      body: rendered.body,
      severity: context.event.severity,
      url: context.event.url,
      tags: context.event.tags,
      attachments: this.#outgoingAttachments(context),
      eventId: context.event.id,
      eventType: context.event.type,
      occurredAt: context.event.occurredAt,
    };
    return invokeChannel(
      this.#channelServices,
      {
        channel,
        targetId: context.target.id,
        config: this.#openConfig(context, channel),
        address: context.receiver.address,
        // A gate (quiet hours with policy `quiet`) may ask for a send without sound.
        options: silent ? { ...context.receiver.options, silent: true } : context.receiver.options,
        deliveryId: row.id,
        attempt: row.attempts,
        lastAttempt: isLastAttempt(row.attempts, row.max_attempts),
        logger,
        inFlight: this.#sending,
        shuttingDown: this.#shutdown.signal,
      },
      message,
    );
  }

  /**
   * The target's config with its secrets unsealed, once per loaded batch: the deliveries of a batch share
   * one parsed config object, and unsealing costs ~35 µs (a signing secret and headers), more than the
   * rest of a webhook send's own work. Frozen, as it is shared.
   */
  #openConfig(context: DispatchContext, channel: ChannelKind): Readonly<Record<string, unknown>> {
    const sealed = context.target.config;
    let opened = this.#openedConfigs.get(sealed);
    if (!opened) {
      opened = Object.freeze(
        openFields(this.#o.secretBox, sealed, channel.secretFields, {
          table: 'targets',
          rowId: context.target.id,
        }),
      );
      this.#openedConfigs.set(sealed, opened);
    }
    return opened;
  }

  /** Drops or defers a delivery a gate held back; neither counts as an attempt. */
  async #holdBack(
    row: DeliveryRow,
    context: DispatchContext,
    decision: Exclude<GatesDecision, { action: 'send' }>,
    meta: { dispatchId: string; startedAt: number; logger: Logger },
  ): Promise<void> {
    const { reason } = decision;
    const recorded = await this.#outcomes.record({
      attempt: {
        deliveryId: row.id,
        owner: this.#o.nodeId,
        dispatchId: meta.dispatchId,
        startedAt: meta.startedAt,
        finishedAt: this.#o.clock.now(),
        outcome: 'failed',
      },
      about: deliveryAbout(row, context),
      transition:
        decision.action === 'drop'
          ? { to: 'dropped', reason }
          : { to: 'deferred', dueAt: decision.until, reason },
    });
    if (!recorded) {
      meta.logger.warn(
        `lease lost before the ${decision.gate} gate's decision was recorded; another node owns this delivery now`,
      );
      return;
    }
    meta.logger.info(
      { gate: decision.gate, action: decision.action, ...decision.detail },
      `delivery ${decision.action === 'drop' ? 'dropped' : 'deferred'}: ${reason}`,
    );
  }

  /**
   * The event's attachments with the source's credentials for fetching them. Finding those unseals the
   * source's config, so it is done once per event of a loaded batch (whose deliveries share the event
   * object), not once per receiver.
   */
  #outgoingAttachments(context: DispatchContext): OutgoingAttachment[] {
    const { event } = context;
    const credentials = this.#o.attachmentHeaders;
    if (event.attachments.length === 0 || !credentials) return event.attachments;
    let outgoing = this.#attachmentsWithCredentials.get(event);
    if (!outgoing) {
      const source = { ...context.source, config: context.sourceConfig };
      outgoing = event.attachments.map((attachment) => {
        const headers = attachment.url ? credentials(source, attachment.url) : undefined;
        return headers ? { ...attachment, headers } : attachment;
      });
      this.#attachmentsWithCredentials.set(event, outgoing);
    }
    return outgoing;
  }

  async #finish(
    row: DeliveryRow,
    context: DispatchContext,
    outcome: SendOutcome | 'dropped',
    meta: { dispatchId: string; startedAt: number; logger: Logger; notes?: readonly string[] },
  ): Promise<void> {
    const now = this.#o.clock.now();
    const base = {
      deliveryId: row.id,
      owner: this.#o.nodeId,
      dispatchId: meta.dispatchId,
      startedAt: meta.startedAt,
      finishedAt: now,
    };
    if (outcome === 'dropped') {
      await this.#outcomes.record({
        attempt: { ...base, outcome: 'failed' },
        about: deliveryAbout(row, context),
        transition: { to: 'dropped', reason: 'receiver or target disabled' },
      });
      meta.logger.info('delivery dropped: receiver or target disabled');
      return;
    }
    let transition: Transition;
    if (outcome.status === 'sent') {
      transition = { to: 'sent' };
    } else if (outcome.status === 'failed') {
      transition = outcome.disableReceiver
        ? { to: 'dead', disableReceiver: { id: context.receiver.id, reason: outcome.error.message } }
        : { to: 'dead' };
    } else {
      const next = nextAttempt(
        { retryAfterMs: outcome.retryAfterMs },
        row.attempts,
        {
          baseMs: this.#o.settings.retryBaseMs,
          maxMs: this.#o.settings.retryMaxMs,
          maxAttempts: row.max_attempts,
        },
        now,
        this.#o.random ?? Math.random,
      );
      transition = next.action === 'retry' ? { to: 'pending', dueAt: next.dueAt } : { to: 'dead' };
    }
    const error = outcome.status === 'sent' ? undefined : outcome.error;
    const recorded = await this.#outcomes.record({
      attempt: {
        ...base,
        outcome: outcome.status,
        errorKind: error?.kind,
        error: error?.message,
        httpStatus: outcome.status === 'sent' ? outcome.httpStatus : error?.httpStatus,
        providerMessageId: outcome.status === 'sent' ? outcome.providerMessageId : undefined,
        detail: meta.notes?.length ? withGateNotes(outcome.detail, meta.notes) : outcome.detail,
      },
      transition,
      about: deliveryAbout(row, context),
      ...(transition.to === 'dead' && error
        ? {
            dead: {
              deliveryId: row.id,
              dispatchId: meta.dispatchId,
              context,
              error,
              attempts: row.attempts,
              receiverDisabled: transition.disableReceiver !== undefined,
            },
          }
        : {}),
    });
    if (!recorded) {
      meta.logger.warn('lease lost before the outcome was recorded; another node owns this delivery now');
      return;
    }
    meta.logger.info(
      { outcome: outcome.status, to: transition.to, error: error?.message },
      'delivery attempt finished',
    );
    if (outcome.status === 'failed' && outcome.disableReceiver) {
      meta.logger.warn({ receiverId: context.receiver.id }, 'receiver disabled by the channel');
    }
  }
}

function failed(kind: DeliveryError['kind'], message: string): SendOutcome {
  return { status: 'failed', error: { kind, message } };
}

/** The parts of a dispatch that templates see; a preview makes them up for a receiver not yet chosen. */
export interface RenderContextParts {
  event: DispatchContext['event'];
  source: DispatchContext['source'];
  receiver: Pick<DispatchContext['receiver'], 'name' | 'options'>;
  target: Pick<DispatchContext['target'], 'name' | 'kind'>;
  rule: DispatchContext['rule'];
}

/** What templates see. Field names are snake_case like the API. */
export function renderContext(context: RenderContextParts): Record<string, unknown> {
  const { event } = context;
  return {
    event: {
      id: event.id,
      type: event.type,
      title: event.title,
      body: event.body,
      severity: event.severity,
      url: event.url,
      tags: event.tags,
      data: event.data,
      attachments: event.attachments,
      occurred_at: new Date(event.occurredAt).toISOString(),
      received_at: new Date(event.receivedAt).toISOString(),
    },
    source: context.source,
    receiver: { name: context.receiver.name, options: context.receiver.options },
    target: { name: context.target.name, kind: context.target.kind },
    rule: context.rule,
  };
}

function deliveryAbout(row: DeliveryRow, context: DispatchContext): DeliveryAbout {
  return {
    ownerId: context.target.ownerId,
    eventId: row.event_id,
    targetId: row.target_id,
    receiverId: row.receiver_id,
    ruleId: row.rule_id,
  };
}

/**
 * An attempt's detail with what the gates said of a send they let through ("sent without sound: quiet
 * hours ..."), beside what the channel reported.
 */
function withGateNotes(detail: unknown, notes: readonly string[]): Record<string, unknown> {
  if (detail === undefined || detail === null) return { gates: notes };
  return typeof detail === 'object' && !Array.isArray(detail)
    ? { ...(detail as Record<string, unknown>), gates: notes }
    : { channel: detail, gates: notes };
}
