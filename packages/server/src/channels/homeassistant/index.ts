import type { ChannelKind, SendOutcome } from '../channel.ts';
import { joinUrl } from '../config-url.ts';
import { outcomeOfHttpError } from '../http-outcome.ts';
import {
  type HomeAssistantAddress,
  HomeAssistantAddressSchema,
  type HomeAssistantTargetConfig,
  HomeAssistantTargetConfigSchema,
  notifyServiceName,
} from './config-schema.ts';
import { homeAssistantOutcome } from './homeassistant-answer.ts';
import { notifyCall, notifyLimits } from './notify-payload.ts';

export {
  type HomeAssistantAddress,
  HomeAssistantAddressSchema,
  type HomeAssistantTargetConfig,
  HomeAssistantTargetConfigSchema,
} from './config-schema.ts';

/** HA answers with the states the call changed: for a notify service a short list. */
const maxResponseBytes = 256 * 1024;

/**
 * Calls a Home Assistant notify service (`notify.mobile_app_<device>` for the companion app's push) through
 * HA's REST API with a long-lived token. HA has no idempotency key; the event id as the notification's
 * `tag` makes a second push of one event replace the first on the phone rather than show twice.
 */
export const homeAssistantChannel: ChannelKind<HomeAssistantTargetConfig, HomeAssistantAddress> = {
  kind: 'homeassistant',
  description: "Push to phones through Home Assistant's companion app, or call any HA notify service.",
  configSchema: HomeAssistantTargetConfigSchema,
  addressSchema: HomeAssistantAddressSchema,
  secretFields: ['token'],
  formats: ['text'],
  limits: { titleMax: notifyLimits.title, textMax: notifyLimits.message, attachmentsMax: 1 },

  async send(ctx, message): Promise<SendOutcome> {
    const { config, address } = ctx;
    const call = notifyCall(message, { silent: ctx.options.silent === true, extra: address.data });
    try {
      const response = await ctx.http.request(
        joinUrl(config.url, `api/services/notify/${notifyServiceName(address)}`),
        {
          method: 'POST',
          headers: { authorization: `Bearer ${config.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(call),
          redirect: 'error',
          maxResponseBytes,
          signal: ctx.signal,
        },
      );
      return homeAssistantOutcome(response, ctx.clock.now(), [config.token]);
    } catch (error) {
      return outcomeOfHttpError(error);
    }
  },
};
