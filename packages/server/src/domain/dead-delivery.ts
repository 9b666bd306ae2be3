/** What a delivery that gave up was about: enough to tell its owner (the bridge's `delivery.dead` event). */
export interface DeadDelivery {
  deliveryId: string;
  /** The attempt that gave up: a replayed delivery that dies again is another death. */
  dispatchId: string;
  context: {
    event: { id: string; sourceId: string; type: string; title: string };
    source: { id: string; name: string; kind: string };
    /** `ownerId`: whose the dead delivery is, and so its bridge events. */
    target: { id: string; name: string; kind: string; ownerId: string };
    receiver: { id: string; name: string };
    rule: { id: string; name: string } | null;
  };
  error: { kind: string; message: string; httpStatus?: number; code?: string };
  attempts: number;
  /** The channel said the receiver is gone for good; it was disabled with the outcome. */
  receiverDisabled: boolean;
}
