import { LruCache } from '../render/lru-cache.ts';
import type { MessageFormat, TemplateBodies } from '../render/message.ts';
import type { RenderResult } from '../render/renderer.ts';

/** What decides a render's text besides the receiver: the context's other parts are fixed by these ids. */
export interface RenderInputs {
  eventId: string;
  targetId: string;
  ruleId: string | null;
  receiverId: string;
  template: TemplateBodies | null;
  formats: readonly MessageFormat[];
}

interface Shared {
  receiverId: string;
  result: Promise<RenderResult>;
}

// Enough for the events being fanned out at any moment; a render's text is dropped past this size
// rather than kept for receivers that may never come.
const capacity = 256;
const maxSharedLength = 64 * 1024;

/**
 * Renders shared between the deliveries of one event. A fan-out sends one event to thousands of
 * receivers through the same template, and unless the template reads `receiver`, they all get the same
 * text: it is rendered once, and deliveries claimed meanwhile wait for that render instead of starting
 * their own. Whether a render read `receiver` comes from the render itself (RenderResult.reads), so a
 * lookup by a computed name counts too.
 */
export class SharedRenders {
  readonly #renders = new LruCache<string, Shared>(capacity);

  async render(inputs: RenderInputs, render: () => Promise<RenderResult>): Promise<RenderResult> {
    const key = keyOf(inputs);
    const shared = this.#renders.get(key);
    if (shared) {
      const result = await shared.result.catch(() => undefined);
      if (shared.receiverId === inputs.receiverId) return result ?? render();
      // A failed render is not shared: its error may be about this receiver's data.
      if (result?.ok && !result.reads.includes('receiver')) return result;
      return render();
    }
    const result = render();
    this.#renders.set(key, { receiverId: inputs.receiverId, result });
    void result.then(
      (done) => {
        if (
          !done.ok ||
          done.reads.includes('receiver') ||
          done.title.length + done.body.length > maxSharedLength
        ) {
          this.#forget(key, result);
        }
      },
      () => this.#forget(key, result),
    );
    return result;
  }

  #forget(key: string, result: Promise<RenderResult>): void {
    if (this.#renders.peek(key)?.result === result) this.#renders.delete(key);
  }
}

function keyOf(inputs: RenderInputs): string {
  const template = inputs.template === null ? '' : JSON.stringify(inputs.template);
  return `${inputs.eventId}\u0000${inputs.targetId}\u0000${inputs.ruleId ?? ''}\u0000${inputs.formats.join(',')}\u0000${template}`;
}
