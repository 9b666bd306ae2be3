import type { TSchema } from 'typebox';
import type { Clock } from '../domain/clock.ts';
import type { MessageFormat, RenderedMessage } from '../render/message.ts';
import type { HttpClient } from '../security/http/http-client.ts';
import type { Logger } from '../telemetry/logger.ts';

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
 * API (per-item results of an album, a fallback it used). Plain JSON, never a secret.
 */
export type SendOutcome =
  | { status: 'sent'; providerMessageId?: string; detail?: unknown }
  | { status: 'retry'; error: DeliveryError; retryAfterMs?: number; detail?: unknown }
  | { status: 'failed'; error: DeliveryError; disableReceiver?: boolean; detail?: unknown };

export interface ReceiverOptions {
  silent?: boolean;
  locale?: string;
  [option: string]: unknown;
}

export interface SendContext<Config, Address> {
  /** The target's config with its secrets unsealed; never log it. */
  config: Config;
  address: Address;
  options: ReceiverOptions;
  /** Stable across retries: the idempotency key a receiver can dedupe on. */
  deliveryId: string;
  attempt: number;
  http: HttpClient;
  logger: Logger;
  clock: Clock;
  /** Aborts when the delivery's time budget runs out or the process shuts down. */
  signal: AbortSignal;
}

export interface ChannelLimits {
  textMax?: number;
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
  send(ctx: SendContext<Config, Address>, message: RenderedMessage): Promise<SendOutcome>;
}
