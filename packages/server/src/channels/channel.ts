import type { TSchema } from 'typebox';
import type { Clock } from '../domain/clock.ts';
import type { RateLimit } from '../domain/rate-limit.ts';
import type { MessageFormat, RenderedMessage } from '../render/message.ts';
import type { HttpClient } from '../security/http/http-client.ts';
import type { SocketDestinations } from '../security/socket-destinations.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { ChannelUrlForm } from './target-url.ts';

/** Why a send did not succeed, split by who failed (grammY's habit). Messages never carry secrets. */
export type DeliveryErrorKind =
  /** The far side answered with an error. */
  | 'rejected'
  /** The network failed before an answer arrived. */
  | 'transport'
  /** Our own code failed: a template, a bug, a misconfiguration. */
  | 'internal';

export interface DeliveryError {
  kind: DeliveryErrorKind;
  message: string;
  httpStatus?: number;
  code?: string;
}

/**
 * An outcome may carry `detail`: what the channel wants recorded with the attempt and shown through the
 * API (per-item results of an album, a fallback it used). Plain JSON, never a secret. A sent outcome
 * carries the far side's HTTP status when the channel talks HTTP, as a failed one does in its error, so an
 * attempt shows what the far side answered whatever the outcome.
 */
export type SendOutcome =
  | { status: 'sent'; providerMessageId?: string; httpStatus?: number; detail?: unknown }
  | { status: 'retry'; error: DeliveryError; retryAfterMs?: number; detail?: unknown }
  | { status: 'failed'; error: DeliveryError; disableReceiver?: boolean; detail?: unknown };

export interface ReceiverOptions {
  silent?: boolean;
  locale?: string;
  [option: string]: unknown;
}

/**
 * Small durable state a channel keeps per target (cached upload ids, how far a multi-part send got), so a
 * channel never touches the database itself. Values are plain strings; keys are the channel's own.
 */
