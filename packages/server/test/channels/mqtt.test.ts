import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqttChannel } from '../../src/channels/mqtt/index.ts';
import { publishTopic } from '../../src/channels/mqtt/publish-payload.ts';
import { ChannelConnections } from '../../src/delivery/channel-connections.ts';
import { channelState } from '../../src/delivery/channel-state.ts';
import { type ChannelCall, type ChannelServices, invokeChannel } from '../../src/delivery/invoke-channel.ts';
import { manualClock } from '../../src/domain/clock.ts';
import { socketDestinations } from '../../src/security/socket-destinations.ts';
import { createTestDatabase, type TestDatabase, testDialects } from '../helpers/databases.ts';
import { eventually } from '../helpers/http-sink.ts';
import { type PrivateBroker, sharedBrokerUrl, startPrivateBroker } from '../helpers/mosquitto.ts';
import { hookSecret, postHook } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { message } from './send-context.ts';

interface Received {
  topic: string;
  payload: string;
  retain: boolean;
  qos: number;
}

/** A subscriber on the shared broker, collecting what arrives under its own prefix. */
async function subscriber(url: string, topic: string): Promise<{ client: MqttClient; received: Received[] }> {
  const client = await connectAsync(url, { reconnectPeriod: 0 });
  const received: Received[] = [];
  client.on('message', (t, payload, packet) =>
    received.push({ topic: t, payload: payload.toString(), retain: packet.retain, qos: packet.qos }),
  );
  await client.subscribeAsync(topic, { qos: 2 });
  return { client, received };
}

