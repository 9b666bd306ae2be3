import { Worker } from 'node:worker_threads';
import { FifoQueue } from './fifo-queue.ts';
import { RenderProgress } from './render-progress.ts';
import type { WorkerData, WorkerReply, WorkerRequest } from './render-worker.ts';
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
  job: RenderJob;
  /** Sent in a batch of its own: it was in flight when a worker died, and which job killed it is unknown. */
  alone: boolean;
  resolve(outcome: RenderOutcome): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  progress: RenderProgress;
  ready: boolean;
  /** Whether the worker keeps the process alive. */
  referenced: boolean;
  /** Sent to the worker and not answered yet, oldest first; the worker renders them in this order. */
  inFlight: PendingRender[];
  /** Batches sent and not answered yet. */
  batches: number[];
  /** Jobs of this worker answered so far: inFlight[0] is the worker's job number `answered`. */
  answered: number;
  /** Watches the running job's budget while anything is in flight. */
  timer: NodeJS.Timeout | null;
}

// The worker is the sibling of this module: render-worker.ts beside the sources, .js in the built service.
const workerUrl = new URL(
  `./render-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`,
  import.meta.url,
);

// One message carries many jobs: a message round trip costs more CPU than a simple render, so one per job
// tripled the cost of rendering under load. Two batches per worker keep it busy while an answer travels.
const maxBatch = 32;
const batchesPerWorker = 2;

/**
 * Worker threads that render jobs in order. A job that runs over its budget is stopped by terminating
 * its worker (V8 interrupts even a loop that never yields); the jobs sent with it go back to the queue, a
 * fresh worker takes the slot and rendering goes on. Only a closed pool or a bug rejects; template
 * problems resolve as outcomes.
 */
