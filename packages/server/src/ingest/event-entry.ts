import type { BridgeEvent } from '../domain/event.ts';
import type { NewStreamEntry } from '../realtime/stream-entry.ts';

/**
 * A stored event on its owner's `events` stream: what a live view shows of it. The body, data and
 * attachments stay out (they can be large); GET /events/{id} has them.
 */
export function eventCommittedEntry(event: BridgeEvent, deliveries: number): NewStreamEntry {
  return {
    stream: 'events',
    ownerId: event.ownerId,
    type: 'event.committed',
    data: {
      eventId: event.id,
      sourceId: event.sourceId,
      type: event.type,
      title: event.title,
      severity: event.severity,
      tags: event.tags,
      url: event.url,
      occurredAt: new Date(event.occurredAt).toISOString(),
      receivedAt: new Date(event.receivedAt).toISOString(),
      deliveries,
    },
  };
}