describe('the mqtt channel against Mosquitto', () => {
  const prefix = `nb-test/${process.pid}-${Date.now()}`;
  const clock = manualClock(Date.parse('2026-12-03T10:00:00Z'));
  const logger = pino({ level: 'silent' });
  let test: TestDatabase;
  let services: ChannelServices;
  let broker: PrivateBroker;
  let sub: Awaited<ReturnType<typeof subscriber>>;

  beforeAll(async () => {
    test = await createTestDatabase('sqlite');
    broker = await startPrivateBroker();
    sub = await subscriber(sharedBrokerUrl, `${prefix}/#`);
    const database = test.open();
    services = {
      stateOf: (targetId) => channelState(database, targetId, clock),
      http: { request: () => Promise.reject(new Error('mqtt makes no HTTP requests')) },
      clock,
      sendTimeoutMs: 5000,
      connections: new ChannelConnections({
        sockets: socketDestinations({ allowPrivate: ['127.0.0.0/8'] }),
        clock,
        logger,
      }),
    };
  });
  afterAll(async () => {
    await services.connections.closeAll();
    await sub.client.endAsync();
    await broker.stop();
    await test.drop();
  });

  function call(
    targetId: string,
    config: object,
    address: object,
    over: Partial<ChannelCall> = {},
  ): ChannelCall {
    return {
      channel: mqttChannel,
      targetId,
      config,
      address,
      options: {},
      deliveryId: '01JDELIVERY00000000000000001',
      attempt: 1,
      lastAttempt: false,
      logger,
      ...over,
    };
  }

  it('publishes JSON to the topic with the event put in, at QoS 1, over one connection per target', async () => {
    const target = call('t-json', { url: sharedBrokerUrl }, { topic: `${prefix}/alerts/{severity}/{type}` });
    expect(await invokeChannel(services, target, message)).toEqual({ status: 'sent' });
    expect(await invokeChannel(services, target, { ...message, severity: 'info' })).toEqual({
      status: 'sent',
    });
    const got = await eventually(async () => (sub.received.length >= 2 ? sub.received : undefined));
    expect(got.map((m) => m.topic)).toEqual([
      `${prefix}/alerts/warning/alert.firing`,
      `${prefix}/alerts/info/alert.firing`,
    ]);
    expect(JSON.parse(got[0]!.payload)).toEqual({
      eventId: message.eventId,
      deliveryId: '01JDELIVERY00000000000000001',
      type: 'alert.firing',
      severity: 'warning',
      title: 'Disk almost full',
      body: '**/srv** is at 93 %',
      url: message.url,
      tags: ['disk', 'srv'],
      occurredAt: '2026-11-22T11:59:00.000Z',
    });
    const first = await services.connections.get(mqttChannel, 't-json', { url: sharedBrokerUrl });
    const again = await services.connections.get(mqttChannel, 't-json', { url: sharedBrokerUrl });
    expect(again).toBe(first);
  });

  it('publishes text with retain at the receiver’s QoS', async () => {
    sub.received.length = 0;
    const target = call(
      't-text',
      { url: sharedBrokerUrl },
      { topic: `${prefix}/text`, payload: 'text', qos: 2, retain: true },
    );
    expect(await invokeChannel(services, target, message)).toEqual({ status: 'sent' });
    const [got] = await eventually(async () => (sub.received.length >= 1 ? sub.received : undefined));
    expect(got).toMatchObject({ topic: `${prefix}/text`, payload: 'Disk almost full\n**/srv** is at 93 %' });
    // A new subscriber gets the retained message: the broker kept it.
    const late = await subscriber(sharedBrokerUrl, `${prefix}/text`);
    const [kept] = await eventually(async () => (late.received.length >= 1 ? late.received : undefined));
    expect(kept).toMatchObject({ payload: got!.payload, retain: true });
    await late.client.publishAsync(`${prefix}/text`, '', { retain: true });
    await late.client.endAsync();
  });

  it('never lets an event value add a wildcard level to the topic', () => {
    expect(publishTopic('a/{type}/{severity}', { ...message, eventType: 'x+y#z' })).toBe('a/x_y_z/warning');
  });

  it('logs in with username and password, and fails a refused login at once without quoting the password', async () => {
    const good = call(
      't-auth',
      { url: broker.url, username: broker.user, password: broker.password },
      { topic: 'a/b' },
    );
    expect(await invokeChannel(services, good, message)).toEqual({ status: 'sent' });
    const bad = call(
      't-auth',
      { url: broker.url, username: broker.user, password: 'not-the-password-1' },
      { topic: 'a/b' },
    );
    const refused = await invokeChannel(services, bad, message);
    expect(refused).toMatchObject({ status: 'failed', error: { kind: 'rejected', code: '5' } });
    expect(JSON.stringify(refused)).not.toContain('not-the-password-1');
    // The changed config closed the connection that worked: the target has only the refused one now.
    const reopened = await invokeChannel(services, good, message);
    expect(reopened).toEqual({ status: 'sent' });
  });

  it('retries when the broker does not answer, and when it went away after connecting', async () => {
    const own = await startPrivateBroker();
    const config = { url: own.url, username: own.user, password: own.password };
    const target = call('t-gone', config, { topic: 'a/b' });
    expect(await invokeChannel(services, target, message)).toEqual({ status: 'sent' });
    await own.stop();
    const client = (await services.connections.get(mqttChannel, 't-gone', config)) as MqttClient;
    await eventually(async () => (client.connected ? undefined : true));
    expect(await invokeChannel(services, target, message)).toMatchObject({
      status: 'retry',
      error: { kind: 'transport', message: expect.stringContaining('not connected to the broker') },
    });
    const nowhere = call('t-nowhere', { url: own.url }, { topic: 'a/b' });
    const outcome = await invokeChannel(services, nowhere, message);
    expect(outcome).toMatchObject({
      status: 'retry',
      error: { kind: 'transport', message: expect.stringContaining('could not connect') },
    });
  });

  it('refuses a private broker the operator did not allow, as the HTTP channels do', async () => {
    const strict: ChannelServices = {
      ...services,
      connections: new ChannelConnections({ sockets: socketDestinations(), clock, logger }),
    };
    const outcome = await invokeChannel(
      strict,
      call('t-private', { url: sharedBrokerUrl }, { topic: 'a/b' }),
      message,
    );
    expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'internal', code: 'blocked' } });
    expect((outcome as { error: { message: string } }).error.message).toContain('allowPrivate');
    await strict.connections.closeAll();
  });

  it('closes a target’s connection when nobody sent to it for ten minutes, and every one at shutdown', async () => {
    const config = { url: sharedBrokerUrl };
    const client = (await services.connections.get(mqttChannel, 't-idle', config)) as MqttClient;
    expect(client.connected).toBe(true);
    clock.advance(10 * 60_000);
    await eventually(async () => (client.disconnected ? true : undefined));
    const next = (await services.connections.get(mqttChannel, 't-idle', config)) as MqttClient;
    expect(next).not.toBe(client);
    await services.connections.closeAll();
    expect(next.disconnected).toBe(true);
  });
});

