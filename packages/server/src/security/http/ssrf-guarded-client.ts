import type { IncomingHttpHeaders } from 'node:http';
import { type Clock, systemClock } from '../../domain/clock.ts';
import { ConfigError } from '../../errors.ts';
import {
  type CheckedDestination,
  CheckedDestinations,
  type LookupAll,
  systemLookup,
} from './check-destination.ts';
import {
  HttpBlockedError,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  HttpResponseTooLargeError,
  HttpTransportError,
} from './http-client.ts';
import { PinnedPoolCache } from './pinned-pool-cache.ts';
import { parsePrivateAllowlist } from './private-allowlist.ts';
import { readCappedBody } from './read-capped-body.ts';
import { nextRedirectHop, type RequestHop, redirectStatuses } from './redirect-hop.ts';

export interface GuardedHttpClientOptions {
  /** Destinations the operator allows even though they are private: CIDRs ("192.168.1.0/24", "127.0.0.1/32", "::1/128") or host names ("immich.lan"). */
  allowPrivate?: readonly string[];
  /** Default 10_000. */
  defaultTimeoutMs?: number;
  /** Default 1 MiB. */
  defaultMaxResponseBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Default 'notify-bridge'. */
  userAgent?: string;
  /** DNS resolver, injectable for tests; default node:dns/promises lookup with {all:true}. */
  lookup?: LookupAll;
  /** How long a host's checked address is reused before it is resolved and checked again. Default 30 s. */
  destinationTtlMs?: number;
  /** What destinationTtlMs is measured on. Default the system clock. */
  clock?: Clock;
  /** Keep-alive pools kept at once, one per (origin, pinned address). Default 256. */
  maxPools?: number;
  /** Sockets per pool. Default 16. */
  connectionsPerPool?: number;
}

/** The guarded client plus shutdown; hand it to channels and sources as a plain HttpClient. */
export interface GuardedHttpClient extends HttpClient {
  /** Waits for running requests, then closes every pooled socket. */
  close(): Promise<void>;
}

/**
 * The one HTTP client for user-configured URLs (DESIGN.md §8 "SSRF"): http/https without credentials only;
 * each hop's name resolved once and every address checked (public unicast or allowed by the operator); the
 * socket pinned to the checked address with Host and SNI unchanged; redirects returned (default) or followed
 * and re-checked; response size and total time capped.
 */
export function createGuardedHttpClient(options: GuardedHttpClientOptions = {}): GuardedHttpClient {
  const defaultTimeoutMs = integerSetting('defaultTimeoutMs', options.defaultTimeoutMs, 10_000);
  const defaultMaxResponseBytes = integerSetting(
    'defaultMaxResponseBytes',
    options.defaultMaxResponseBytes,
    1 << 20,
  );
  const maxRedirects = integerSetting('maxRedirects', options.maxRedirects, 5, 0);
  const userAgent = options.userAgent ?? 'notify-bridge';
  const lookup = options.lookup ?? systemLookup;
  const destinations = new CheckedDestinations(
    lookup,
    parsePrivateAllowlist(options.allowPrivate ?? []),
    integerSetting('destinationTtlMs', options.destinationTtlMs, 30_000, 0),
    options.clock ?? systemClock,
  );
  const pools = new PinnedPoolCache({
    maxPools: integerSetting('maxPools', options.maxPools, 256),
    connectionsPerPool: integerSetting('connectionsPerPool', options.connectionsPerPool, 16),
    connectTimeoutMs: defaultTimeoutMs,
  });

  async function request(rawUrl: string, init: HttpRequest = {}): Promise<HttpResponse> {
    let hop: RequestHop = {
      url: parseUrl(rawUrl),
      method: (init.method ?? 'GET').toUpperCase(),
      headers: { 'user-agent': userAgent, ...lowerCaseNames(init.headers ?? {}) },
      body: init.body,
    };
    const timeoutMs = init.timeoutMs ?? defaultTimeoutMs;
    const maxBytes = init.maxResponseBytes ?? defaultMaxResponseBytes;
    // One controller and timer instead of AbortSignal.timeout/any, which cost several percent of a busy
    // dispatcher's CPU; `timedOut` tells the deadline apart from the caller's abort.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('the request timed out', 'TimeoutError'));
    }, timeoutMs);
    const callerSignal = init.signal;
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) onCallerAbort();
    else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const { signal } = controller;
    let target = hop.url.host;
    try {
      for (let redirects = 0; ; redirects++) {
        target = hop.url.host;
        const checked = destinations.check(hop.url);
        const destination = checked instanceof Promise ? await abortable(checked, signal) : checked;
        target = describeTarget(hop.url, destination);
        const pool = pools.get(hop.url.origin, destination.address);
        const response = await pool.request({
          path: `${hop.url.pathname}${hop.url.search}`,
          method: hop.method,
          headers: hop.headers,
          body: hop.body ?? null,
          signal,
        });
        const location = response.headers.location;
        const isRedirect = redirectStatuses.has(response.statusCode) && typeof location === 'string';
        if (init.redirect !== 'follow' || !isRedirect) {
          const body = await readCappedBody(response.body, response.headers['content-length'], maxBytes);
          return {
            status: response.statusCode,
            headers: flattenHeaders(response.headers),
            body,
            url: hop.url.href,
          };
        }
        // Drain (at most the cap) so the socket goes back to the pool.
        await response.body.dump({ limit: maxBytes });
        if (redirects >= maxRedirects) {
          throw new HttpTransportError(
            `${target} redirected more than ${maxRedirects} times; stopped following`,
          );
        }
        hop = nextRedirectHop(hop, response.statusCode, location);
      }
    } catch (error) {
      throw asClientError(error, target, timeoutMs, timedOut, callerSignal);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  return { request, close: () => pools.close() };
}

function parseUrl(rawUrl: string): URL {
  try {
    return new URL(rawUrl);
  } catch {
    // The URL itself stays out of the message: webhook URLs carry tokens in their paths.
    throw new HttpBlockedError('the URL is not a valid absolute http(s) URL');
  }
}

function describeTarget(url: URL, destination: CheckedDestination): string {
  return destination.address === destination.hostname ? url.host : `${url.host} (${destination.address})`;
}

/** Maps whatever failed to the three errors callers handle; aborts are told apart by which signal fired. */
function asClientError(
  error: unknown,
  target: string,
  timeoutMs: number,
  timedOut: boolean,
  callerSignal: AbortSignal | undefined,
): Error {
  if (
    error instanceof HttpBlockedError ||
    error instanceof HttpTransportError ||
    error instanceof HttpResponseTooLargeError
  ) {
    return error;
  }
  if (timedOut) {
    return new HttpTransportError(`request to ${target} timed out after ${timeoutMs} ms`, {
      timedOut: true,
      cause: error,
    });
  }
  if (callerSignal?.aborted) {
    const reason: unknown = callerSignal.reason;
    const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError';
    // The caller's own time budget (a send timeout) says why better than "aborted" does.
    const why = timedOut ? (reason as DOMException).message : 'was aborted by the caller';
    return new HttpTransportError(`request to ${target} ${timedOut ? 'stopped: ' : ''}${why}`, {
      timedOut,
      cause: reason,
    });
  }
  return new HttpTransportError(`request to ${target} failed: ${describeCause(error)}`, { cause: error });
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${code} ${error.message}`
    : error.message;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function integerSetting(setting: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(setting, `must be an integer of at least ${min}, got ${value}`);
  }
  return value;
}
