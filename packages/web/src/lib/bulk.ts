import { change } from './cache.svelte.ts';
import { messageOf } from './format.ts';
import { toaster } from './toast.svelte.ts';

/**
 * Runs one bulk call (`POST /<resource>/bulk`), marks `touches` stale and toasts what it did or why it
 * failed; true when it worked, so the page can clear its selection.
 */
export async function runBulk(
  run: () => Promise<{ items: { outcome: string; message?: string | undefined }[] }>,
  touches: readonly string[],
  done: (count: number) => string,
): Promise<boolean> {
  try {
    const result = await change(run, touches);
    toaster.show(done(result.items.filter((item) => item.outcome === 'done').length));
    // A row the server would not change says why (a rule reaching everyone's events, say).
    const refused = result.items.find((item) => item.message !== undefined);
    if (refused?.message) toaster.show(refused.message, 'error');
    return true;
  } catch (error) {
    toaster.show(messageOf(error), 'error');
    return false;
  }
}
