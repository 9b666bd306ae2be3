import { type FakeAnswer, type FakeRequest, SaasServer } from '../saas-server.ts';

/** One service call as the fake Home Assistant received it. */
export interface HomeAssistantCall {
  domain: string;
  service: string;
  data: Record<string, unknown>;
}

/**
 * A fake of Home Assistant's REST API (developers.home-assistant.io/docs/api/rest) for service calls:
 * `POST /api/services/<domain>/<service>` with `Authorization: Bearer <token>`, answering as HA's `api`
 * integration does: 200 with a JSON array of the states the call changed (none, for notify), 401 with
 * the plain text `401: Unauthorized`, 400 `400: Bad Request` for a service it does not have or data the
 * service schema refuses (notify: `message` required, `title` a string, `data` a mapping), and
 * `{"message": "Data should be valid JSON."}` for a body that is not JSON. Anything else is 404.
 */
export class FakeHomeAssistant extends SaasServer {
  readonly token = 'eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJmYWtlLWhhIn0.FakeLongLivedTokenSignature';
  readonly calls: HomeAssistantCall[] = [];
  readonly services = new Set(['notify.notify', 'notify.mobile_app_pixel_7', 'notify.mobile_app_iphone']);

  constructor() {
    super((request) => this.#answer(request));
  }

  #answer(request: FakeRequest): FakeAnswer {
    const bearer = /^Bearer\s+(\S+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    if (bearer !== this.token) return { status: 401, body: '401: Unauthorized' };
    if (request.method === 'GET' && request.path === '/api/') {
      return { status: 200, body: { message: 'API running.' } };
    }
    const call = /^\/api\/services\/([a-z0-9_]+)\/([a-z0-9_]+)$/.exec(request.path);
    if (!call || request.method !== 'POST') return { status: 404, body: '404: Not Found' };
    const [, domain, service] = call as unknown as [string, string, string];
    let data: unknown;
    try {
      const text = request.raw.toString('utf8');
      data = text === '' ? {} : JSON.parse(text);
    } catch {
      return { status: 400, body: { message: 'Data should be valid JSON.' } };
    }
    if (!this.services.has(`${domain}.${service}`)) return { status: 400, body: '400: Bad Request' };
    if (domain === 'notify' && notifySchemaProblem(data)) return { status: 400, body: '400: Bad Request' };
    this.calls.push({ domain, service, data: data as Record<string, unknown> });
    return { status: 200, body: [] };
  }
}

/** homeassistant/components/notify: NOTIFY_SERVICE_SCHEMA (message a template string, title, target, data a dict). */
function notifySchemaProblem(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return true;
  const { message, title, data: extra, ...rest } = data as Record<string, unknown>;
  delete rest.target;
  if (typeof message !== 'string') return true;
  if (title !== undefined && typeof title !== 'string') return true;
  if (extra !== undefined && (typeof extra !== 'object' || extra === null || Array.isArray(extra)))
    return true;
  return Object.keys(rest).length > 0;
}
