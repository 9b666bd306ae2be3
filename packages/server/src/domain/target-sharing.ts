/**
 * Whose rules may send to which receivers. A member's rule reaches the receivers of the member's own
 * targets, and of targets an admin shared with the member: there, the ones the target's owner made (which
 * the share lends) and the ones the member added, never another member's. An admin's rule reaches any.
 * The API checks this when a rule is saved; the router checks it again on every refresh, so ending a share
 * stops the sends at once without touching anyone's rules.
 */

export interface RuleOwner {
  id: string;
  role: 'admin' | 'member';
}

export interface ReceiverHolders {
  /** The owner of the receiver's target. */
  targetOwnerId: string;
  targetId: string;
  /** The member who added the receiver to a shared target; null for the target owner's own. */
  addedBy: string | null;
}

/** `${targetId} ${userId}` for each share, as `shareKey` builds it. */
export type Shares = ReadonlySet<string>;

export function shareKey(targetId: string, userId: string): string {
  return `${targetId} ${userId}`;
}

export function mayRouteTo(owner: RuleOwner, receiver: ReceiverHolders, shares: Shares): boolean {
  if (owner.role === 'admin' || receiver.targetOwnerId === owner.id) return true;
  if (!shares.has(shareKey(receiver.targetId, owner.id))) return false;
  return receiver.addedBy === null || receiver.addedBy === owner.id;
}
