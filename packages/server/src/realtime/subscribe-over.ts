import type { FastifyReply } from 'fastify';
import type { Clock } from '../domain/clock.ts';
import type { StreamBroadcaster, StreamSink } from './broadcaster.ts';
import { sseSink } from './sse-sink.ts';
import type { StreamFilter } from './stream-filter.ts';

/**
 * Opens the subscription and hands the response over to it until either side ends it. Errors before the
 * stream opened (the cap) are ordinary error answers. Shared by the API's streams and the ntfy protocol.
 */
export async function subscribeOver(
  reply: FastifyReply,
  options: { broadcaster: StreamBroadcaster; clock: Clock },
  subscription: { filter: StreamFilter; after: number | undefined; holder: string },
  open: (reply: FastifyReply) => StreamSink = (r) => sseSink(r.raw, options.clock),
): Promise<void> {
  let unsubscribe: (() => void) | undefined;
  let ended = false;
  reply.raw.on('close', () => {
    ended = true;
    unsubscribe?.();
  });
  try {
    unsubscribe = await options.broadcaster.subscribe({
      ...subscription,
      open: () => {
        reply.hijack();
        return open(reply);
      },
    });
  } catch (error) {
    // After the stream opened, the response is ours: end it, so the client reconnects and resumes.
    if (!reply.sent) throw error;
    reply.log.error({ err: error }, 'a stream failed while catching up');
    reply.raw.destroy();
    return;
  }
  if (ended) unsubscribe();
}
