import { randomBytes } from 'node:crypto';
import type { ErrorWithReasonCode, MqttClient } from 'mqtt';
import { type ConnectContext, ConnectionFailed } from '../channel.ts';
import { checkedSocketAddress } from '../socket-address.ts';
import type { MqttTargetConfig } from './config-schema.ts';

/** How long opening may take before the send is retried. */
const connectTimeoutMs = 10_000;
/** Between reconnects after the broker went away; the session comes back by itself. */
const reconnectMs = 5_000;

/**
 * CONNACK refusals that no retry changes (MQTT 3.1.1 §3.2.2.3 return codes 1-5, and their MQTT 5 reason
 * codes): the target's config is wrong.
 */
const refusals: Record<number, string> = {
  1: 'the broker does not speak MQTT 3.1.1',
  2: 'the broker refused the client id; set another clientId',
  4: 'the broker refused the username or password',
  5: 'the broker does not allow this client; check username and password',
  133: 'the broker refused the client id; set another clientId',
  134: 'the broker refused the username or password',
  135: 'the broker does not allow this client; check username and password',
};

/**
 * One client per target, connected to the address the socket guard checked (the broker's name still
 * goes into TLS as the server name). It reconnects by itself after the broker went away; sends while it is
 * away are retried rather than queued in memory, so nothing waits where a restart would lose it.
 */
export async function openBroker(config: MqttTargetConfig, ctx: ConnectContext): Promise<MqttClient> {
  const url = new URL(config.url);
  const tls = url.protocol === 'mqtts:';
  const port = url.port === '' ? (tls ? 8883 : 1883) : Number(url.port);
  const address = await checkedSocketAddress(ctx, url.hostname, port);
  // Loaded on the first MQTT target's first send: most installations have none, and it costs ~60 ms of start.
  const { connect } = await import('mqtt');
  const client = connect({
    protocol: tls ? 'mqtts' : 'mqtt',
    host: address,
    port,
    ...(tls ? { servername: url.hostname.replace(/^\[|\]$/g, '') } : {}),
    protocolVersion: 4,
    clientId: config.clientId ?? `notify-bridge-${randomBytes(6).toString('hex')}`,
    ...(config.username === undefined ? {} : { username: config.username }),
    ...(config.password === undefined ? {} : { password: config.password }),
    connectTimeout: connectTimeoutMs,
    reconnectPeriod: reconnectMs,
    // Never hold a publish in memory for a later reconnect: the outbox is where waiting is durable.
    queueQoSZero: false,
  });
  let settle: { onConnect: () => void; onError: (error: Error) => void; onClose: () => void } | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      settle = {
        onConnect: () => resolve(),
        onError: reject,
        // mqtt.js reports a refused or dropped TCP connect as 'close' before any 'connect', not as 'error'.
        onClose: () => reject(new Error(`no connection to ${url.host}`)),
      };
      client.once('connect', settle.onConnect);
      client.once('error', settle.onError);
      client.once('close', settle.onClose);
    });
  } catch (error) {
    client.end(true);
    const code = (error as ErrorWithReasonCode).code;
    const refusal = typeof code === 'number' ? refusals[code] : undefined;
    if (refusal) {
      throw new ConnectionFailed({
        status: 'failed',
        error: { kind: 'rejected', code: String(code), message: `${url.host}: ${refusal}` },
      });
    }
    throw new Error(`${url.host}: ${(error as Error).message}`);
  }
  client.off('error', settle!.onError);
  client.off('close', settle!.onClose);
  client.on('error', (error) => ctx.logger.warn({ err: error }, 'MQTT connection error'));
  return client;
}

export async function closeBroker(client: MqttClient): Promise<void> {
  await client.endAsync();
}
