/**
 * The body of a render worker thread (started by worker-pool.ts). It renders one job at a time; the
 * pool terminates the whole thread when a job runs over its time budget, which is the only stop that
 * holds against templates that slip past LiquidJS's cooperative limits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  createTemplateRenderer,
  type RenderJob,
  type RenderOutcome,
  type TemplateRendererLimits,
} from './template-renderer.ts';

export interface WorkerRequest {
  id: number;
  job: RenderJob;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; outcome: RenderOutcome }
  /** Our code failed, not the template: the pool rejects the render instead of failing the delivery. */
  | { type: 'failure'; id: number; message: string };

const port = parentPort;
if (port === null) throw new Error('render-worker.ts runs as a worker thread; call createRenderer() instead');

const renderer = createTemplateRenderer(workerData as TemplateRendererLimits);

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { type: 'result', id: request.id, outcome: renderer.render(request.job) };
  } catch (error) {
    reply = {
      type: 'failure',
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  port.postMessage(reply);
});

port.postMessage({ type: 'ready' } satisfies WorkerReply);
