import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import type { StreamSink } from '../broadcaster.ts';
import { ntfyControl, ntfyMessage } from './ntfy-message.ts';

/**
 * ntfy's WebSocket form (docs.ntfy.sh/subscribe/api/#websockets): one JSON message per text frame, `open`
 * first and `keepalive` between, the same objects as the JSON stream. A ping rides along each keepalive for
 * proxies that only count frames. A dropped subscriber gets a close frame that says why.
 */
export function ntfyWebSocketSink(
  ws: WebSocket,
  socket: Socket,
  topic: string,
  now: () => number,
): StreamSink {
  const send = (message: object) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  send(ntfyControl('open', topic, now()));
  return {
    send: (entries) => {
      for (const entry of entries) send(ntfyMessage(entry, topic));
    },
    keepalive() {
      send(ntfyControl('keepalive', topic, now()));
      if (ws.readyState === ws.OPEN) ws.ping();
    },
    gap: () => {},
    drop(_reason, lastId) {
      // 4000–4999 are the application's own close codes (RFC 6455 §7.4.2).
      ws.close(4001, `too slow; resume with since=nb${lastId}`);
    },
    end: () => ws.close(1001, 'the server is stopping'),
    get buffered() {
      return ws.bufferedAmount;
    },
    drained: () =>
      ws.readyState !== ws.OPEN || socket.writableLength === 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            const done = () => {
              socket.off('drain', done);
              socket.off('close', done);
              resolve();
            };
            socket.on('drain', done);
            socket.on('close', done);
          }),
    get closed() {
      return ws.readyState !== ws.OPEN;
    },
  };
}
