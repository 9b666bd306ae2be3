/** Caps how many sends run at once per target on this node; waiters are served in arrival order. */
export class TargetLimiter {
  readonly #slots = new Map<string, { active: number; waiting: (() => void)[] }>();

  async acquire(targetId: string, limit: number): Promise<() => void> {
    let slot = this.#slots.get(targetId);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      this.#slots.set(targetId, slot);
    }
    // Below 1 (or NaN, which Math.max would pass through and so never wait) means one at a time.
    const max = limit >= 1 ? Math.floor(limit) : 1;
    if (slot.active >= max) {
      await new Promise<void>((resolve) => slot!.waiting.push(resolve));
    } else {
      slot.active++;
    }
    const held = slot;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = held.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next) next();
      else if (--held.active === 0) this.#slots.delete(targetId);
    };
  }
}
