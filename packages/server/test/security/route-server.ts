import type { LookupAll, ResolvedAddress } from '../../src/security/http/check-destination.ts';
import { type LocalHttpServer, startLocalHttpServer } from './local-http-server.ts';

/** A resolver from a fixed table; names not in it fail like NXDOMAIN. Counts calls per name. */
export function tableLookup(table: Record<string, string[]>): LookupAll & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const lookup = async (hostname: string): Promise<ResolvedAddress[]> => {
    calls.set(hostname, (calls.get(hostname) ?? 0) + 1);
    const addresses = table[hostname];
    if (addresses === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

/** A local server with the routes the client tests need: redirects, big and slow bodies, and an echo. */
export function startRouteServer(): Promise<LocalHttpServer> {
  return startLocalHttpServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/redirect') {
      response.writeHead(302, { location: '/target' }).end('moved');
    } else if (path === '/see-other') {
      response.writeHead(303, { location: '/target' }).end();
    } else if (path === '/loop') {
      response.writeHead(307, { location: '/loop' }).end();
    } else if (path.startsWith('/away/')) {
      response.writeHead(301, { location: decodeURIComponent(path.slice('/away/'.length)) }).end();
    } else if (path === '/big') {
      response.write('x'.repeat(600));
      response.end('y'.repeat(600));
    } else if (path === '/big-declared') {
      response.writeHead(200, { 'content-length': '5000' }).write('z'.repeat(100));
    } else if (path === '/exactly-1000') {
      response.end('q'.repeat(1000));
    } else if (path === '/hang') {
      // Never answers; the client's time budget must end the request.
    } else if (path === '/stall-body') {
      response.writeHead(200).write('partial');
    } else {
      response.setHeader('X-Custom', 'One');
      response.setHeader('Set-Cookie', ['a=1', 'b=2']);
      response.end(`ok ${request.method} ${path}`);
    }
  });
}
