import { Worker } from 'node:worker_threads';
import { FifoQueue } from './fifo-queue.ts';
import type { WorkerReply, WorkerRequest } from './render-worker.ts';
import type { RenderJob, RenderOutcome, TemplateRendererLimits } from './template-renderer.ts';

export interface RenderWorkerPoolOptions {
  workers: number;
  /** Wall-clock budget of one render, from the moment a worker takes it. */
  timeoutMs: number;
  /** V8 old-generation heap of each worker; a render that needs more kills only its worker. */
  heapLimitMb: number;
  limits: TemplateRendererLimits;
}

export interface RenderWorkerPoolStats {
  workers: number;
  /** Workers running a render. */
  busy: number;
  /** Renders waiting to run. */
  queued: number;
  /** Workers replaced after a timeout or crash since the pool started. */
  restarts: number;
}

interface PendingRender {
  id: number;
  job: RenderJob;
  resolve(outcome: RenderOutcome): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Sent to the worker, oldest first. The worker renders them in order, so only the first is running. */
  inFlight: PendingRender[];
  /** The budget of inFlight[0]. */
  timer: NodeJS.Timeout | null;
}

const workerUrl = new URL('./render-worker.ts', import.meta.url);

// Renders sent ahead to a busy worker, so it never waits for a message round trip between two renders
// (the round trip costs more than a simple render). Only the first of them is ever running.
const pipelineDepth = 8;

/**
 * Worker threads that render jobs in order. A job that runs over its budget is stopped by terminating
 * its worker (V8 interrupts even a loop that never yields); the jobs queued behind it go back to the
 * queue, a fresh worker takes the slot and rendering goes on. Only a closed pool or a bug rejects;
 * template problems resolve as outcomes.
 */
export class RenderWorkerPool {
  readonly #options: RenderWorkerPoolOptions;
  #slots: Slot[] = [];
  readonly #queue = new FifoQueue<PendingRender>();
  #nextId = 1;
  #restarts = 0;
  #closed = false;

  constructor(options: RenderWorkerPoolOptions) {
    this.#options = options;
    // Started now, not with the first render: a worker's start-up would be the first messages' latency.
    this.#fill();
  }

