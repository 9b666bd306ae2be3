/**
 * What the worker is doing, readable by the pool without a message: how many jobs it has started and
 * finished since it began, and when it started the latest. Written only by the worker.
 */
export class RenderProgress {
  readonly #counts: Int32Array;
  readonly #startedAt: Float64Array;

  static memory(): SharedArrayBuffer {
    return new SharedArrayBuffer(16);
  }

  constructor(memory: SharedArrayBuffer) {
    this.#startedAt = new Float64Array(memory, 0, 1);
    this.#counts = new Int32Array(memory, 8, 2);
  }

  get started(): number {
    return Atomics.load(this.#counts, 0);
  }

  get finished(): number {
    return Atomics.load(this.#counts, 1);
  }

  /** When the latest started job began (Date.now()). Read `started` first: it is stored after this. */
  get startedAt(): number {
    return this.#startedAt[0]!;
  }

  start(): void {
    this.#startedAt[0] = Date.now();
    Atomics.add(this.#counts, 0, 1);
  }

  finish(): void {
    Atomics.add(this.#counts, 1, 1);
  }
}
