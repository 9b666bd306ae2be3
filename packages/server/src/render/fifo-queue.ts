/**
 * A first-in-first-out queue with O(1) push and shift. `Array#shift` moves every item, which turns a
 * burst of thousands of queued renders into quadratic work.
 */
export class FifoQueue<Item> {
  #items: (Item | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: Item): void {
    this.#items.push(item);
  }

  /** Puts items back at the front, in order: the next shift() returns `items[0]`. */
  unshift(...items: Item[]): void {
    this.#items = [...items, ...this.#items.slice(this.#head)];
    this.#head = 0;
  }

  peek(): Item | undefined {
    return this.#items[this.#head];
  }

  shift(): Item | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head += 1;
    // Drop the consumed front once it is most of the array, so memory follows the live length.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Removes and returns every item, oldest first. */
  drain(): Item[] {
    const items = this.#items.slice(this.#head) as Item[];
    this.#items = [];
    this.#head = 0;
    return items;
  }
}