describe.each(testDialects)('an mqtt target in the app on %s', (dialect) => {
  const prefix = `nb-app/${dialect}-${process.pid}-${Date.now()}`;
  let t: TestApp;
  let broker: PrivateBroker;
  let sub: Awaited<ReturnType<typeof subscriber>>;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    broker = await startPrivateBroker();
    sub = await subscriber(sharedBrokerUrl, `${prefix}/#`);
  });
  afterAll(async () => {
    await t.close();
    await sub.client.endAsync();
    await broker.stop();
  });

  it('seals the password, answers a test send, and delivers an event to the receiver’s topic', async () => {
    const target = await t.api<{ id: string; secretsSet: string[]; config: object }>(
      'POST',
      '/api/v1/targets',
      {
        kind: 'mqtt',
        name: 'broker',
        config: { url: broker.url, username: broker.user, password: broker.password },
      },
    );
    expect(target.status, JSON.stringify(target.body)).toBe(201);
    expect(target.body.secretsSet).toEqual(['password']);
    expect(JSON.stringify(target.body)).not.toContain(broker.password);
    const receiver = await t.api<{ id: string }>('POST', `/api/v1/targets/${target.body.id}/receivers`, {
      name: 'topic',
      address: { topic: 'notify/{type}' },
    });
    expect(receiver.status, JSON.stringify(receiver.body)).toBe(201);
    const tested = await t.api(
      'POST',
      `/api/v1/targets/${target.body.id}/receivers/${receiver.body.id}/test`,
    );
    expect(tested.body).toEqual({ status: 'sent' });

    const wrong = await t.api('PATCH', `/api/v1/targets/${target.body.id}`, {
      config: { url: broker.url, username: broker.user, password: 'wrong-password-123' },
    });
    expect(wrong.status).toBe(200);
    const refused = await t.api(
      'POST',
      `/api/v1/targets/${target.body.id}/receivers/${receiver.body.id}/test`,
    );
    expect(refused.body).toMatchObject({ status: 'failed', error: { kind: 'rejected' } });

    // The shared broker, to watch what arrives: a second target, and a rule from a webhook source to it.
    const shared = await t.api<{ id: string }>('POST', '/api/v1/targets', {
      kind: 'mqtt',
      name: 'shared',
      config: { url: sharedBrokerUrl },
    });
    const onShared = await t.api<{ id: string }>('POST', `/api/v1/targets/${shared.body.id}/receivers`, {
      name: 'watched',
      address: { topic: `${prefix}/{severity}`, payload: 'text' },
    });
    const source = await t.api<{ id: string }>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'hook',
      config: { auth: { mode: 'bearer' }, secret: hookSecret },
    });
    const rule = await t.api('POST', '/api/v1/rules', {
      name: 'to mqtt',
      sourceIds: [source.body.id],
      receiverIds: [onShared.body.id],
    });
    expect(rule.status).toBe(201);
    const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    const accepted = await postHook(baseUrl, source.body.id, { title: 'Backup done', severity: 'info' });
    expect(accepted.status).toBe(202);
    const [got] = await eventually(async () => (sub.received.length >= 1 ? sub.received : undefined));
    expect(got).toMatchObject({ topic: `${prefix}/info` });
    expect(got!.payload).toContain('Backup done');
  });
});
