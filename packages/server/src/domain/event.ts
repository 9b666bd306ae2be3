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

/** What a source kind produces from one request or message, before it is stored. */
export interface SourceEvent {
  /** dot.case, e.g. `push`, `alert.firing`, `delivery.dead`. */
  type: string;
  title: string;
  body: string;
  severity: Severity;
  /** Epoch ms; the ingestor uses the time it received the event when absent. */
  occurredAt?: number;
  /** Same key from the same source within the retention window makes one event. */
  dedupKey?: string;
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
export interface BridgeEvent extends Required<Omit<SourceEvent, 'url' | 'dedupKey'>> {
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
