import { createHash } from 'node:crypto';
import type { ChannelKind, ConnectContext } from '../channels/channel.ts';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { SocketDestinations } from '../security/socket-destinations.ts';
import type { Logger } from '../telemetry/logger.ts';

interface OpenConnection {
  channel: ChannelKind;
  /** SHA-256 of the target's config: a changed config (a new password, another broker) opens anew. */
  fingerprint: string;
  connection: Promise<unknown>;
  idleTimer: TimerHandle | undefined;
}

/** A target nobody sends to for this long has its connection closed; the next send opens it again. */
const idleCloseMs = 10 * 60_000;

/**
 * The open connections of channels with a connector, one per target. Opening is shared: concurrent first
 * sends wait for the same open, and a failed open is not kept, so the next send tries again.
 */
export class ChannelConnections {
  readonly #open = new Map<string, OpenConnection>();
  readonly #sockets: SocketDestinations;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #closing = new AbortController();

  constructor(options: { sockets: SocketDestinations; clock: Clock; logger: Logger }) {
    this.#sockets = options.sockets;
    this.#clock = options.clock;
    this.#logger = options.logger;
  }

  /** The target's connection, opened if it has none or its config changed since. */
  get(channel: ChannelKind, targetId: string, config: unknown): Promise<unknown> {
    const connector = channel.connector!;
    const fingerprint = createHash('sha256').update(JSON.stringify(config)).digest('hex');
    const current = this.#open.get(targetId);
    if (current && current.fingerprint === fingerprint) {
      this.#touch(targetId, current);
      return current.connection;
    }
    if (current) this.#close(targetId, current);
    const context: ConnectContext = {
      sockets: this.#sockets,
      logger: this.#logger.child({ targetId, channel: channel.kind }),
      clock: this.#clock,
      signal: this.#closing.signal,
    };
    const entry: OpenConnection = {
      channel,
      fingerprint,
      connection: connector.open(config as never, context),
      idleTimer: undefined,
    };
    entry.connection.catch(() => {
      if (this.#open.get(targetId) === entry) this.#forget(targetId, entry);
    });
    this.#open.set(targetId, entry);
    this.#touch(targetId, entry);
    return entry.connection;
  }

  /** Closes every connection; sends after this open none. */
  async closeAll(): Promise<void> {
    this.#closing.abort();
    const entries = [...this.#open];
    await Promise.all(entries.map(([targetId, entry]) => this.#close(targetId, entry)));
  }

  #touch(targetId: string, entry: OpenConnection): void {
    this.#clock.clearTimeout(entry.idleTimer);
    entry.idleTimer = this.#clock.setTimeout(() => void this.#close(targetId, entry), idleCloseMs);
  }

  #forget(targetId: string, entry: OpenConnection): void {
    this.#clock.clearTimeout(entry.idleTimer);
    if (this.#open.get(targetId) === entry) this.#open.delete(targetId);
  }

  async #close(targetId: string, entry: OpenConnection): Promise<void> {
    this.#forget(targetId, entry);
    try {
      await entry.channel.connector!.close(await entry.connection);
    } catch (error) {
      // A connection that never opened has nothing to close; one that fails to close is gone anyway.
      this.#logger.debug({ targetId, err: error }, 'channel connection closed with an error');
    }
  }
}
