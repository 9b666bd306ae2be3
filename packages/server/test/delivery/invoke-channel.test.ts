import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { createPipeline, type Pipeline, postHook } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const sendTimeoutMs = 5_000;

/**
 * A receiver's test send and a delivery reach the channel the same way (delivery/invoke-channel.ts): the
 * same time budget on the app's clock and the same outcome for a send that outlives it.
 */
describe.each(testDialects)('one way to invoke a channel on %s', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let sink: HttpSink;
  let baseUrl: string;
  let pipe: Pipeline;

  beforeEach(async () => {
    clock = manualClock(Date.parse('2026-12-02T12:00:00Z'));
    t = await startTestApp(dialect, { NB_SEND_TIMEOUT_MS: String(sendTimeoutMs) }, { clock });
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    sink = await new HttpSink().start();
    // The sink holds every answer far past the send timeout: only the app's clock can end the send.
    sink.respondAlways({ status: 200, delayMs: 600_000 });
    pipe = await createPipeline(t, `${sink.url}/hook`);
  });
  afterEach(async () => {
    await t.close();
    await sink.close();
  });

  it('a test send that outlives the send timeout reports what a delivery records', async () => {
    const testSend = t.api<{ status: string; error: { kind: string; message: string } }>(
      'POST',
      `/api/v1/targets/${pipe.targetId}/receivers/${pipe.receiverId}/test`,
    );
    await sink.waitForRequests(1);
    clock.advance(sendTimeoutMs);
    const answer = await testSend;
    expect(answer).toEqual({
      status: 200,
      body: {
        status: 'retry',
        error: { kind: 'transport', message: `request to ${sink.url.slice(7)} stopped: the send timed out` },
      },
    });

    const accepted = await postHook(baseUrl, pipe.sourceId, { title: 'the backup finished' });
    expect(accepted.status).toBe(202);
    await sink.waitForRequests(2);
    clock.advance(sendTimeoutMs);
    const delivery = await eventually(
      async () => {
        const list = await t.api<{ items: { attempts: number; lastError: string | null }[] }>(
          'GET',
          `/api/v1/deliveries?eventId=${accepted.body.id as string}`,
        );
        const found = list.body.items[0];
        return found?.lastError ? found : undefined;
      },
      15_000,
      'the delivery to record its timed-out attempt',
    );
    expect(delivery).toMatchObject({ attempts: 1, lastError: answer.body.error.message });
  });
});