export interface ChannelState {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface SendContext<Config, Address> {
  /** The target's config with its secrets unsealed; never log it. */
  config: Config;
  address: Address;
  options: ReceiverOptions;
  /** Stable across retries: the idempotency key a receiver can dedupe on. */
  deliveryId: string;
  attempt: number;
  /** No attempt follows this one: a `retry` outcome ends the delivery, so state kept for a later attempt can go. */
  lastAttempt: boolean;
  http: HttpClient;
  logger: Logger;
  clock: Clock;
  /** Aborts when the delivery's time budget runs out or the process shuts down. */
  signal: AbortSignal;
  state: ChannelState;
  /** The target's open connection, for a channel with a `connector`; opened before the send. */
  connection?: unknown;
  /** The bridge's own topics, for a channel that publishes to them; absent where there are none (the CLI). */
  topics?: TopicPublisher;
}

/**
 * Publishing to one of the target owner's topics (realtime/topics/): an entry subscribers get once it has
 * committed. `dedupKey` makes a retry after a lost outcome find the first publish instead of making another.
 */
export interface TopicPublisher {
  publish(
    topic: string,
    entry: { data: unknown; dedupKey: string },
  ): Promise<'published' | 'duplicate' | 'no-such-topic'>;
}

/** What checking a receiver's address may ask, about the target owner's own things. */
export interface AddressLookups {
  /** Whether the target's owner has a topic of this name. */
  topicExists(name: string): Promise<boolean>;
}

/** What opening a connection may use: the SSRF guard for sockets, and the same logger and clock. */
export interface ConnectContext {
  sockets: SocketDestinations;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal;
}

/**
 * A long-lived connection per target (an MQTT session, an SMTP pool): opened on the target's first send,
 * shared by every send to it, closed when the target's config changes, when it has been idle a while, and
 * at shutdown. The dispatcher knows nothing more of it than these two calls.
 */
export interface ChannelConnector<Config, Connection> {
  open(config: Config, ctx: ConnectContext): Promise<Connection>;
  close(connection: Connection): Promise<void>;
}

/**
 * Thrown by a connector's `open` when it knows what the failure means for the delivery: a refused login is
 * permanent, a broker that does not answer is worth another try. Anything else thrown is a retry.
 */
export class ConnectionFailed extends Error {
  readonly outcome: Exclude<SendOutcome, { status: 'sent' }>;
  constructor(outcome: Exclude<SendOutcome, { status: 'sent' }>) {
    super(outcome.error.message);
    this.name = 'ConnectionFailed';
    this.outcome = outcome;
  }
}

/** A receiver as a two-way channel sees it: enough to recognise the chat a command came from. */
export interface InboundReceiver {
  id: string;
  name: string;
  address: unknown;
  options: ReceiverOptions;
  enabled: boolean;
}

/** Deliveries to some receivers created since a time, by outcome. */
export interface DeliverySummary {
  sent: number;
  /** Attempts that did not succeed (retried or final). */
  failedAttempts: number;
  /** Waiting now, whenever created. */
  pending: number;
  dead: number;
  dropped: number;
  lastFailures: { at: number; title: string; error: string }[];
}

export interface RecentDelivery {
  at: number;
  title: string;
  status: string;
  eventType: string;
  url: string | null;
}

export interface RuleSummary {
  name: string;
  enabled: boolean;
  eventTypes: string[];
  /** Source names, or empty for "any source". */
  sources: string[];
}

export interface ActiveSilence {
  mode: 'drop' | 'defer';
  endsAt: number;
  comment: string;
}

/**
 * What a two-way channel may ask of the bridge about its own target: the queries behind a bot's
 * commands, silences, and offering a new chat as a receiver. Channels never touch the database.
 */
export interface InboundServices {
  receivers(): Promise<InboundReceiver[]>;
  deliverySummary(receiverIds: readonly string[], since: number): Promise<DeliverySummary>;
  recentDeliveries(receiverIds: readonly string[], limit: number): Promise<RecentDelivery[]>;
  rulesFor(receiverIds: readonly string[]): Promise<RuleSummary[]>;
  activeSilences(receiverIds: readonly string[]): Promise<ActiveSilence[]>;
  silence(
    receiverIds: readonly string[],
    silence: { mode: 'drop' | 'defer'; endsAt: number; comment: string; createdBy: string },
  ): Promise<void>;
  /** Ends every active silence of these receivers; returns how many there were. */
  endSilences(receiverIds: readonly string[]): Promise<number>;
  offerCandidate(candidate: {
    key: string;
    address: unknown;
    title: string;
    chatType: string;
    detail: Record<string, unknown>;
  }): Promise<void>;
  /** The chat became a receiver: it is no candidate any more. */
  withdrawCandidate(key: string): Promise<void>;
}

export interface InboundContext<Config> {
  targetId: string;
  config: Config;
  http: HttpClient;
  logger: Logger;
  clock: Clock;
  /** Aborts when this node should stop (shutdown, the target changed, or the lease was lost). */
  signal: AbortSignal;
  state: ChannelState;
  services: InboundServices;
  /** The URL the far side should push updates to, when NB_PUBLIC_URL is set. */
  webhookUrl: string | undefined;
}

/**
 * A channel that also listens: a bot answering commands. `run` goes on while the target is enabled, on one
 * node at a time (a lease decides which); `webhook`, when the far side pushes instead, answers on any node.
 */
export interface ChannelInbound<Config> {
  run(ctx: InboundContext<Config>): Promise<void>;
  webhook?: {
    /** Checked before the body is read; false answers 401. */
    authenticate(headers: Record<string, string | string[] | undefined>, config: Config): boolean;
    handle(ctx: InboundContext<Config>, body: unknown): Promise<void>;
  };
}

export interface ChannelLimits {
  /** The far side's own rate limits, which the rate-limit gate enforces beside the user's. */
  rate?: {
    target?: RateLimit;
    receiver?: RateLimit;
    /**
     * Whom the far side counts these limits against, when that is not one target and one receiver: a bot
     * and a chat, however many targets hold the bot's token and however many receivers name the chat.
     * Never a secret: bucket keys are stored as they are.
     */
    scope?(config: never, address: never): { target: string; receiver: string };
  };
  textMax?: number;
  captionMax?: number;
  titleMax?: number;
  attachmentsMax?: number;
  bytesMax?: number;
}

/**
 * A kind of destination. One folder under channels/ exports one of these; registry.ts lists them.
 * Generic code only ever goes through this interface.
 */
export interface ChannelKind<Config = unknown, Address = unknown> {
  kind: string;
  description: string;
  configSchema: TSchema;
  addressSchema: TSchema;
  /** Top-level config fields that are sealed at rest and never returned by the API. */
  secretFields: readonly string[];
  /** Formats the channel can show, best first. */
  formats: readonly MessageFormat[];
  limits: ChannelLimits;
  /** Checks the schema cannot express (fields that depend on each other); a message saying what to fix. */
  validateConfig?(config: Config): string | undefined;
  /** Checks of an address against what the bridge holds (a topic it names); a message saying what to fix. */
  checkAddress?(address: Address, lookups: AddressLookups): Promise<string | undefined>;
  send(ctx: SendContext<Config, Address>, message: RenderedMessage): Promise<SendOutcome>;
  inbound?: ChannelInbound<Config>;
  // biome-ignore lint/suspicious/noExplicitAny: each channel's connection is its own type; only it reads it.
  connector?: ChannelConnector<Config, any>;
  /** How a target of this kind is made from an Apprise-style URL and written back as one. */
  url?: ChannelUrlForm<Config, Address>;
}
