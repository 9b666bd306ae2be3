import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapAlerts } from '../../../src/sources/alertmanager/map-alerts.ts';
import { testDialects } from '../../helpers/databases.ts';
import { eventually } from '../../helpers/http-sink.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';

const alert = (status: string, labels: Record<string, string>, startsAt = '2026-11-22T10:00:00Z') => ({
  status,
  labels: { alertname: 'HighLatency', instance: 'api-1', ...labels },
  annotations: { summary: 'High latency on api-1', description: 'p99 above 2 s for 5 minutes' },
  startsAt,
  endsAt: status === 'resolved' ? '2026-11-22T10:30:00Z' : '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus.local/graph?g0.expr=latency',
  fingerprint: 'c3b7f2a1d4e5f6a7',
});
const payload = (...alerts: ReturnType<typeof alert>[]) => ({
  version: '4',
  groupKey: '{}:{alertname="HighLatency"}',
  truncatedAlerts: 0,
  status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
  receiver: 'bridge',
  groupLabels: { alertname: 'HighLatency' },
  commonLabels: { alertname: 'HighLatency' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager.local',
  alerts,
});

describe('Alertmanager notifications as events', () => {
  it('makes one event per alert, keeping the group', () => {
    const events = mapAlerts(
      payload(alert('firing', { severity: 'critical' }), alert('firing', { instance: 'api-2' })) as never,
    );
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      type: 'alert.firing',
      title: 'High latency on api-1',
      body: 'p99 above 2 s for 5 minutes',
      severity: 'critical',
      url: 'http://prometheus.local/graph?g0.expr=latency',
      tags: ['alertname=HighLatency', 'severity=critical', 'instance=api-1'],
      data: { groupKey: '{}:{alertname="HighLatency"}', receiver: 'bridge' },
    });
  });

  it.each([
    ['critical', 'critical'],
    ['page', 'critical'],
    ['error', 'error'],
    ['warning', 'warning'],
    ['warn', 'warning'],
    ['info', 'info'],
    ['none', 'info'],
    // No label, or one Alertmanager's users did not agree on: something is wrong, so warning.
    ['', 'warning'],
    ['P2', 'warning'],
  ])('maps severity label %j to %s', (label, severity) => {
    const [event] = mapAlerts(payload(alert('firing', label ? { severity: label } : {})) as never);
    expect(event!.severity).toBe(severity);
  });

  it('dedups a re-sent firing, but not its resolution or a new firing', () => {
    const key = (a: ReturnType<typeof alert>) => mapAlerts(payload(a) as never)[0]!.dedupKey;
    expect(key(alert('firing', {}))).toBe(key(alert('firing', {})));
    expect(key(alert('resolved', {}))).not.toBe(key(alert('firing', {})));
    expect(key(alert('firing', {}, '2026-11-22T11:00:00Z'))).not.toBe(key(alert('firing', {})));
  });
});

const binary = '/usr/bin/prometheus-alertmanager';

