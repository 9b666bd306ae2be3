import { type ChannelUrlForm, formatTargetUrl } from '../target-url.ts';
import type { PushoverAddress, PushoverTargetConfig } from './config-schema.ts';

/** Apprise's defaults for an emergency's repeats when the URL gives none (wiki Notify_pushover). */
const defaultRetrySeconds = 900;
const defaultExpireSeconds = 3600;

/**
 * Apprise's Pushover form (wiki Notify_pushover): `pover://{user_key}@{app_token}[/{device}...]`, with
 * `?sound=`, and `?priority=emergency` (or 2) with `?retry=` and `?expire=` to send critical events as
 * emergencies. Other priorities come from each event's severity, so they are not kept.
 */
export const pushoverUrl: ChannelUrlForm<PushoverTargetConfig, PushoverAddress> = {
  schemes: ['pover'],
  options: ['sound', 'priority', 'retry', 'expire', 'to'],

  fromUrl(url) {
    if (url.user === undefined || url.host === '') {
      return 'needs the user key and the application token (pover://USER_KEY@APP_TOKEN)';
    }
    const address: PushoverAddress = { user: url.user };
    const devices = [...url.path, ...(url.query.get('to')?.split(',') ?? [])].filter((d) => d !== '');
    if (devices.length > 0) address.device = devices.join(',');
    const sound = url.query.get('sound');
    if (sound !== undefined) address.sound = sound;
    const priority = url.query.get('priority')?.toLowerCase();
    if (priority === 'emergency' || priority === '2') {
      const retry = Number(url.query.get('retry') ?? defaultRetrySeconds);
      const expire = Number(url.query.get('expire') ?? defaultExpireSeconds);
      if (!Number.isInteger(retry) || !Number.isInteger(expire))
        return 'retry and expire must be whole seconds';
      address.emergency = { retry, expire };
    }
    return { config: { token: url.host }, addresses: [address] };
  },

  toUrl(config, addresses, { secret }) {
    const address = addresses[0];
    return formatTargetUrl({
      scheme: 'pover',
      user: address?.user,
      host: secret(config.token),
      path: address?.device?.split(',') ?? [],
      query: [
        ['sound', address?.sound],
        ['priority', address?.emergency ? 'emergency' : undefined],
        ['retry', address?.emergency?.retry.toString()],
        ['expire', address?.emergency?.expire.toString()],
      ],
    });
  },
};
