import { renderDefaultMessage } from './default-message.ts';
import type { MessageFormat, TemplateBodies } from './message.ts';
import { TemplateError } from './template-error.ts';
import { createTemplateRenderer, outputSizeError } from './template-renderer.ts';
import { RenderWorkerPool, type RenderWorkerPoolStats } from './worker-pool.ts';

export interface RenderRequest {
  /** null renders the default template. */
  template: TemplateBodies | null;
  /**
   * What the channel accepts: its formats best first (`channel.formats`), or just one. The first format
   * the template has is used as is; otherwise the best other body is converted to the first format
   * (a text body for an html channel is html-escaped).
   */
  format: MessageFormat | readonly MessageFormat[];
  /** The template's variables: `{ event, source, receiver, rule }`, plain JSON-like data. */
  context: Record<string, unknown>;
}

export type RenderResult =
  /** `reads`: the context's top-level variables the render looked up (RenderOutcome). */
  | { ok: true; format: MessageFormat; title: string; body: string; reads: readonly string[] }
  | { ok: false; error: TemplateError };

export interface Renderer {
  /**
   * Renders in a worker thread under a hard time budget; the default template (null), which is ours and
   * cheap, in this thread (default-message.ts). A broken, slow or greedy template resolves
   * `{ ok: false }`, a permanent failure of that delivery. Rejects only when the renderer is closed or
   * on a bug (such as a context that cannot be cloned): the delivery should be retried, not failed.
   */
  render(request: RenderRequest): Promise<RenderResult>;
  /** Parses every part of a template (in this thread; parseLimit bounds it). null when it is valid. */
  validate(template: TemplateBodies): TemplateError | null;
  /** Workers, busy workers, queued renders and worker restarts, for metrics. */
  stats(): RenderWorkerPoolStats;
  /** Terminates the workers; renders still queued or running reject. */
  close(): Promise<void>;
}

export interface RendererOptions {
  /** Hard wall-clock budget of one render in ms; the worker is terminated past it. Default 1000. */
  timeoutMs?: number;
  /** Worker threads. Default 1. */
  workers?: number;
  /** Most UTF-8 bytes of title plus body. Default 256 KiB. */
  maxOutputBytes?: number;
  /**
   * LiquidJS memoryLimit: string characters and array items one render may allocate. Default 2 M.
   * LiquidJS charges it before allocating, so it also keeps single huge allocations from reaching the
   * worker's heap limit, which V8 does not always survive (see heapSafeMemoryLimit).
   */
  memoryLimit?: number;
  /** LiquidJS renderLimit in ms, the cooperative check that fails before the hard stop. Default timeoutMs / 2. */
  renderLimit?: number;
  /** LiquidJS parseLimit: most characters of template source. Default 1 M. */
  parseLimit?: number;
  /** Heap of each worker in MiB (worker resourceLimits). Default 64. */
  heapLimitMb?: number;
  /** Parsed templates cached per worker. Default 1000. */
  cacheSize?: number;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new RangeError(`renderer option ${name} must be a positive number, not ${value}`);
  return value;
}

/**
 * The highest LiquidJS memoryLimit a worker heap of `heapLimitMb` absorbs. A worker that fills its heap
 * with one growing array aborts the whole process instead of just the worker
 * (https://github.com/nodejs/node/issues/47224), so one render's allocations must stay well under the
 * heap: an array item costs 8 bytes, and growing an array briefly holds the old copy too, so we count 16
 * bytes a unit against half the heap.
 */
export function heapSafeMemoryLimit(heapLimitMb: number): number {
  return Math.floor((heapLimitMb * 1024 * 1024) / 2 / 16);
}

export function createRenderer(options: RendererOptions = {}): Renderer {
  const timeoutMs = positive('timeoutMs', options.timeoutMs, 1000);
  const limits = Object.freeze({
    parseLimit: positive('parseLimit', options.parseLimit, 1_000_000),
    renderLimit: positive('renderLimit', options.renderLimit, timeoutMs / 2),
    memoryLimit: positive('memoryLimit', options.memoryLimit, 2_000_000),
    maxOutputBytes: positive('maxOutputBytes', options.maxOutputBytes, 256 * 1024),
    cacheSize: Math.floor(positive('cacheSize', options.cacheSize, 1000)),
  });
  const heapLimitMb = positive('heapLimitMb', options.heapLimitMb, 64);
  if (limits.memoryLimit > heapSafeMemoryLimit(heapLimitMb)) {
    throw new RangeError(
      `renderer option memoryLimit ${limits.memoryLimit} is too high for heapLimitMb ${heapLimitMb}: lower it to ${heapSafeMemoryLimit(heapLimitMb)} or raise heapLimitMb`,
    );
  }
  const pool = new RenderWorkerPool({
    workers: Math.floor(positive('workers', options.workers, 1)),
    timeoutMs,
    heapLimitMb,
    limits,
  });
  const validator = createTemplateRenderer(limits);
  let closed = false;

  return {
    async render(request) {
      const formats = typeof request.format === 'string' ? [request.format] : request.format;
      if (request.template === null && !closed) {
        const message = renderDefaultMessage(formats, request.context);
        if (message) {
          const tooLarge = outputSizeError(
            message.title,
            message.body,
            message.format,
            limits.maxOutputBytes,
          );
          return tooLarge ? { ok: false, error: new TemplateError(tooLarge) } : { ok: true, ...message };
        }
      }
      const outcome = await pool.run({ template: request.template, formats, context: request.context });
      return outcome.ok ? outcome : { ok: false, error: new TemplateError(outcome.error) };
    },
    validate(template) {
      const error = validator.validate(template);
      return error === null ? null : new TemplateError(error);
    },
    stats: () => pool.stats(),
    close() {
      closed = true;
      return pool.close();
    },
  };
}
