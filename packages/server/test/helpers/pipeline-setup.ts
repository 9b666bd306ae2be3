import { expect } from 'vitest';
import type { Dialect } from '../../src/db/open-database.ts';
import { type ManualClock, manualClock } from '../../src/domain/clock.ts';
import { HttpSink } from './http-sink.ts';
import { startTestApp, type TestApp } from './test-app.ts';

export const hookSecret = 'test-hook-secret-0123456789';

export interface Pipeline {
  sourceId: string;
  targetId: string;
  receiverId: string;
  ruleId: string;
}

/** A bearer-authenticated webhook source, a webhook target at `url`, one receiver and a catch-all rule. */
export async function createPipeline(
  t: TestApp,
  url: string,
  rule: Record<string, unknown> = {},
): Promise<Pipeline> {
  const source = await t.api<{ id: string }>('POST', '/api/v1/sources', {
    kind: 'webhook',
    name: 'test source',
    config: { auth: { mode: 'bearer' }, secret: hookSecret, dedupHeader: 'x-delivery-id' },
  });
  expect(source.status, JSON.stringify(source.body)).toBe(201);
  const { targetId, receiverId } = await createWebhookReceiver(t, url);
  const created = await t.api<{ id: string }>('POST', '/api/v1/rules', {
    name: 'everything from the test source',
    sourceIds: [source.body.id],
    eventTypes: ['**'],
    receiverIds: [receiverId],
    ...rule,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { sourceId: source.body.id, targetId, receiverId, ruleId: created.body.id };
}

export async function createWebhookReceiver(
  t: TestApp,
  url: string,
): Promise<{ targetId: string; receiverId: string }> {
  const target = await t.api<{ id: string }>('POST', '/api/v1/targets', {
    kind: 'webhook',
    name: `sink ${url}`,
    config: { url },
  });
  expect(target.status, JSON.stringify(target.body)).toBe(201);
  const receiver = await t.api<{ id: string }>('POST', `/api/v1/targets/${target.body.id}/receivers`, {
    name: 'sink',
    address: {},
  });
  expect(receiver.status, JSON.stringify(receiver.body)).toBe(201);
  return { targetId: target.body.id, receiverId: receiver.body.id };
}

/** Posts to the hook over real HTTP. */
export async function postHook(
  baseUrl: string,
  sourceId: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/hooks/${sourceId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hookSecret}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** An app on a manual clock, listening, with a sink and a pipeline to it: what gate tests start from. */
export interface ClockedPipeline {
  t: TestApp;
  clock: ManualClock;
  sink: HttpSink;
  baseUrl: string;
  pipe: Pipeline;
  close(): Promise<void>;
}

export async function startClockedPipeline(dialect: Dialect, startAt: string): Promise<ClockedPipeline> {
  const clock = manualClock(Date.parse(startAt));
  const t = await startTestApp(dialect, {}, { clock });
  const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
  const sink = await new HttpSink().start();
  const pipe = await createPipeline(t, `${sink.url}/hook`);
  return {
    t,
    clock,
    sink,
    baseUrl,
    pipe,
    async close() {
      await t.close();
      await sink.close();
    },
  };
}
