import type { TSchema } from 'typebox';
import type { SourceEvent } from '../domain/event.ts';
import type { TemplateBodies } from '../render/message.ts';

/** The part of a request known before its body is read. Header names are lower-case. */
export interface IngressHead {
  method: string;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  contentLength: number | undefined;
}

export interface IngressRequest extends IngressHead {
  rawBody: Buffer;
}

export type IngressCheck =
  | { ok: true }
  | { ok: false; code: 'NB_ERR_UNAUTHORIZED' | 'NB_ERR_SIGNATURE' | 'NB_ERR_FORBIDDEN'; message: string };

export type IngressParse =
  | { ok: true; events: SourceEvent[] }
  | {
      ok: false;
      code: 'NB_ERR_MALFORMED_BODY' | 'NB_ERR_UNSUPPORTED_MEDIA_TYPE' | 'NB_ERR_VALIDATION';
      message: string;
    };

/** How a push source turns one HTTP request into events. */
export interface SourceIngress<Config> {
  /** Before the body is read: reject what can be rejected from the headers alone. */
  authenticate(head: IngressHead, config: Config, now: number): IngressCheck;
  /** After the body is read, before it is parsed: signatures over the raw bytes. */
  verify?(request: IngressRequest, config: Config, now: number): IngressCheck;
  parse(request: IngressRequest, config: Config): IngressParse;
  /** Body cap in bytes for this source; the server default applies when absent. */
  maxBodyBytes?(config: Config): number | undefined;
}

/**
 * A kind of origin of events. One folder under sources/ exports one of these; registry.ts lists them.
 */
export interface SourceKind<Config = unknown> {
  kind: string;
  description: string;
  configSchema: TSchema;
  /** Top-level config fields that are sealed at rest and never returned by the API. */
  secretFields: readonly string[];
  /** Push kinds only. */
  ingress?: SourceIngress<Config>;
  /** Checks the schema cannot express (fields that depend on each other); a message saying what to fix. */
  validateConfig?(config: Config): string | undefined;
  /** Built-in kinds are created by the bridge itself and cannot be created through the API. */
  builtIn?: boolean;
  defaultTemplates?: Record<string, TemplateBodies>;
}
