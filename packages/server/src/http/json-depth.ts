import type { FastifyInstance } from 'fastify';
import { BridgeError } from '../errors.ts';

/**
 * How deep a JSON body may nest, in arrays and objects. The senders we know stay under 10 levels (GitHub's
 * deepest payloads nest 7); 64 leaves room for any real payload and is far below where a recursive step on
 * the parsed value (JSON.stringify when the event is stored, template rendering) runs out of stack, which
 * it does at a few thousand levels. 64 is also System.Text.Json's default MaxDepth.
 */
export const maxJsonDepth = 64;

const quote = 0x22;
const backslash = 0x5c;
const [openArray, openObject, closeArray, closeObject] = [0x5b, 0x7b, 0x5d, 0x7d];

/**
 * The offset of the bracket that opens level `maxJsonDepth + 1`, or undefined when the text nests no
 * deeper than that. Brackets inside strings do not count; the text need not be valid JSON.
 */
export function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === backslash) i++;
      else if (char === quote) inString = false;
    } else if (char === quote) {
      inString = true;
    } else if (char === openArray || char === openObject) {
      if (++depth > maxJsonDepth) return i;
    } else if (char === closeArray || char === closeObject) {
      depth--;
    }
  }
  return undefined;
}

export function tooDeepMessage(offset: number): string {
  return `The JSON body nests deeper than ${maxJsonDepth} levels (at position ${offset}); send it flatter.`;
}

/**
 * Replaces Fastify's JSON parser with one that first refuses bodies nested deeper than `maxJsonDepth`, for
 * every route of `app` that takes JSON (the API, channel updates). Prototype-poisoning keys stay errors.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const offset = tooDeepAt(body as string);
    if (offset === undefined) return parse(request, body as string, done);
    done(new BridgeError('NB_ERR_MALFORMED_BODY', tooDeepMessage(offset)), undefined);
  });
}
