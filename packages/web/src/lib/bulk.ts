import { change } from './cache.svelte.ts';
import { messageOf } from './format.ts';
import { toaster } from './toast.svelte.ts';

/**
 * Runs one bulk call (`POST /<resource>/bulk`), marks `touches` stale and toasts what it did or why it
 * failed; true when it worked, so the page can clear its selection.
 */
export async function runBulk(
  run: () => Promise<{ changed: string[] }>,
  touches: readonly string[],
  done: (count: number) => string,
): Promise<boolean> {
  try {
    const result = await change(run, touches);
    toaster.show(done(result.changed.length));
    return true;
  } catch (error) {
    toaster.show(messageOf(error), 'error');
    return false;
  }
}
