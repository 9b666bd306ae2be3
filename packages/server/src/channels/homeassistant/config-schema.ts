import { type Static, Type } from 'typebox';
import { bearerTokenSchema } from '../bearer-token.ts';
import { serverUrlSchema } from '../config-url.ts';

export const HomeAssistantTargetConfigSchema = Type.Object(
  {
    url: serverUrlSchema(
      "Home Assistant's URL, e.g. http://homeassistant.local:8123 (a LAN address must be allowed in NB_ALLOW_PRIVATE).",
    ),
    token: bearerTokenSchema(
      'A long-lived access token (your HA profile → Security → Long-lived access tokens → Create token). Sealed at rest.',
    ),
  },
  { additionalProperties: false },
);
export type HomeAssistantTargetConfig = Static<typeof HomeAssistantTargetConfigSchema>;

export const HomeAssistantAddressSchema = Type.Object(
  {
    service: Type.String({
      // Service names are slugs (homeassistant/helpers/config_validation.py: slug); `notify.` may be written.
      pattern: '^(notify\\.)?[a-z0-9_]{1,100}$',
      description:
        'The notify service to call: mobile_app_<device> for the companion app (Developer tools → Actions lists them as notify.…), or any other notify service.',
    }),
    data: Type.Optional(
      Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
        description:
          'Passed through in the call’s data, over what the bridge sets (e.g. {"channel": "alerts", "actions": [...]} for the companion app).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type HomeAssistantAddress = Static<typeof HomeAssistantAddressSchema>;

/** The service name without the `notify.` a user may have copied along with it. */
export function notifyServiceName(address: HomeAssistantAddress): string {
  return address.service.replace(/^notify\./, '');
}
