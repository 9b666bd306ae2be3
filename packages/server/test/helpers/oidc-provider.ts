import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface ProviderAccount {
  sub: string;
  preferred_username?: string;
  name?: string;
  groups?: string[];
}

/**
 * A real OpenID provider (oidc-provider, with its development login and consent pages) on a port of
 * 127.0.0.1, for sign-in tests. It listens before it knows its client's redirect URI, so the app under
 * test can be configured with the issuer first; `register` then makes the client.
 */
export class LocalOpenIdProvider {
  readonly accounts = new Map<string, ProviderAccount>();
  #server: Server | undefined;
  #handler: ReturnType<Provider['callback']> | undefined;
  issuer = '';

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      if (!this.#handler) {
        response.statusCode = 503;
        response.end('not registered yet');
        return;
      }
      this.#handler(request, response);
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  register(client: { clientId: string; clientSecret: string; redirectUri: string }): void {
    const provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: client.clientId,
          client_secret: client.clientSecret,
          redirect_uris: [client.redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      claims: {
        openid: ['sub'],
        profile: ['name', 'preferred_username'],
        email: ['email'],
        groups: ['groups'],
      },
      // Every client must use PKCE here, so a flow without it would fail the test.
      pkce: { required: () => true },
      findAccount: (_ctx: unknown, sub: string) => {
        const account = this.accounts.get(sub);
        return account && { accountId: sub, claims: () => ({ ...account }) };
      },
      features: { devInteractions: { enabled: true } },
      cookies: { keys: ['test-cookie-key-0123456789'] },
    });
    // The development pages warn on every start; the tests know.
    provider.on('server_error', (_ctx: unknown, error: unknown) => {
      console.error('oidc-provider server error', error);
    });
    this.#handler = provider.callback();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }
}

/** A browser for the tests: a cookie jar (by host and path), redirects followed by hand, forms submitted. */
export class TestBrowser {
  readonly #cookies = new Map<string, { value: string; path: string; host: string }>();

  cookie(name: string): string | undefined {
    return [...this.#cookies.entries()].find(([key]) => key.endsWith(`|${name}`))?.[1].value;
  }

  setCookie(host: string, name: string, value: string, path = '/'): void {
    this.#cookies.set(`${host}|${path}|${name}`, { value, path, host });
  }

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const cookie = [...this.#cookies.entries()]
      .filter(([, c]) => c.host === target.host && target.pathname.startsWith(c.path))
      .map(([key, c]) => `${key.split('|')[2]}=${c.value}`)
      .join('; ');
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) this.#store(target, line);
    return response;
  }

  /**
   * Follows redirects and submits the provider's login (as `login`) and consent forms, until a redirect
   * to a URL that `stop` accepts (answered unvisited, as `url`), or a response that is not a redirect or
   * a form (as `response`).
   */
  async run(
    url: string,
    login: string,
    stop: (url: URL) => boolean,
  ): Promise<{ url: URL; response?: Response }> {
    let next = new URL(url);
    let form: Record<string, string> | undefined;
    for (let step = 0; step < 20; step++) {
      if (stop(next)) return { url: next };
      const response = await this.request(next.href, form ? { method: 'POST', form } : {});
      form = undefined;
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        next = new URL(location, next);
        continue;
      }
      const html = response.status === 200 ? await response.text() : '';
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (!action) return { url: next, response };
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1] ?? '';
      form = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
      next = new URL(action.replaceAll('&amp;', '&'), next);
    }
    throw new Error('the sign-in took more than 20 steps');
  }

  #store(url: URL, line: string): void {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const at = pair!.indexOf('=');
    const name = pair!.slice(0, at);
    const value = pair!.slice(at + 1);
    const attribute = (key: string) =>
      attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const path = attribute('path') ?? '/';
    const key = `${url.host}|${path}|${name}`;
    const expires = attribute('expires');
    const gone = attribute('max-age') === '0' || (expires !== undefined && Date.parse(expires) < Date.now());
    if (gone || value === '') this.#cookies.delete(key);
    else this.#cookies.set(key, { value, path, host: url.host });
  }
}
