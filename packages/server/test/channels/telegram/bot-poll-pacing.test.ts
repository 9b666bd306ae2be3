import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot } from '../../../src/channels/telegram/bot/run-bot.ts';
import { channelState } from '../../../src/delivery/channel-state.ts';
import { manualClock } from '../../../src/domain/clock.ts';
import { botPollPacing, nextPoll } from '../../../src/domain/poll-pacing.ts';
import { inboundServices } from '../../../src/inbound/inbound-services.ts';
import { createGuardedHttpClient } from '../../../src/security/http/ssrf-guarded-client.ts';
import { FakeBotApi } from '../../fakes/telegram-bot-api/server.ts';
import { createMigratedDatabase, testDialects } from '../../helpers/databases.ts';
import { eventually } from '../../helpers/http-sink.ts';
import { seedTarget } from '../../helpers/seed.ts';

/** When the calls to a server that answers every poll at once with nothing start, by the pacing policy. */
function pacedCallTimes(untilMs: number): number[] {
  const times: number[] = [];
  let strikes = 0;
  for (let at = 0; at <= untilMs; ) {
    times.push(at);
    const pace = nextPoll(strikes, { kind: 'empty', elapsedMs: 0 }, botPollPacing);
    strikes = pace.strikes;
    at += pace.waitMs;
  }
  return times;
}

describe.each(testDialects)(
  'a Telegram bot polling a server that does not hold long polls, on %s',
  (dialect) => {
    let db: Awaited<ReturnType<typeof createMigratedDatabase>>;
    let api: FakeBotApi;
    const http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
    beforeAll(async () => {
      db = await createMigratedDatabase(dialect);
      await seedTarget(db.database, 'bot', 'telegram');
      // A proxy before the Bot API that answers every getUpdates at once.
      api = await new FakeBotApi(undefined, { holdPolls: false }).start();
    });
    afterAll(async () => {
      await api.close();
      await http.close();
      await db.drop();
    });

    it('calls getUpdates no more often than the pacing allows, and starts from the base after updates', async () => {
      const clock = manualClock(Date.now());
      const controller = new AbortController();
      const running = runBot({
        targetId: 'bot',
        config: { token: api.token, apiRoot: api.url },
        http,
        logger: pino({ level: 'silent' }),
        clock,
        signal: controller.signal,
        state: channelState(db.database, 'bot', clock),
        services: inboundServices(db.database, 'bot', clock, () => {}),
        webhookUrl: undefined,
      });
      const polls = () => api.calls.filter((call) => call.method === 'getUpdates').length;
      // The bot's pause between polls is the only timer on this clock: it is set once an answer was handled.
      const asleep = () => eventually(async () => (clock.timers().length === 1 ? true : undefined));
      const startedAt = clock.now();
      try {
        const seconds = 300;
        for (let second = 0; second < seconds; second++) {
          await asleep();
          clock.advance(1000);
        }
        await asleep();
        // At 0, 1, 3, 7, 15, 31 s, then every 30 s: 14 calls in five minutes, where it made ~3,400 a second.
        expect(polls()).toBe(pacedCallTimes(seconds * 1000).length);
        expect(polls()).toBe(14);

        // Updates are a normal answer: the next empty one pauses the base again, not the cap.
        api.pushMessage({ chat: { id: 7, type: 'private' }, text: '/help' });
        clock.advance(clock.timers()[0]! - clock.now());
        await eventually(async () => (api.messagesTo(7).length > 0 ? true : undefined));
        await asleep();
        expect(clock.timers()[0]! - clock.now()).toBe(botPollPacing.backoff.baseMs);
        expect(clock.now() - startedAt).toBe(301_000);
      } finally {
        controller.abort();
        await running;
      }
    });
  },
);
