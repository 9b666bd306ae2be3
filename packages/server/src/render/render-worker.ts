/**
 * The body of a render worker thread (started by worker-pool.ts). It renders jobs one at a time, in the
 * order they arrive, and answers each batch with one message. The pool terminates the whole thread when
 * a job runs over its time budget, which is the only stop that holds against templates that slip past
 * LiquidJS's cooperative limits; the shared progress counters tell it which job was running.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RenderProgress } from './render-progress.ts';
import {
  createTemplateRenderer,
  type RenderJob,
  type RenderOutcome,
  type TemplateRendererLimits,
} from './template-renderer.ts';

export interface WorkerData {
  limits: TemplateRendererLimits;
  /** RenderProgress's memory, shared with the pool. */
  progress: SharedArrayBuffer;
}

export type WorkerRequest = RenderJob[];

export type WorkerReply =
  | { type: 'ready' }
  /** One per job of the batch, in order. */
  | { type: 'results'; results: JobResult[] };

/** `ok: false` is our code failing, not the template: the pool rejects that job instead of failing it. */
export type JobResult = { ok: true; outcome: RenderOutcome } | { ok: false; message: string };

const port = parentPort;
if (port === null) throw new Error('render-worker.ts runs as a worker thread; call createRenderer() instead');

const data = workerData as WorkerData;
const renderer = createTemplateRenderer(data.limits);
const progress = new RenderProgress(data.progress);

port.on('message', (jobs: WorkerRequest) => {
  const results: JobResult[] = [];
  for (const job of jobs) {
    progress.start();
    try {
      results.push({ ok: true, outcome: renderer.render(job) });
    } catch (error) {
      results.push({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
    progress.finish();
  }
  port.postMessage({ type: 'results', results } satisfies WorkerReply);
});

port.postMessage({ type: 'ready' } satisfies WorkerReply);
