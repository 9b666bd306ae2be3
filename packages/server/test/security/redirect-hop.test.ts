import { describe, expect, it } from 'vitest';
import { HttpTransportError } from '../../src/security/http/http-client.ts';
import { nextRedirectHop, type RequestHop } from '../../src/security/http/redirect-hop.ts';

function hop(method: string, url = 'https://a.example/hook?x=1'): RequestHop {
  return {
    url: new URL(url),
    method,
    headers: {
      authorization: 'Bearer secret',
      cookie: 'session=1',
      'proxy-authorization': 'Basic x',
      'content-type': 'application/json',
      'content-length': '2',
      'x-trace': 'kept',
    },
    body: '{}',
  };
}

describe('nextRedirectHop', () => {
  it('resolves a relative Location against the current URL', () => {
    expect(nextRedirectHop(hop('GET'), 302, '../other?y=2').url.href).toBe('https://a.example/other?y=2');
    expect(nextRedirectHop(hop('GET'), 302, '//b.example/p').url.href).toBe('https://b.example/p');
  });

  it.each([
    [301, 'POST', 'GET'],
    [302, 'POST', 'GET'],
    [303, 'POST', 'GET'],
    [303, 'PUT', 'GET'],
    [303, 'DELETE', 'GET'],
    [303, 'HEAD', 'HEAD'],
    [301, 'PUT', 'PUT'],
    [302, 'PATCH', 'PATCH'],
    [307, 'POST', 'POST'],
    [308, 'POST', 'POST'],
    [301, 'GET', 'GET'],
  ])('%i after %s continues as %s', (status, method, expected) => {
    const next = nextRedirectHop(hop(method), status, '/next');
    expect(next.method).toBe(expected);
    const keepsBody = expected === method;
    expect(next.body).toBe(keepsBody ? '{}' : undefined);
    expect('content-type' in next.headers).toBe(keepsBody);
    expect('content-length' in next.headers).toBe(keepsBody);
    expect(next.headers['x-trace']).toBe('kept');
  });

  it('keeps credentials on the same origin', () => {
    const next = nextRedirectHop(hop('POST'), 307, 'https://a.example/elsewhere');
    expect(next.headers.authorization).toBe('Bearer secret');
    expect(next.headers.cookie).toBe('session=1');
  });

  it.each(['https://b.example/', 'http://a.example/', 'https://a.example:8443/'])(
    'drops credentials when the redirect leaves the origin (%s)',
    (location) => {
      const next = nextRedirectHop(hop('POST'), 307, location);
      expect(next.headers.authorization).toBeUndefined();
      expect(next.headers.cookie).toBeUndefined();
      expect(next.headers['proxy-authorization']).toBeUndefined();
      expect(next.headers['x-trace']).toBe('kept');
    },
  );

  it('refuses a Location that is not a URL without echoing it', () => {
    expect(() => nextRedirectHop(hop('GET'), 302, 'http://[bad')).toThrow(HttpTransportError);
    expect(() => nextRedirectHop(hop('GET'), 302, 'http://[bad')).toThrow(/a\.example answered 302/);
  });
});
