import type { NewStreamEntry } from '../realtime/stream-entry.ts';

/** Which delivery an outcome is about, for its stream entry: the target's owner's `deliveries` stream. */
export interface DeliveryAbout {
  ownerId: string;
  eventId: string;
  targetId: string;
  receiverId: string;
  ruleId: string | null;
}

export interface DeliveryState {
  deliveryId: string;
  status: 'pending' | 'sent' | 'dead' | 'dropped';
  /** The attempt that just finished, when one did. */
  attempt?: number;
  /** When it is due again, for pending. */
  dueAt?: number;
  error?: string;
  httpStatus?: number;
  /** Why it was held back or replayed. */
  reason?: string;
}

/** A delivery's new state, as its owner's stream shows it. */
export function deliveryStateEntry(about: DeliveryAbout, state: DeliveryState): NewStreamEntry {
  const { dueAt, ...rest } = state;
  return {
    stream: 'deliveries',
    ownerId: about.ownerId,
    type: 'delivery.state',
    data: {
      ...rest,
      ...(dueAt === undefined ? {} : { dueAt: new Date(dueAt).toISOString() }),
      eventId: about.eventId,
      targetId: about.targetId,
      receiverId: about.receiverId,
      ruleId: about.ruleId,
    },
  };
}

/** A receiver the system disabled, on its owner's `health` stream. */
export function receiverDisabledEntry(about: DeliveryAbout, reason: string): NewStreamEntry {
  return {
    stream: 'health',
    ownerId: about.ownerId,
    type: 'receiver.disabled',
    data: { receiverId: about.receiverId, targetId: about.targetId, reason },
  };
}
