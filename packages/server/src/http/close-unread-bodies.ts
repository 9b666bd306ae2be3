import type { FastifyInstance } from 'fastify';

/**
 * Answers that go out before the request body was read (a 401 from the headers, a 404 for an unknown
 * source, a 413 from Content-Length) close the connection. Kept alive, Node would read and discard the
 * rest of the body to reuse the socket, so whoever declared 2 GB could make us read 2 GB without a
 * token. `Connection: close` makes Node end the socket once the answer is written.
 */
export function closeConnectionsOnUnreadBodies(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    // `complete` is Node's "the whole message was parsed"; inject()'s fake requests have none.
    if (request.raw.complete === false) reply.header('connection', 'close');
  });
}
