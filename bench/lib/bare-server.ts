// The baseline for ingest: a bare node:http server that reads the body and answers 202, nothing else.
import { createServer } from 'node:http';

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(202, { 'content-type': 'application/json' }).end('{"id":"x"}'));
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
