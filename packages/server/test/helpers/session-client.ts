import type { ApiCall } from '../api/api-client.ts';
import type { TestApp } from './test-app.ts';

const host = 'bridge.test';
/** What the browser of a same-site page sends with a change: its Origin and our custom header. */
export const sameSiteHeaders = { host, origin: `http://${host}`, 'x-notify-bridge': '1' };

/**
 * Signs in through POST /api/v1/auth/sign-in as a browser on this server's own page would, and returns
 * a caller that sends the session cookie (and the CSRF headers) with every request; undefined when the
 * sign-in is refused.
 */
export async function signInAs(t: TestApp, name: string, password: string): Promise<ApiCall | undefined> {
  const response = await t.app.http.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    headers: sameSiteHeaders,
    payload: { name, password },
  });
  if (response.statusCode !== 200) return undefined;
  const cookie = /^nb_session=([^;]+)/.exec(String(response.headers['set-cookie']))?.[1];
  return async (method, url, body) => {
    const answer = await t.app.http.inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...sameSiteHeaders, cookie: `nb_session=${cookie}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return {
      status: answer.statusCode,
      body: (answer.body ? answer.json() : undefined) as never,
      raw: answer.body,
      headers: answer.headers as Record<string, string | string[] | undefined>,
    };
  };
}
