import { Buffer } from 'node:buffer';
import type { Liquid, Template } from 'liquidjs';
import { defaultTemplate, defaultTitleTemplate } from './default-template.ts';
import { chooseFormat } from './format-choice.ts';
import { createLiquidEngine, type LiquidLimits } from './liquid-engine.ts';
import { LruCache } from './lru-cache.ts';
import { type MessageFormat, messageFormats, type TemplateBodies } from './message.ts';
import {
  TemplateError,
  type TemplateErrorData,
  type TemplatePart,
  templateErrorFromLiquid,
} from './template-error.ts';

/** One render, as plain data (it crosses the worker boundary by structured clone). */
export interface RenderJob {
  /** null renders the default template. */
  template: TemplateBodies | null;
  /** The formats the channel accepts, best first. */
  formats: readonly MessageFormat[];
  context: Record<string, unknown>;
}

export type RenderOutcome =
  | {
      ok: true;
      format: MessageFormat;
      title: string;
      body: string;
      /**
       * The context's top-level variables this render read, including ones looked up by a computed name
       * (`{{ [field].name }}`). Renders whose contexts agree on these give the same text.
       */
      reads: string[];
    }
  | { ok: false; error: TemplateErrorData };

export interface TemplateRendererLimits extends LiquidLimits {
  /** Most UTF-8 bytes of title plus body. */
  maxOutputBytes: number;
  /** Parsed templates kept per engine, keyed by source text. */
  cacheSize: number;
}

export interface TemplateRenderer {
  render(job: RenderJob): RenderOutcome;
  validate(template: TemplateBodies): TemplateErrorData | null;
}

/**
 * Parses and renders templates synchronously, in the calling thread. Its own limits are LiquidJS's
 * cooperative ones; run it in a worker that can be terminated (render-worker.ts) when the templates are
 * untrusted. validate() only parses, which parseLimit bounds, so it is safe in-process.
 */
export function createTemplateRenderer(limits: TemplateRendererLimits): TemplateRenderer {
  const engines = {
    plain: createLiquidEngine(limits, { html: false }),
    html: createLiquidEngine(limits, { html: true }),
  };
  // Broken templates are cached too, so a bad rule does not cost a parse per delivery.
  const caches = {
    plain: new LruCache<string, Template[] | TemplateError>(limits.cacheSize),
    html: new LruCache<string, Template[] | TemplateError>(limits.cacheSize),
  };

  function parse(source: string, part: TemplatePart): Template[] {
    const kind = part === 'html' ? 'html' : 'plain';
    let parsed = caches[kind].get(source);
    if (parsed === undefined) {
      try {
        parsed = engines[kind].parse(source);
      } catch (error) {
        parsed = new TemplateError(templateErrorFromLiquid(error, part));
      }
      caches[kind].set(source, parsed);
    }
    if (parsed instanceof TemplateError) throw parsed;
    return parsed;
  }

  function renderPart(source: string, part: TemplatePart, context: Record<string, unknown>): string {
    const templates = parse(source, part);
    const engine: Liquid = part === 'html' ? engines.html : engines.plain;
    try {
      return String(engine.renderSync(templates, context));
    } catch (error) {
      throw new TemplateError(templateErrorFromLiquid(error, part));
    }
  }

  function render(job: RenderJob): RenderOutcome {
    const template = job.template ?? defaultTemplate;
    const choice = chooseFormat(template, job.formats);
    if (choice === null) return { ok: false, error: noBodyError() };
    const { context, reads } = recordingReads(job.context);
    try {
      // A title is one line whatever the template's whitespace: it becomes a subject or a heading.
      const title = renderPart(template.title ?? defaultTitleTemplate, 'title', context)
        .replace(/\s+/g, ' ')
        .trim();
      const body = choice.convert(renderPart(template[choice.source]!, choice.source, context));
      const tooLarge = outputSizeError(title, body, choice.source, limits.maxOutputBytes);
      if (tooLarge) return { ok: false, error: tooLarge };
      return { ok: true, format: choice.target, title, body, reads: [...reads] };
    } catch (error) {
      if (error instanceof TemplateError) return { ok: false, error: error.toJSON() };
      throw error;
    }
  }

  function validate(template: TemplateBodies): TemplateErrorData | null {
    if (!messageFormats.some((format) => typeof template[format] === 'string')) return noBodyError();
    const parts: TemplatePart[] = ['title', ...messageFormats];
    for (const part of parts) {
      const source = template[part];
      if (typeof source !== 'string') continue;
      try {
        parse(source, part);
      } catch (error) {
        if (error instanceof TemplateError) return error.toJSON();
        throw error;
      }
    }
    return null;
  }

  return { render, validate };
}

/** The error of a message over `maxBytes` UTF-8 bytes of title plus body, or null. */
export function outputSizeError(
  title: string,
  body: string,
  part: TemplatePart,
  maxBytes: number,
): TemplateErrorData | null {
  const bytes = Buffer.byteLength(title) + Buffer.byteLength(body);
  if (bytes <= maxBytes) return null;
  return {
    reason: 'output_too_large',
    detail: `the message is ${bytes} bytes, over the limit of ${maxBytes}; shorten the template or cut long fields with truncate_text`,
    part,
  };
}

/**
 * The context behind a proxy that notes which of its own top-level variables are looked up. LiquidJS
 * finds every variable, by name or computed, through these traps; listing the keys counts as reading all.
 */
function recordingReads(context: Record<string, unknown>) {
  const reads = new Set<string>();
  const note = (key: string | symbol) => {
    if (typeof key === 'string' && Object.hasOwn(context, key)) reads.add(key);
  };
  const recording = new Proxy(context, {
    get(target, key, receiver) {
      note(key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      note(key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      note(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      for (const key of Object.keys(target)) reads.add(key);
      return Reflect.ownKeys(target);
    },
  });
  return { context: recording, reads };
}

function noBodyError(): TemplateErrorData {
  return { reason: 'parse', detail: 'the template has no body; give it a text, markdown or html body' };
}
