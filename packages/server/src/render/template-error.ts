import type { MessageFormat } from './message.ts';

/**
 * Why a template could not produce a message. Every reason is the template's fault, so the delivery
 * fails permanently: retrying the same template on the same event gives the same answer.
 */
export const templateErrorReasons = ['parse', 'render', 'timeout', 'memory', 'output_too_large'] as const;
export type TemplateErrorReason = (typeof templateErrorReasons)[number];

/** The part of a template that failed: its title or one of its bodies. */
export type TemplatePart = 'title' | MessageFormat;

/** The plain-data form of a TemplateError: what crosses the worker boundary and what the API returns. */
export interface TemplateErrorData {
  reason: TemplateErrorReason;
  /** What went wrong, without the position (LiquidJS's own wording where it has one). */
  detail: string;
  part?: TemplatePart;
  /** 1-based, as editors count. */
  line?: number;
  column?: number;
}

/** A template failed to parse or render; the message names the part and position and says what to fix. */
export class TemplateError extends Error {
  readonly reason: TemplateErrorReason;
  readonly detail: string;
  readonly part?: TemplatePart;
  readonly line?: number;
  readonly column?: number;

  constructor(data: TemplateErrorData) {
    super(describe(data));
    this.name = 'TemplateError';
    this.reason = data.reason;
    this.detail = data.detail;
    if (data.part !== undefined) this.part = data.part;
    if (data.line !== undefined) this.line = data.line;
    if (data.column !== undefined) this.column = data.column;
  }

  toJSON(): TemplateErrorData {
    const data: TemplateErrorData = { reason: this.reason, detail: this.detail };
    if (this.part !== undefined) data.part = this.part;
    if (this.line !== undefined) data.line = this.line;
    if (this.column !== undefined) data.column = this.column;
    return data;
  }
}

function describe(data: TemplateErrorData): string {
  const where = [
    data.part === undefined ? 'template' : `${data.part} template`,
    data.line === undefined ? '' : `line ${data.line}`,
    data.column === undefined ? '' : `column ${data.column}`,
  ].filter((piece) => piece !== '');
  return `${where.join(', ')}: ${data.detail}`;
}

// LiquidJS appends ", line:2, col:3" to its messages; we report the position in fields instead.
const liquidPositionSuffix = /, line:\d+, col:\d+$/;

interface LiquidLikeError {
  name?: unknown;
  message?: unknown;
  token?: { getPosition?: () => [number, number] };
}

/** Turns anything LiquidJS (or the JS engine under it) throws into TemplateErrorData. */
export function templateErrorFromLiquid(error: unknown, part: TemplatePart): TemplateErrorData {
  const err = (typeof error === 'object' && error !== null ? error : {}) as LiquidLikeError;
  const message = typeof err.message === 'string' ? err.message : String(error);
  const detail = message.replace(liquidPositionSuffix, '');
  const data: TemplateErrorData = { reason: reasonOf(err.name, detail), detail: explain(detail), part };
  const position = typeof err.token?.getPosition === 'function' ? err.token.getPosition() : undefined;
  if (position) {
    data.line = position[0];
    data.column = position[1];
  }
  return data;
}

function reasonOf(name: unknown, detail: string): TemplateErrorReason {
  // LiquidJS's cooperative limits (liquidjs.com/tutorials/dos.html) say which resource ran out.
  if (detail.startsWith('memory alloc limit exceeded') || detail === 'Invalid string length') return 'memory';
  if (detail.startsWith('template render limit exceeded')) return 'timeout';
  if (name === 'ParseError' || name === 'TokenizationError' || detail.startsWith('parse length limit')) {
    return 'parse';
  }
  return 'render';
}

// Adds the fix to the limit messages, whose LiquidJS wording only says what ran out.
function explain(detail: string): string {
  if (detail.startsWith('memory alloc limit exceeded') || detail === 'Invalid string length') {
    return `${detail}: the template builds too much text or too large a range; shorten loops and padding`;
  }
  if (detail.startsWith('template render limit exceeded')) {
    return `${detail}: the template takes too long to render; avoid loops over large ranges`;
  }
  if (detail.startsWith('parse length limit exceeded')) return `${detail}: the template is too long`;
  return detail;
}
