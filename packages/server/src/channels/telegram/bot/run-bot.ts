import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import { sleep } from '../../../domain/clock.ts';
import { botPollPacing, nextPoll, type PollAnswer } from '../../../domain/poll-pacing.ts';
import type { InboundContext } from '../../channel.ts';
import { botApi, outcomeOf, reasonOf } from '../bot-api.ts';
import { commandMenus } from '../commands/texts.ts';
import type { TelegramTargetConfig } from '../config-schema.ts';
import { handleUpdate } from './handle-update.ts';

const offsetKey = 'updates:offset';
const usernameKey = 'bot:username';
/** Seconds one getUpdates call waits for news; the HTTP budget is this plus a margin. */
const pollSeconds = 25;
const allowedUpdates = ['message', 'channel_post', 'my_chat_member'] as const;

/**
 * The bot's listening side, on the one node holding the target's lease: register the command menus, then
 * either long-poll (the offset is saved after each update is handled, so a restart neither replays nor
 * skips one) or register the webhook and wait.
 */
export async function runBot(ctx: InboundContext<TelegramTargetConfig>): Promise<void> {
  const mode = ctx.config.updates ?? 'polling';
  if (mode === 'off') return waitForAbort(ctx.signal);
  const api = botApi(ctx.config, ctx.http, ctx.signal, (pollSeconds + 10) * 1000);
  const me = await api.getMe(ctx.signal as never);
  await ctx.state.set(usernameKey, me.username);
  await registerCommands(ctx, api);
  if (mode === 'webhook') {
    if (!ctx.webhookUrl || !ctx.config.webhookSecret) {
      throw new Error('webhook mode needs NB_PUBLIC_URL and the target’s webhookSecret');
    }
    await api.setWebhook(
      ctx.webhookUrl,
      { secret_token: ctx.config.webhookSecret, allowed_updates: [...allowedUpdates] },
      ctx.signal as never,
    );
    ctx.logger.info('Telegram pushes this bot’s updates to the webhook');
    return waitForAbort(ctx.signal);
  }
  // A webhook left from webhook mode would make getUpdates fail; pending updates are kept.
  await api.deleteWebhook({ drop_pending_updates: false }, ctx.signal as never);
  let offset = Number((await ctx.state.get(offsetKey)) ?? 0);
  let strikes = 0;
  while (!ctx.signal.aborted) {
    const askedAt = ctx.clock.now();
    let updates: Update[] = [];
    let answer: PollAnswer;
    try {
      updates = await api.getUpdates(
        { offset, timeout: pollSeconds, allowed_updates: [...allowedUpdates] },
        ctx.signal as never,
      );
      answer =
        updates.length > 0 ? { kind: 'updates' } : { kind: 'empty', elapsedMs: ctx.clock.now() - askedAt };
    } catch (error) {
      if (ctx.signal.aborted) break;
      const outcome = outcomeOf(error, ctx.config.token);
      answer = {
        kind: 'failed',
        retryAfterMs: outcome.status === 'retry' ? outcome.retryAfterMs : undefined,
      };
      // 409: another poller (outside this bridge) or a webhook holds the bot; back off and say so.
      ctx.logger.warn(
        { err: reasonOf(error, ctx.config.token), failures: strikes + 1 },
        'getUpdates failed; polling again shortly',
      );
    }
    const pace = nextPoll(strikes, answer, botPollPacing);
    if (answer.kind === 'empty' && pace.strikes === 1) {
      ctx.logger.warn(
        'getUpdates answered at once with nothing: the Bot API server (or a proxy before it) does not hold long polls; pausing between polls',
      );
    }
    strikes = pace.strikes;
    for (const update of updates) {
      try {
        await handleUpdate(ctx, api, me.username, update);
      } catch (error) {
        // One update that cannot be answered must not hold up the others. Cut short by a stop, it is not
        // handled again either: what it did (a silence made, say) may have happened, and doing it twice is
        // worse than a reply lost.
        if (!ctx.signal.aborted) {
          ctx.logger.error(
            { err: reasonOf(error, ctx.config.token), updateId: update.update_id },
            'handling an update failed',
          );
        }
      }
      offset = update.update_id + 1;
      await ctx.state.set(offsetKey, String(offset));
      if (ctx.signal.aborted) return;
    }
    if (pace.waitMs > 0) await sleep(ctx.clock, pace.waitMs, ctx.signal);
  }
}

/** A pushed update (webhook mode); the username was saved by the run that registered the webhook. */
export async function handlePushedUpdate(
  ctx: InboundContext<TelegramTargetConfig>,
  body: unknown,
): Promise<void> {
  const api = botApi(ctx.config, ctx.http, ctx.signal);
  const username = (await ctx.state.get(usernameKey)) ?? (await api.getMe()).username;
  await handleUpdate(ctx, api, username, body as Update);
}

/** The command menus, per language; a failure is logged and the bot runs on without menus. */
async function registerCommands(ctx: InboundContext<TelegramTargetConfig>, api: Api): Promise<void> {
  for (const menu of commandMenus()) {
    try {
      await api.setMyCommands(
        [...menu.commands],
        (menu.languageCode ? { language_code: menu.languageCode } : {}) as never,
        ctx.signal as never,
      );
    } catch (error) {
      ctx.logger.warn(
        { err: reasonOf(error, ctx.config.token) },
        'setMyCommands failed; the command menu may be missing',
      );
    }
  }
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
