import type { TSchema } from 'typebox';
import type { DuplicateReason, SourceEvent } from '../domain/event.ts';
import type { TemplateBodies } from '../render/message.ts';
import type { RecipeContext, SenderRecipe } from './sender-recipe.ts';

/** The part of a request known before its body is read. Header names are lower-case. */
export interface IngressHead {
  method: string;
  /** The request path without the query string, e.g. `/apprise/notify/abc`. */
  path: string;
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

/** What an ingress endpoint answers, in the protocol of the service the sender thinks it talks to. */
export interface IngressAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The outcome of one request, handed to `respond`. */
export interface IngressResult {
  /** `dedup` says why a duplicate is one. */
  events: { id: string; duplicate: boolean; dedup?: DuplicateReason }[];
  /** What `parse` made of the request, in the order of `events`: a dialect's answer echoes it. */
  parsed: readonly SourceEvent[];
  /** When the bridge took the request (epoch ms, the injected clock). */
  receivedAt: number;
}

/**
 * An extra URL space for senders that speak another service's protocol (`/ntfy/:topic`, `/gotify/message`).
 * The route names its source by a key (a topic, a token) instead of an id; the kind's `ingressKey(config)`
 * gives each source's key, stored hashed.
 */
export interface IngressRoute {
  methods: readonly ('GET' | 'POST' | 'PUT')[];
  /** A Fastify path, e.g. `/ntfy/:topic`. */
  url: string;
  /**
   * Where the route sits on a port of the kind's own (`NB_COMPAT_PORTS`): the path the real service uses,
   * e.g. `/:topic`, for senders that cannot add a path prefix. Without it the kind has no port of its own.
   */
  ownPortUrl?: string;
  /** Its one-line summary in the OpenAPI document; default "<kind> compatibility: <url>". */
  summary?: string;
  /** Parameters of `url` that are credentials (`token` of `/slack/:token`); the log never shows them. */
  credentialParams?: readonly string[];
  /** The key of the source this request is for, from the path, query or headers; undefined = no such source. */
  key(params: Record<string, string>, head: IngressHead): string | undefined;
  /**
   * For protocols that name the destination inside the body (ntfy's JSON publishing): the key from the
   * raw body, when `key` found none. Such requests are authenticated after the body is read.
   */
  keyFromBody?(rawBody: Buffer): string | undefined;
}

/**
 * Where a kind's senders put credentials besides the path parameters its routes declare, so the log can
 * leave them out. Query parameters count on every ingress URL, `/hooks/:sourceId` too.
 */
export interface IngressCredentials {
  query?: readonly string[];
  /** Lower-case header names. */
  headers?: readonly string[];
}

/** How a push source turns one HTTP request into events. */
export interface SourceIngress<Config> {
  /** Routes besides `POST /hooks/:sourceId`. */
  routes?: readonly IngressRoute[];
  credentials?: IngressCredentials;
  /** The success answer; ingest/ingress-answer.ts's `{ id, duplicate[, events] }` when absent. */
  respond?(result: IngressResult, request: IngressRequest, config: Config): IngressAnswer;
  /** An error answer in the sender's dialect; our `{ error: {...} }` when absent. */
  respondError?(error: { status: number; code: string; message: string }): IngressAnswer;
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
  /** The topic or token its `ingress.routes` find this source by; unique per kind. */
  ingressKey?(config: Config): string | undefined;
  /** Checks the schema cannot express (fields that depend on each other); a message saying what to fix. */
  validateConfig?(config: Config): string | undefined;
  /** Push kinds: what to paste into a sender to reach a source; a curl of JSON to its /hooks URL if absent. */
  recipe?(context: RecipeContext<Config>): SenderRecipe;
  /** Built-in kinds are created by the bridge itself and cannot be created through the API. */
  builtIn?: boolean;
  /**
   * Only rules that name such a source in `sourceIds` see its events; a rule without `sourceIds` means every
   * other source. For the bridge's own events, which a catch-all rule would otherwise also get (and feed a
   * failing delivery's `delivery.dead` back to the same failing target).
   */
  explicitOnly?: boolean;
  defaultTemplates?: Record<string, TemplateBodies>;
  /**
   * The event types this kind makes (a glob for an open-ended family), so a rule editor can offer them; a
   * kind whose types come from its config (the webhook's mapping) lists its default.
   */
  eventTypes?: readonly string[];
  /**
   * Headers to fetch one of this source's attachments with (an API key for a photo server), or nothing.
   * Attachment URLs may come from whoever can post to the source, so a kind only returns credentials for
   * URLs on the origin they belong to.
   */
  attachmentHeaders?(config: Config, url: string): Record<string, string> | undefined;
}