export class RenderWorkerPool {
  readonly #options: RenderWorkerPoolOptions;
  #slots: Slot[] = [];
  readonly #queue = new FifoQueue<PendingRender>();
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
      this.#queue.push({ job, alone: false, resolve, reject });
      // Jobs asked for in the same turn of the event loop go to the worker together.
      if (this.#queue.length === 1) queueMicrotask(() => this.#dispatch());
    });
  }

  stats(): RenderWorkerPoolStats {
    const busy = this.#slots.filter((slot) => slot.inFlight.length > 0).length;
    const inFlight = this.#slots.reduce((sum, slot) => sum + slot.inFlight.length, 0);
    return {
      workers: this.#slots.length,
      busy,
      // Jobs sent ahead to a busy worker wait too: only one job of each worker is running.
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
    const memory = RenderProgress.memory();
    const worker = new Worker(workerUrl, {
      name: 'notify-bridge-render',
      workerData: { limits: this.#options.limits, progress: memory } satisfies WorkerData,
      resourceLimits: { maxOldGenerationSizeMb: this.#options.heapLimitMb },
    });
    worker.unref();
    const slot: Slot = {
      worker,
      progress: new RenderProgress(memory),
      ready: false,
      referenced: false,
      inFlight: [],
      batches: [],
      answered: 0,
      timer: null,
    };
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
      if (slot.referenced === busy) continue;
      slot.referenced = busy;
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  #sendQueued(): void {
    while (this.#queue.length > 0) {
      // A job sent alone is also alone in its worker, so if the worker dies, that job is the one.
      const alone = this.#queue.peek()!.alone;
      let slot: Slot | undefined;
      for (const candidate of this.#slots) {
        if (!candidate.ready || candidate.batches.length >= batchesPerWorker) continue;
        if ((alone && candidate.batches.length > 0) || candidate.inFlight[0]?.alone) continue;
        if (slot === undefined || candidate.inFlight.length < slot.inFlight.length) slot = candidate;
      }
      if (slot === undefined) return;
      const batch = this.#takeBatch();
      try {
        slot.worker.postMessage(batch.map((pending) => pending.job) satisfies WorkerRequest);
      } catch (error) {
        if (batch.length > 1) {
          // One job's context cannot be cloned: send them one by one to find it and spare the others.
          for (const pending of batch) pending.alone = true;
          this.#queue.unshift(...batch);
          continue;
        }
        const reason = error instanceof Error ? error.message : String(error);
        batch[0]!.reject(
          new Error(`the render context cannot be sent to a render worker (${reason}); pass plain data`),
        );
        continue;
      }
      slot.inFlight.push(...batch);
      slot.batches.push(batch.length);
      if (slot.timer === null) this.#watch(slot, this.#options.timeoutMs);
    }
  }

  #takeBatch(): PendingRender[] {
    const first = this.#queue.shift()!;
    const batch = [first];
    if (first.alone) return batch;
    while (batch.length < maxBatch && this.#queue.length > 0 && !this.#queue.peek()!.alone) {
      batch.push(this.#queue.shift()!);
    }
    return batch;
  }

  #watch(slot: Slot, ms: number): void {
    slot.timer = setTimeout(() => this.#checkBudget(slot), Math.max(1, ms));
  }

  // One timer per busy worker rather than one per job: it wakes when the running job's budget would end,
  // and only a job still running then is stopped.
  #checkBudget(slot: Slot): void {
    slot.timer = null;
    if (slot.inFlight.length === 0 || !this.#slots.includes(slot)) return;
    const started = slot.progress.started;
    const startedAt = slot.progress.startedAt;
    const running = started > slot.progress.finished;
    const elapsed = Date.now() - startedAt;
    if (!running || elapsed < this.#options.timeoutMs) {
      this.#watch(slot, running ? this.#options.timeoutMs - elapsed : this.#options.timeoutMs);
      return;
    }
    const stuck = slot.inFlight[started - 1 - slot.answered];
    if (stuck === undefined || !this.#retire(slot, true, stuck)) return;
    void slot.worker.terminate();
    stuck.resolve({
      ok: false,
      error: {
        reason: 'timeout',
        detail: `the template ran for more than ${this.#options.timeoutMs} ms and was stopped; avoid loops over large ranges and long padding`,
      },
    });
    this.#dispatch();
  }

  #onReply(slot: Slot, reply: WorkerReply): void {
    if (!this.#slots.includes(slot)) return;
    if (reply.type === 'ready') {
      slot.ready = true;
    } else {
      slot.batches.shift();
      slot.answered += reply.results.length;
      const answered = slot.inFlight.splice(0, reply.results.length);
      for (const [i, result] of reply.results.entries()) {
        const pending = answered[i]!;
        if (result.ok) pending.resolve(result.outcome);
        else pending.reject(new Error(`rendering failed inside the render worker: ${result.message}`));
      }
      if (slot.inFlight.length === 0 && slot.timer) {
        clearTimeout(slot.timer);
        slot.timer = null;
      }
    }
    this.#dispatch();
  }

  #onWorkerGone(slot: Slot, error: Error): void {
    const unfinished = slot.inFlight.slice(Math.max(0, slot.progress.finished - slot.answered));
    const running =
      slot.progress.started > slot.progress.finished
        ? slot.inFlight[slot.progress.started - 1 - slot.answered]
        : undefined;
    // Died between jobs (taking in a batch too large for its heap, say): only a job sent alone is known
    // to be the one; the others are tried alone.
    const culprit = running ?? (unfinished.length === 1 ? unfinished[0] : undefined);
    if (!this.#retire(slot, slot.ready, culprit)) return;
    if (culprit !== undefined) {
      // resourceLimits end the worker with this code when its heap is full (nodejs.org/api/errors.html).
      if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        culprit.resolve({
          ok: false,
          error: {
            reason: 'memory',
            detail: `rendering needed more than ${this.#options.heapLimitMb} MiB of memory and was stopped; the template builds too much text or the event is too large`,
          },
        });
      } else {
        culprit.reject(new Error(`the render worker failed: ${error.message}`));
      }
    } else {
      for (const pending of unfinished) pending.alone = true;
    }
    if (!slot.ready) {
      const failed = new Error(`a render worker could not start: ${error.message}`);
      for (const queued of this.#queue.drain()) queued.reject(failed);
    }
    this.#dispatch();
  }

  /**
   * Takes a slot out of service; its jobs in flight other than `settled` go back to the front of the
   * queue (answered ones render again: rendering has no side effects). With `respawn`, a fresh worker
   * takes its place. False if the slot was already retired.
   */
  #retire(slot: Slot, respawn: boolean, settled: PendingRender | undefined): boolean {
    const index = this.#slots.indexOf(slot);
    if (index === -1) return false;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    this.#queue.unshift(...slot.inFlight.filter((pending) => pending !== settled));
    slot.inFlight = [];
    slot.batches = [];
    if (respawn && !this.#closed) {
      this.#slots[index] = this.#spawn();
      this.#restarts += 1;
    } else {
      this.#slots.splice(index, 1);
    }
    return true;
  }
}
