import type { DeadDelivery } from '../../domain/dead-delivery.ts';
import type { SourceEvent } from '../../domain/event.ts';

/**
 * The `delivery.dead` event for a delivery that gave up. It belongs to the owner of the target the delivery
 * went to: their receiver missed a message and they can fix the target; the API shows them that delivery
 * too. A dead delivery of a `delivery.dead` event makes no further event: otherwise a broken alert path
 * would feed itself forever.
 */
export function deliveryDeadEvent(dead: DeadDelivery, bridgeSourceId: string): SourceEvent | undefined {
  const { context, error } = dead;
  if (context.event.sourceId === bridgeSourceId && context.event.type === 'delivery.dead') return undefined;
  return {
    type: 'delivery.dead',
    title: `Delivery to ${context.target.name} / ${context.receiver.name} failed`,
    body: `Gave up after ${dead.attempts} attempt(s): ${error.message}\nEvent: ${context.event.title} (${context.event.type} from ${context.source.name})`,
    severity: 'error',
    dedupKey: `delivery.dead:${dead.deliveryId}:${dead.dispatchId}`,
    ownerId: context.target.ownerId,
    data: {
      delivery_id: dead.deliveryId,
      attempts: dead.attempts,
      error,
      event: { id: context.event.id, type: context.event.type, title: context.event.title },
      source: context.source,
      target: { id: context.target.id, name: context.target.name, kind: context.target.kind },
      receiver: { id: context.receiver.id, name: context.receiver.name },
      rule: context.rule,
    },
  };
}

/**
 * `receiver.disabled`: a channel reported the receiver gone (blocked bot, 410 Gone); someone must act. It
 * belongs to the owner of the receiver's target, who can re-enable it.
 */
export function receiverDisabledEvent(dead: DeadDelivery): SourceEvent | undefined {
  if (!dead.receiverDisabled) return undefined;
  const { context, error } = dead;
  return {
    type: 'receiver.disabled',
    title: `Receiver ${context.receiver.name} of ${context.target.name} was disabled`,
    body: `${error.message}\nRe-enable it through the API once the cause is fixed.`,
    severity: 'warning',
    dedupKey: `receiver.disabled:${dead.deliveryId}:${dead.dispatchId}`,
    ownerId: context.target.ownerId,
    data: {
      receiver: { id: context.receiver.id, name: context.receiver.name },
      target: { id: context.target.id, name: context.target.name, kind: context.target.kind },
      reason: error.message,
      delivery_id: dead.deliveryId,
    },
  };
}
