import { booleanOption, type ChannelUrlForm, formatTargetUrl } from '../target-url.ts';
import type { MqttAddress, MqttTargetConfig } from './config-schema.ts';

/**
 * Apprise's MQTT form (wiki Notify_mqtt): `mqtt[s]://[{user}[:{password}]@]{host}[:{port}]/{topic}`, with
 * `?qos=`, `?retain=` and `?client_id=`; mqtts:// is TLS. The whole path is one topic, levels and all
 * (home/alerts); `?payload=json|text` is ours (Apprise sends the body as text).
 */
export const mqttUrl: ChannelUrlForm<MqttTargetConfig, MqttAddress> = {
  schemes: ['mqtt', 'mqtts'],
  options: ['qos', 'retain', 'client_id', 'payload'],

  fromUrl(url) {
    if (url.host === '') return 'needs the broker host (mqtt://HOST[:PORT]/TOPIC)';
    if (url.port !== undefined && !/^[0-9]{1,5}$/.test(url.port)) return 'has a port that is not a number';
    if (url.path.length === 0) return 'names no topic to publish to (mqtt://HOST/TOPIC)';
    const config: Record<string, unknown> = {
      url: `${url.scheme}://${url.host}${url.port === undefined ? '' : `:${url.port}`}`,
    };
    if (url.user !== undefined) config.username = url.user;
    if (url.password !== undefined && url.password !== '') config.password = url.password;
    const clientId = url.query.get('client_id');
    if (clientId !== undefined) config.clientId = clientId;
    const address: Record<string, unknown> = { topic: url.path.join('/') };
    const qos = url.query.get('qos');
    if (qos !== undefined) {
      if (!/^[012]$/.test(qos)) return 'option "qos" must be 0, 1 or 2';
      address.qos = Number(qos);
    }
    const retain = booleanOption(url, 'retain');
    if (typeof retain === 'string') return retain;
    if (retain !== undefined) address.retain = retain;
    const payload = url.query.get('payload');
    if (payload !== undefined) address.payload = payload;
    return { config, addresses: [address] };
  },

  toUrl(config, addresses, { secret }) {
    const broker = new URL(config.url);
    const address = addresses[0];
    return formatTargetUrl({
      scheme: broker.protocol.slice(0, -1),
      user: config.username,
      password: config.password === undefined ? undefined : secret(config.password),
      host: broker.hostname,
      port: broker.port || undefined,
      path: address?.topic.split('/') ?? [],
      query: [
        ['qos', address?.qos?.toString()],
        ['retain', address?.retain === undefined ? undefined : address.retain ? 'yes' : 'no'],
        ['client_id', config.clientId],
        ['payload', address?.payload],
      ],
    });
  },
};