  run(job: RenderJob): Promise<RenderOutcome> {
    if (this.#closed) return Promise.reject(new Error('the renderer is closed'));
    this.#fill();
    return new Promise((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, job, resolve, reject });
      this.#dispatch();
    });
  }

  stats(): RenderWorkerPoolStats {
    const busy = this.#slots.filter((slot) => slot.inFlight.length > 0).length;
    const inFlight = this.#slots.reduce((sum, slot) => sum + slot.inFlight.length, 0);
    return {
      workers: this.#slots.length,
      busy,
      // Jobs sent ahead to a busy worker wait too: only the first job of each worker is running.
      queued: this.#queue.length + inFlight - busy,
      restarts: this.#restarts,
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const closed = new Error('the renderer is closed');
    for (const pending of this.#queue.drain()) pending.reject(closed);
    const slots = this.#slots;
    this.#slots = [];
    await Promise.all(
      slots.map((slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        for (const pending of slot.inFlight.splice(0)) pending.reject(closed);
        return slot.worker.terminate();
      }),
    );
  }

  // Spawning is lazy after a worker fails to start, so a broken install does not respawn in a loop.
  #fill(): void {
    while (!this.#closed && this.#slots.length < this.#options.workers) this.#slots.push(this.#spawn());
  }

  #spawn(): Slot {
    const worker = new Worker(workerUrl, {
      name: 'notify-bridge-render',
      workerData: this.#options.limits,
      resourceLimits: { maxOldGenerationSizeMb: this.#options.heapLimitMb },
    });
    worker.unref();
    const slot: Slot = { worker, ready: false, inFlight: [], timer: null };
    worker.on('message', (reply: WorkerReply) => this.#onReply(slot, reply));
    worker.on('error', (error) => this.#onWorkerGone(slot, error));
    worker.on('exit', (code) =>
      this.#onWorkerGone(slot, new Error(`the render worker exited with code ${code}`)),
    );
    return slot;
  }

  /** Sends queued jobs to the least busy ready workers. */
  #dispatch(): void {
    this.#sendQueued();
    this.#holdProcessWhileBusy();
  }

  // Workers with nothing to do must not keep the process alive (a CLI that forgets close() still exits);
  // while renders wait, every worker does, including one still starting.
  #holdProcessWhileBusy(): void {
    const busy = this.#queue.length > 0 || this.#slots.some((slot) => slot.inFlight.length > 0);
    for (const slot of this.#slots) {
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  #sendQueued(): void {
    while (this.#queue.length > 0) {
      let slot: Slot | undefined;
      for (const candidate of this.#slots) {
        if (!candidate.ready || candidate.inFlight.length >= pipelineDepth) continue;
        if (slot === undefined || candidate.inFlight.length < slot.inFlight.length) slot = candidate;
      }
      if (slot === undefined) return;
      const pending = this.#queue.shift()!;
      try {
        slot.worker.postMessage({ id: pending.id, job: pending.job } satisfies WorkerRequest);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        pending.reject(
          new Error(`the render context cannot be sent to a render worker (${reason}); pass plain data`),
        );
        continue;
      }
      slot.inFlight.push(pending);
      if (slot.inFlight.length === 1) this.#startTimer(slot);
    }
  }

  // A job's budget starts when the worker can start it: when it is sent to an idle worker, or when the
  // result of the job before it arrives.
  #startTimer(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer =
      slot.inFlight.length > 0 ? setTimeout(() => this.#onTimeout(slot), this.#options.timeoutMs) : null;
  }

  #onReply(slot: Slot, reply: WorkerReply): void {
    if (!this.#slots.includes(slot)) return;
    if (reply.type === 'ready') {
      slot.ready = true;
    } else if (slot.inFlight[0]?.id === reply.id) {
      const pending = slot.inFlight.shift()!;
      this.#startTimer(slot);
      if (reply.type === 'result') pending.resolve(reply.outcome);
      else pending.reject(new Error(`rendering failed inside the render worker: ${reply.message}`));
    }
    this.#dispatch();
  }

  #onTimeout(slot: Slot): void {
    const running = slot.inFlight[0];
    if (running === undefined || !this.#retire(slot, true)) return;
    void slot.worker.terminate();
    running.resolve({
      ok: false,
      error: {
        reason: 'timeout',
        detail: `the template ran for more than ${this.#options.timeoutMs} ms and was stopped; avoid loops over large ranges and long padding`,
      },
    });
    this.#dispatch();
  }

  #onWorkerGone(slot: Slot, error: Error): void {
    const running = slot.inFlight[0];
    if (!this.#retire(slot, slot.ready)) return;
    if (running !== undefined) {
      // resourceLimits end the worker with this code when its heap is full (nodejs.org/api/errors.html).
      if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        running.resolve({
          ok: false,
          error: {
            reason: 'memory',
            detail: `rendering needed more than ${this.#options.heapLimitMb} MiB of memory and was stopped; the template builds too much text or the event is too large`,
          },
        });
      } else {
        running.reject(new Error(`the render worker failed: ${error.message}`));
      }
    }
    if (!slot.ready) {
      const failed = new Error(`a render worker could not start: ${error.message}`);
      for (const queued of this.#queue.drain()) queued.reject(failed);
    }
    this.#dispatch();
  }

  /**
   * Takes a slot out of service; the jobs waiting behind its running one go back to the front of the
   * queue. With `respawn`, a fresh worker takes its place. False if the slot was already retired.
   */
  #retire(slot: Slot, respawn: boolean): boolean {
    const index = this.#slots.indexOf(slot);
    if (index === -1) return false;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    this.#queue.unshift(...slot.inFlight.slice(1));
    slot.inFlight = [];
    if (respawn && !this.#closed) {
      this.#slots[index] = this.#spawn();
      this.#restarts += 1;
    } else {
      this.#slots.splice(index, 1);
    }
    return true;
  }
}
