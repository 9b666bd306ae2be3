import type { MqttClient } from 'mqtt';
import { untilAborted } from '../../domain/until-aborted.ts';
import type { ChannelKind, SendOutcome } from '../channel.ts';
import { closeBroker, openBroker } from './broker-connection.ts';
import {
  type MqttAddress,
  MqttAddressSchema,
  type MqttTargetConfig,
  MqttTargetConfigSchema,
} from './config-schema.ts';
import { publishPayload, publishTopic } from './publish-payload.ts';

export {
  type MqttAddress,
  MqttAddressSchema,
  type MqttTargetConfig,
  MqttTargetConfigSchema,
} from './config-schema.ts';

import { mqttUrl } from './apprise-url.ts';

/**
 * Publishes to an MQTT broker over one connection per target (`connector`), to a topic per receiver with
 * its QoS and retain flag. A send resolves when the broker has acknowledged it (PUBACK for QoS 1, PUBCOMP
 * for 2; for QoS 0, once written). A retry after a lost acknowledgement publishes again, so a QoS 1 or 2
 * subscriber may see a message twice across our retries, as MQTT's at-least-once allows.
 */
export const mqttChannel: ChannelKind<MqttTargetConfig, MqttAddress> = {
  kind: 'mqtt',
  description: 'Publish to an MQTT broker: a topic per receiver, JSON or text, QoS 0/1/2 and retain.',
  configSchema: MqttTargetConfigSchema,
  addressSchema: MqttAddressSchema,
  secretFields: ['password'],
  url: mqttUrl,
  formats: ['text'],
  limits: {},
  connector: { open: openBroker, close: closeBroker },

  async send(ctx, message): Promise<SendOutcome> {
    const client = ctx.connection as MqttClient;
    if (!client.connected) {
      return {
        status: 'retry',
        error: { kind: 'transport', message: 'not connected to the broker (it went away; reconnecting)' },
      };
    }
    const topic = publishTopic(ctx.address.topic, message);
    const payload = publishPayload(message, ctx.address, ctx.deliveryId);
    const published = client.publishAsync(topic, payload, {
      qos: ctx.address.qos ?? 1,
      retain: ctx.address.retain ?? false,
    });
    try {
      await untilAborted(published, ctx.signal);
      return { status: 'sent' };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      return {
        status: 'retry',
        error: { kind: 'transport', message: `publish failed: ${(error as Error).message}` },
      };
    }
  },
};