describe.each(testDialects)('a real Alertmanager posting to the bridge on %s', (dialect) => {
  const secret = 'alertmanager-bearer-0123456';
  let t: TestApp;
  let baseUrl: string;
  let sourceId: string;
  let alertmanager: ChildProcess | undefined;
  let amUrl: string;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(binary)) {
      throw new Error(`${binary} is missing: apt-get install prometheus-alertmanager (.ci/run does)`);
    }
    t = await startTestApp(dialect);
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    const created = await t.api<{ id: string }>('POST', '/api/v1/sources', {
      kind: 'alertmanager',
      name: 'prometheus',
      config: { auth: 'bearer', secret },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    sourceId = created.body.id;
    dir = mkdtempSync(join(tmpdir(), 'nb-am-'));
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      `route:
  receiver: bridge
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: bridge
    webhook_configs:
      - url: ${baseUrl}/hooks/${sourceId}
        send_resolved: true
        http_config:
          authorization:
            credentials: ${secret}
`,
    );
    // Port 0 and the address from its log: a port probed free could be taken by another test's server.
    alertmanager = spawn(
      binary,
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        '--web.listen-address=127.0.0.1:0',
        '--cluster.listen-address=',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    alertmanager.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const address = await eventually(
      async () => /msg="Listening on" address=(\S+)/.exec(log)?.[1],
      20_000,
      'Alertmanager listening',
    );
    amUrl = `http://${address}`;
    await eventually(
      async () => ((await fetch(`${amUrl}/-/ready`).catch(() => undefined))?.ok ? true : undefined),
      20_000,
      'Alertmanager ready',
    );
  });
  afterAll(async () => {
    alertmanager?.kill('SIGKILL');
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const stored = (type: string) =>
    t.app.database.db
      .selectFrom('events')
      .selectAll()
      .where('source_id', '=', sourceId)
      .where('type', '=', type)
      .execute();

  it('stores the firing alert, then its resolution', async () => {
    const labels = { alertname: 'DiskFull', severity: 'critical', instance: 'nas-1' };
    const annotations = { summary: 'Disk full on nas-1', description: '/srv is at 99 %' };
    const post = (body: unknown) =>
      fetch(`${amUrl}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    expect((await post([{ labels, annotations, startsAt }])).status).toBe(200);
    const [firing] = await eventually(
      async () => {
        const rows = await stored('alert.firing');
        return rows.length > 0 ? rows : undefined;
      },
      20_000,
      'the firing alert',
    );
    expect(firing).toMatchObject({
      title: 'Disk full on nas-1',
      body: '/srv is at 99 %',
      severity: 'critical',
    });

    expect(
      (await post([{ labels, annotations, startsAt, endsAt: new Date(Date.now() - 1000).toISOString() }]))
        .status,
    ).toBe(200);
    const [resolved] = await eventually(
      async () => {
        const rows = await stored('alert.resolved');
        return rows.length > 0 ? rows : undefined;
      },
      20_000,
      'the resolved alert',
    );
    expect(resolved).toMatchObject({ title: 'Disk full on nas-1', severity: 'info' });
  });

  it('stores a group re-sent with a new alert as one more event, and names the new one in the answer', async () => {
    const annotations = { summary: 'Queue slow', description: 'backlog above 1,000' };
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const labels = (instance: string) => ({ alertname: 'QueueSlow', severity: 'warning', instance });
    const post = (instance: string) =>
      fetch(`${amUrl}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ labels: labels(instance), annotations, startsAt }]),
      });
    const rows = async (instance: string) =>
      (await stored('alert.firing')).filter((row) => row.tags.includes(`instance=${instance}`));
    const one = async (instance: string) =>
      eventually(
        async () => ((await rows(instance)).length > 0 ? rows(instance) : undefined),
        20_000,
        instance,
      );

    expect((await post('q-1')).status).toBe(200);
    const [first] = await one('q-1');
    // Alertmanager re-sends the group with both alerts: q-1 is a repeat, q-2 the one new event.
    expect((await post('q-2')).status).toBe(200);
    await one('q-2');
    expect(await rows('q-1')).toHaveLength(1);

    // The answer to such a batch, as Alertmanager gets it: `id` is the event it stored, not the repeat.
    const repeat = (JSON.parse(first!.data) as { alert: object }).alert;
    const fresh = { ...repeat, labels: labels('q-3'), fingerprint: 'q-3-fingerprint' };
    const response = await fetch(`${baseUrl}/hooks/${sourceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ ...payload(), alerts: [repeat, fresh] }),
    });
    const answer = (await response.json()) as { id: string; duplicate: boolean; events: object[] };
    const [third] = await rows('q-3');
    expect(response.status).toBe(202);
    expect(answer).toEqual({
      id: third!.id,
      duplicate: false,
      events: [
        // An alert's fingerprint is its identity, not its body: kept for the long window.
        {
          id: first!.id,
          duplicate: true,
          dedup: { by: 'key', of: first!.id, windowSeconds: 72 * 3600, until: expect.any(String) },
        },
        { id: third!.id, duplicate: false },
      ],
    });
  });

  it('refuses wrong credentials with 401 and another payload version with 400, storing nothing', async () => {
    const count = async () =>
      (await t.app.database.db.selectFrom('events').select('id').where('source_id', '=', sourceId).execute())
        .length;
    const before = await count();
    const send = (authorization: string, body: unknown) =>
      fetch(`${baseUrl}/hooks/${sourceId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify(body),
      });
    const wrong = await send('Bearer not-the-right-secret-00', payload(alert('firing', {})));
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain(secret);
    const old = await send(`Bearer ${secret}`, { ...payload(alert('firing', {})), version: '3' });
    expect(old.status).toBe(400);
    expect(((await old.json()) as { error: { message: string } }).error.message).toContain('version "4"');
    expect(await count()).toBe(before);
  });
});
