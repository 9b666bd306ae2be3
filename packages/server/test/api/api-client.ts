import { expect } from 'vitest';
import { insertToken } from '../../src/bootstrap.ts';
import { newId } from '../../src/ids.ts';
import { generateApiToken } from '../../src/security/api-tokens.ts';
import type { TokenScope } from '../../src/security/token-scopes.ts';
import type { TestApp } from '../helpers/test-app.ts';

export interface ApiResponse<T> {
  status: number;
  body: T;
  raw: string;
  headers: Record<string, string | string[] | undefined>;
}

export type ApiCall = <T = Record<string, unknown>>(
  method: string,
  url: string,
  body?: unknown,
) => Promise<ApiResponse<T>>;

/** Requests to /api/v1 through inject(), with the given token (or none). */
export function apiAs(t: TestApp, token: string | undefined): ApiCall {
  return async (method, url, body) => {
    const response = await t.app.http.inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return {
      status: response.statusCode,
      body: (response.body ? response.json() : undefined) as never,
      raw: response.body,
      headers: response.headers as Record<string, string | string[] | undefined>,
    };
  };
}

/** A member (not an admin) with an API token, straight in the database as the CLI would make one. */
export async function createMember(
  t: TestApp,
  name: string,
  scopes: readonly TokenScope[] = ['write'],
): Promise<{ userId: string; api: ApiCall }> {
  const userId = newId();
  const now = Date.now();
  await t.app.database.db
    .insertInto('users')
    .values({ id: userId, name, role: 'member', created_at: now })
    .execute();
  const token = generateApiToken();
  await insertToken(t.app.database, userId, token, `${name}'s token`, now, scopes);
  return { userId, api: apiAs(t, token) };
}

/** Another token of an existing user, with these scopes. */
export async function tokenFor(t: TestApp, userId: string, scopes: readonly TokenScope[]): Promise<ApiCall> {
  const token = generateApiToken();
  await insertToken(
    t.app.database,
    userId,
    token,
    `scopes ${scopes.join(',') || 'none'}`,
    Date.now(),
    scopes,
  );
  return apiAs(t, token);
}

/** What one user made: a source, a target with a receiver, a template and a rule tying them together. */
export async function createSet(api: ApiCall, label: string) {
  const source = await api<{ id: string }>('POST', '/sources', {
    kind: 'webhook',
    name: label,
    config: { auth: { mode: 'none' } },
  });
  const target = await api<{ id: string }>('POST', '/targets', {
    kind: 'webhook',
    name: label,
    config: { url: 'http://127.0.0.1:9/hook' },
  });
  const receiver = await api<{ id: string }>('POST', `/targets/${target.body.id}/receivers`, {
    name: label,
    address: {},
  });
  const template = await api<{ id: string }>('POST', '/templates', { name: label, bodies: { text: label } });
  const rule = await api<{ id: string }>('POST', '/rules', {
    name: label,
    sourceIds: [source.body.id],
    receiverIds: [receiver.body.id],
    templateId: template.body.id,
  });
  for (const response of [source, target, receiver, template, rule]) expect(response.status).toBe(201);
  return {
    source: source.body.id,
    target: target.body.id,
    receiver: receiver.body.id,
    template: template.body.id,
    rule: rule.body.id,
  };
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        security?: { bearerAuth?: string[] }[];
        responses?: Record<string, { content?: Record<string, unknown> }>;
      }
    >
  >;
}
export interface Route {
  method: string;
  /** As in the OpenAPI document, under /api/v1. */
  path: string;
  scope: TokenScope;
  /** Answers a stream that does not end: called with a bad query, refused after the scope check. */
  streams: boolean;
}

/** Every operation of the running app with the scope its OpenAPI security requirement names. */
export async function routesOf(t: TestApp): Promise<Route[]> {
  const document = (await apiAs(t, undefined)<OpenApiDocument>('GET', '/openapi.json')).body;
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, operation]) => operation.security?.length !== 0)
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path: path.replace(/^\/api\/v1/, ''),
        scope: operation.security?.[0]?.bearerAuth?.[0] as TokenScope,
        streams: operation.responses?.['200']?.content?.['text/event-stream'] !== undefined,
      })),
  );
}
