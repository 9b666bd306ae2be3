// A reference for ingest: Fastify answering 202 after what every webhook costs before storage (read the raw
// body, parse its JSON, hash it for a dedup key), with nothing stored. Between the bare node:http baseline
// and notify-bridge, it shows how much of the gap is the web framework and parsing and how much storage.
import { hash } from 'node:crypto';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.post('/hooks/:sourceId', async (request, reply) => {
  const body = request.body as Buffer;
  JSON.parse(body.toString('utf8'));
  const id = `sha256:${hash('sha256', body, 'hex')}`;
  return reply.status(202).send({ id, duplicate: false });
});
app.server.keepAliveTimeout = 60_000;
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.('ready');
