/** Which rows of a list are ticked, for bulk actions; ids no longer listed drop out on `keepOnly`. */
export class Selection {
  #ids = $state<string[]>([]);

  get ids(): readonly string[] {
    return this.#ids;
  }
  get size(): number {
    return this.#ids.length;
  }
  has(id: string): boolean {
    return this.#ids.includes(id);
  }
  toggle(id: string, on: boolean): void {
    this.#ids = on ? [...new Set([...this.#ids, id])] : this.#ids.filter((other) => other !== id);
  }
  /** Ticks all of `ids`, or clears them when all are ticked already. */
  toggleAll(ids: readonly string[]): void {
    const all = ids.length > 0 && ids.every((id) => this.has(id));
    this.#ids = all ? this.#ids.filter((id) => !ids.includes(id)) : [...new Set([...this.#ids, ...ids])];
  }
  allOf(ids: readonly string[]): boolean {
    return ids.length > 0 && ids.every((id) => this.has(id));
  }
  clear(): void {
    this.#ids = [];
  }
}
