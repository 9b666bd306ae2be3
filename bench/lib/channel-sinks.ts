import { connectAsync, type MqttClient } from 'mqtt';
import { SMTPServer } from 'smtp-server';

/** What a delivery measurement waits on: how many arrived, and when the last one did. */
export interface Counter {
  received: number;
  lastAt: number;
  reset(): void;
}

function counter(): Counter {
  return {
    received: 0,
    lastAt: 0,
    reset() {
      this.received = 0;
      this.lastAt = 0;
    },
  };
}

/** A local SMTP server that takes every mail without TLS or login and counts it once its data is read. */
export async function smtpSink(): Promise<Counter & { port: number; close(): Promise<void> }> {
  const count = counter();
  const server = new SMTPServer({
    authOptional: true,
    hideSTARTTLS: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        count.received++;
        count.lastAt = performance.timeOrigin + performance.now();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as { port: number };
  return Object.assign(count, {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** A subscriber on the machine's Mosquitto counting what arrives on `topic`. */
export async function mqttSink(url: string, topic: string): Promise<Counter & { close(): Promise<void> }> {
  const count = counter();
  const client: MqttClient = await connectAsync(url, { reconnectPeriod: 0 });
  client.on('message', () => {
    count.received++;
    count.lastAt = performance.timeOrigin + performance.now();
  });
  await client.subscribeAsync(topic, { qos: 1 });
  return Object.assign(count, { close: () => client.endAsync() });
}
