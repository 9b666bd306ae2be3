/** Severity levels, lowest first. Their order is used by rule conditions (`severity >= warning`). */
export const severities = ['debug', 'info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof severities)[number];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (severities as readonly string[]).includes(value);
}

export function severityRank(severity: Severity): number {
  return severities.indexOf(severity);
}

/** A file that travels with an event: fetched from a URL at send time, or carried inline. */
export interface Attachment {
  name?: string;
  url?: string;
  contentType?: string;
  /** Base64 bytes for inline attachments. */
  data?: string;
  size?: number;
}

/**
 * What an event's dedup key is made of, which decides how long it makes repeats duplicates. `key`: an id
 * the sender gives this delivery (GitHub's X-GitHub-Delivery, a mapping's dedupKey), the same on every
 * retry and different for the next real event, so it is kept as long as senders retry (NB_DEDUP_WINDOW_HOURS).
 * `body`: a hash of the body, which two real events can share (a daily "backup finished"), so it only absorbs
 * a sender's quick retries (the source's short window, NB_BODY_DEDUP_WINDOW_MINUTES by default).
 */
export const dedupKinds = ['key', 'body'] as const;
export type DedupBy = (typeof dedupKinds)[number];

/** Why a repeat was taken for a duplicate of its original. */
export interface DuplicateReason {
  /** The same sender key (a delivery id) or the same body. */
  by: DedupBy;
  /** How long after the original a repeat is a duplicate; 0: forever. */
  windowMs: number;
  /** Epoch ms from which a repeat is a new event again; null: never. */
  until: number | null;
}

/** What a source kind produces from one request or message, before it is stored. */
export interface SourceEvent {
  /** dot.case, e.g. `push`, `alert.firing`, `delivery.dead`. */
  type: string;
  title: string;
  body: string;
  severity: Severity;
  /** Epoch ms; the ingestor uses the time it received the event when absent. */
  occurredAt?: number;
  /** Same key from the same source within the dedup window makes one event. */
  dedupKey?: string;
  /** What `dedupKey` is made of; `key` when absent. */
  dedupBy?: DedupBy;
  url?: string;
  tags?: string[];
  data: unknown;
  attachments?: Attachment[];
  /**
   * Only the bridge's own events set it (sources/bridge/bridge-events.ts): the user the event is about, e.g.
   * the owner of a dead delivery's target. Every other event belongs to its source's owner.
   */
  ownerId?: string;
  /** What the source had to leave out of the event, in words for the user ("150 attachments given; …"). */
  warnings?: string[];
}

/** A stored, normalized event. */
export interface BridgeEvent extends Required<Omit<SourceEvent, 'url' | 'dedupKey' | 'dedupBy'>> {
  id: string;
  sourceId: string;
  url: string | null;
  dedupKey: string;
  receivedAt: number;
}

/**
 * The fields rules look at; a BridgeEvent is one, and so is an event not yet stored. An event without an
 * owner matches only rules that see every owner's events.
 */
export type MatchableEvent = Pick<
  BridgeEvent,
  'sourceId' | 'type' | 'title' | 'body' | 'severity' | 'tags' | 'data'
> &
  Partial<Pick<BridgeEvent, 'ownerId'>>;
