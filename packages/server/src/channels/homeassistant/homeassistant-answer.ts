import type { HttpResponse } from '../../security/http/http-client.ts';
import type { SendOutcome } from '../channel.ts';
import { outcomeOfResponse, responseExcerpt, type Sensitive } from '../http-outcome.ts';

/**
 * What Home Assistant's answer to `POST /api/services/notify/<service>` means
 * (developers.home-assistant.io/docs/api/rest): 200 with the JSON list of states the call changed (for a
 * notify service, usually empty). A 400 is about the receiver: HA answers it for a service it does not
 * have (homeassistant/components/api: `has_service` → HTTPBadRequest) and for data the service refuses, so
 * the receiver is disabled. 401 is the token. 404 means nothing serves the REST API at that URL: the target's
 * URL, not one receiver's, so it fails without disabling. 5xx (the push relay failing) are retried.
 */
export function homeAssistantOutcome(
  response: HttpResponse,
  nowMs: number,
  sensitive: Sensitive,
): SendOutcome {
  const { status } = response;
  const shown = () => responseExcerpt(response, sensitive);
  const failed = (hint: string, disableReceiver = false): SendOutcome => ({
    status: 'failed',
    ...(disableReceiver ? { disableReceiver } : {}),
    error: { kind: 'rejected', httpStatus: status, message: `HTTP ${status}: ${shown()} (${hint})` },
  });
  if (status >= 200 && status < 300) {
    if (isJsonArray(response)) return { status: 'sent', httpStatus: status };
    // Not HA's answer (a captive portal, a proxy's page): the call did not reach it.
    return {
      status: 'retry',
      error: {
        kind: 'rejected',
        httpStatus: status,
        message: `HTTP ${status}: not Home Assistant's answer: ${shown()}`,
      },
    };
  }
  if (status === 400) {
    return failed(
      "Home Assistant has no such notify service, or refused the receiver's data; check the name under Developer tools → Actions (notify.…); the receiver is disabled",
      true,
    );
  }
  if (status === 401) {
    return failed(
      'the token is wrong or was deleted; create a long-lived access token in your HA profile → Security',
    );
  }
  if (status === 403) {
    return failed('Home Assistant refused this address (its http: ip_ban_enabled bans after failed logins)');
  }
  if (status === 404) {
    return failed(
      "nothing answers at /api/services: check the target's url (Home Assistant's own, with the api integration on)",
    );
  }
  return outcomeOfResponse(response, nowMs, { sensitive });
}

function isJsonArray(response: HttpResponse): boolean {
  try {
    return Array.isArray(JSON.parse(response.body.toString('utf8')));
  } catch {
    return false;
  }
}
