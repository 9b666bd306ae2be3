/**
 * Everything the bot says, in English and Russian. Replies are Telegram HTML
 * (core.telegram.org/bots/api#html-style): only <b>, <i>, <code> and <a href> appear, and every dynamic value
 * (names, titles, ids, what the user typed, even time zones from config) goes through escapeHtml. Command
 * syntax (`until`, `2h`) stays English in both languages: the parser reads only that.
 */
import type { DeliveryStatus } from '../../../db/schema.ts';
import { isTimeZone } from '../../../domain/zoned-time.ts';
import { escapeHtmlAttribute } from '../telegram-html.ts';
import { type CommandName, commandNames } from './parse-command.ts';
import type { SilenceArgumentError, SilenceCommand } from './silence-argument.ts';

export const languages = ['en', 'ru'] as const;
export type Language = (typeof languages)[number];

/** The language for Telegram's `language_code` (an IETF tag such as `ru`, `ru-RU`, `en-US`); en otherwise. */
export function pickLanguage(languageCode: string | null | undefined): Language {
  const primary = typeof languageCode === 'string' ? languageCode.split(/[-_]/)[0]!.toLowerCase() : '';
  return (languages as readonly string[]).includes(primary) ? (primary as Language) : 'en';
}

/** Text made safe for Telegram HTML, inside elements and double-quoted attributes alike. */
export const escapeHtml = escapeHtmlAttribute;

/** At most `max` UTF-16 units of `text`, "…" marking a cut; never splits a surrogate pair. Escape after. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

// Long enough to recognise, short enough that an echo of pasted junk stays a short reply.
const echoMax = 64;

// 24-hour clocks and day-month order in both: unambiguous for readers anywhere.
const locales: Readonly<Record<Language, string>> = { en: 'en-GB', ru: 'ru-RU' };

const instantFormats = new Map<string, Intl.DateTimeFormat>();

function instantFormat(language: Language, zone: string, short: boolean): Intl.DateTimeFormat {
  const key = `${language} ${zone} ${short}`;
  let format = instantFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      locales[language],
      short
        ? {
            timeZone: zone,
            day: 'numeric',
            month: 'short',
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          }
        : { timeZone: zone, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' },
    );
    instantFormats.set(key, format);
  }
  return format;
}

/**
 * The zone times are shown in: `zone` when the runtime knows it, else UTC. Formatting falls back rather than
 * throws so a misconfigured receiver still gets answers, labelled with the zone they are really in.
 */
export function displayZone(zone: string | null | undefined): string {
  return typeof zone === 'string' && isTimeZone(zone) ? zone : 'UTC';
}

// ECMAScript's time value range (tc39.es/ecma262/#sec-time-values-and-time-range); Intl throws beyond it.
const isDateValue = (epochMs: number) => Number.isFinite(epochMs) && Math.abs(epochMs) <= 8.64e15;

/**
 * `1 Dec 2026, 18:00` / `1 дек. 2026 г., 18:00` in `zone` (plain text; escape it when building HTML); `?` for
 * a value that is no date, so one bad row cannot make a whole reply throw.
 */
export function formatInstant(language: Language, zone: string | null | undefined, epochMs: number): string {
  return isDateValue(epochMs) ? instantFormat(language, displayZone(zone), false).format(epochMs) : '?';
}

/** `1 Dec, 18:00` / `1 дек., 18:00`: for lists of recent things, where the year is clear. */
export function formatShortInstant(
  language: Language,
  zone: string | null | undefined,
  epochMs: number,
): string {
  return isDateValue(epochMs) ? instantFormat(language, displayZone(zone), true).format(epochMs) : '?';
}

/** One entry of setMyCommands (core.telegram.org/bots/api#botcommand). */
export interface BotCommand {
  readonly command: CommandName;
  readonly description: string;
}

export interface StartInfo {
  /** Whether the chat is a receiver of one of this bot's targets. */
  readonly connected: boolean;
  /** Shown when not connected, so the admin can be told which chat to add. */
  readonly chatId: string | number;
  /** The sender's first name, for the greeting. */
  readonly firstName?: string;
}

/** Labels for the /status, /last and /rules replies (format-replies.ts builds the lines). */
export interface ReplyLabels {
  readonly more: (count: number) => string;
  readonly timesIn: string;
  readonly statusTitle: string;
  readonly sent: string;
  readonly failed: string;
  readonly pending: string;
  readonly dead: string;
  readonly silencesTitle: string;
  readonly mutedUntil: string;
  readonly snoozedUntil: string;
  readonly noSilences: string;
  readonly failuresTitle: string;
  readonly noFailures: string;
  readonly lastTitle: string;
  readonly noNotifications: string;
  /** Every delivery status (db/schema.ts); format-replies shows an unknown one as it is. */
  readonly deliveryStatuses: Readonly<Record<DeliveryStatus, string>>;
  readonly rulesTitle: string;
  readonly noRules: string;
  readonly ruleDisabled: string;
  readonly events: string;
  readonly anyEvent: string;
  readonly sources: string;
  readonly anySource: string;
  readonly noSource: string;
}

interface LanguageTexts {
  readonly commands: Readonly<Record<CommandName, string>>;
  readonly labels: ReplyLabels;
  start(info: StartInfo): string;
  help(zone: string): string;
  muted(when: string, zone: string): string;
  snoozed(when: string, zone: string): string;
  unmuted(ended: number): string;
  notReceiver(chatId: string): string;
  unknownCommand(raw: string): string;
  silenceError(command: SilenceCommand, error: SilenceArgumentError, when: string, zone: string): string;
}

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

const examples = (command: SilenceCommand, untilWhen: string) =>
  [
    `/${command} 30m`,
    `/${command} 2h`,
    `/${command} 1h30m`,
    `/${command} until 18:00`,
    `/${command} until ${untilWhen}`,
  ]
    .map(code)
    .join(', ');

const ruPlural = new Intl.PluralRules('ru');

const en: LanguageTexts = {
  commands: {
    start: 'Greeting, and whether this chat receives notifications',
    help: 'What this bot can do, with examples',
    status: 'Deliveries and failures for this chat in the last 24 hours',
    last: 'The last few notifications sent to this chat',
    rules: 'Which rules notify this chat',
    mute: 'Silence this chat, dropping notifications: /mute 2h, /mute until 18:00 (default 1h)',
    snooze: 'Hold notifications and deliver them later: /snooze 30m, /snooze until 09:00 (default 1h)',
    unmute: 'End mute and snooze in this chat now',
  },
  labels: {
    more: (count) => `… and ${count} more`,
    timesIn: 'times in',
    statusTitle: 'This chat, last 24 hours',
    sent: 'Sent',
    failed: 'Failed',
    pending: 'Waiting now',
    dead: 'Gave up',
    silencesTitle: 'Silences',
    mutedUntil: 'muted until',
    snoozedUntil: 'snoozed until',
    noSilences: 'Not muted or snoozed.',
    failuresTitle: 'Recent failures',
    noFailures: 'No recent failures.',
    lastTitle: 'Last notifications',
    noNotifications: 'No notifications were sent to this chat yet.',
    deliveryStatuses: {
      pending: 'waiting',
      sending: 'sending',
      sent: 'sent',
      dead: 'not delivered',
      dropped: 'dropped',
      merged: 'merged into a digest',
    },
    rulesTitle: 'Rules that notify this chat',
    noRules: 'No rule notifies this chat yet.',
    ruleDisabled: 'off',
    events: 'events',
    anyEvent: 'any event',
    sources: 'sources',
    anySource: 'any source',
    noSource: 'no source',
  },
  start: ({ connected, chatId, firstName }) => {
    const hello = `👋 Hello${firstName ? `, ${escapeHtml(firstName)}` : ''}!`;
    if (connected)
      return `${hello} This chat receives notifications from notify-bridge.\n/help lists what I can do here.`;
    return (
      `${hello} This chat is not connected to notify-bridge yet.\n` +
      "I have offered it to the bridge's admin as a candidate receiver; once they add it, notifications arrive here.\n" +
      `Chat id: ${code(String(chatId))}`
    );
  },
  help: (zone) =>
    [
      '<b>notify-bridge</b> sends notifications to this chat. Commands:',
      '',
      '/status — deliveries and failures here in the last 24 hours',
      '/last — the last few notifications',
      '/rules — which rules notify this chat',
      '/mute <i>time</i> — drop notifications until then (default 1h)',
      '/snooze <i>time</i> — hold notifications and deliver them then (default 1h)',
      '/unmute — end mute and snooze now',
      '/help — this text',
      '',
      '<i>time</i> is a duration or an end time, at most 365 days ahead:',
      `${['30m', '2h', '1h30m', '2 hours', '1d'].map(code).join(', ')} (m minutes, h hours, d days, w weeks)`,
      `${code('until 18:00')} — today, or tomorrow if 18:00 has passed`,
      `${code('until YYYY-MM-DD HH:MM')} — a date and time`,
      `Times are in this chat's time zone, <b>${escapeHtml(zone)}</b>.`,
    ].join('\n'),
  muted: (when, zone) =>
    `🔕 Muted until <b>${escapeHtml(when)}</b> (${escapeHtml(zone)}). ` +
    'Notifications until then are dropped; /unmute ends this early.',
  snoozed: (when, zone) =>
    `💤 Snoozed until <b>${escapeHtml(when)}</b> (${escapeHtml(zone)}). ` +
    'Notifications are held and delivered then; /unmute ends this early.',
  unmuted: (ended) =>
    ended === 0
      ? 'This chat was neither muted nor snoozed.'
      : `🔔 Notifications are on again (${ended} ${ended === 1 ? 'silence' : 'silences'} ended).`,
  notReceiver: (chatId) =>
    'This chat is not a receiver of this bot yet, so there is nothing to show or change here. ' +
    `The bridge's admin can add it; chat id: ${code(chatId)}.`,
  unknownCommand: (raw) => `I don't know ${code(raw)}. /help lists the commands.`,
  silenceError: (command, error, when, zone) => {
    switch (error.code) {
      case 'invalid':
        return (
          `I can't read ${code(clipText(error.input, echoMax))} as a duration or a time. For example:\n` +
          `${examples(command, 'YYYY-MM-DD HH:MM')}\n` +
          `Units: m minutes, h hours, d days, w weeks; times are in ${escapeHtml(zone)}.`
        );
      case 'not-in-future':
        return (
          `${escapeHtml(when)} (${escapeHtml(zone)}) is not in the future; give a later time, for example ` +
          `${code(`/${command} 2h`)} or ${code(`/${command} until 18:00`)}.`
        );
      case 'too-far':
        return `${when ? `${escapeHtml(when)} (${escapeHtml(zone)})` : 'That'} is more than 365 days ahead; /${command} lasts at most 365 days.`;
      case 'unknown-time-zone':
        return (
          `This chat's time zone ${code(clipText(error.timeZone, echoMax))} is not one this server knows, so I ` +
          "can't read times of day. Ask the bridge's admin to fix the receiver's time zone; durations such as " +
          `${code(`/${command} 2h`)} work meanwhile.`
        );
    }
  },
};

const ru: LanguageTexts = {
  commands: {
    start: 'Приветствие и статус подключения этого чата',
    help: 'Что умеет бот, с примерами',
    status: 'Доставки и ошибки в этом чате за последние 24 часа',
    last: 'Последние уведомления в этом чате',
    rules: 'Какие правила присылают уведомления в этот чат',
    mute: 'Выключить уведомления, пропуская их: /mute 2h, /mute until 18:00 (по умолчанию 1 ч)',
    snooze: 'Отложить уведомления и получить их позже: /snooze 30m, /snooze until 09:00 (по умолчанию 1 ч)',
    unmute: 'Снова включить уведомления в этом чате',
  },
  labels: {
    more: (count) => `… и ещё ${count}`,
    timesIn: 'время:',
    statusTitle: 'Этот чат за последние 24 часа',
    sent: 'Отправлено',
    failed: 'Ошибок',
    pending: 'Ждут отправки',
    dead: 'Не доставлено',
    silencesTitle: 'Ограничения',
    mutedUntil: 'выключено до',
    snoozedUntil: 'отложено до',
    noSilences: 'Уведомления включены.',
    failuresTitle: 'Последние ошибки',
    noFailures: 'Ошибок не было.',
    lastTitle: 'Последние уведомления',
    noNotifications: 'В этот чат ещё не отправлялось уведомлений.',
    deliveryStatuses: {
      pending: 'ожидает',
      sending: 'отправляется',
      sent: 'отправлено',
      dead: 'не доставлено',
      dropped: 'пропущено',
      merged: 'объединено в сводку',
    },
    rulesTitle: 'Правила, которые присылают уведомления в этот чат',
    noRules: 'Пока ни одно правило не присылает уведомления в этот чат.',
    ruleDisabled: 'выключено',
    events: 'события',
    anyEvent: 'любые события',
    sources: 'источники',
    anySource: 'любой источник',
    noSource: 'ни одного источника',
  },
  start: ({ connected, chatId, firstName }) => {
    const hello = `👋 Здравствуйте${firstName ? `, ${escapeHtml(firstName)}` : ''}!`;
    if (connected) return `${hello} Этот чат получает уведомления от notify-bridge.\n/help — что я умею.`;
    return (
      `${hello} Этот чат пока не подключён к notify-bridge.\n` +
      'Я предложил его администратору notify-bridge как кандидата в получатели; когда он добавит чат, ' +
      'уведомления начнут приходить сюда.\n' +
      `ID чата: ${code(String(chatId))}`
    );
  },
  help: (zone) =>
    [
      '<b>notify-bridge</b> присылает уведомления в этот чат. Команды:',
      '',
      '/status — доставки и ошибки здесь за последние 24 часа',
      '/last — последние уведомления',
      '/rules — какие правила присылают уведомления в этот чат',
      '/mute <i>время</i> — пропускать уведомления до этого времени (по умолчанию 1 ч)',
      '/snooze <i>время</i> — отложить уведомления и доставить их потом (по умолчанию 1 ч)',
      '/unmute — сразу снять mute и snooze',
      '/help — эта справка',
      '',
      '<i>время</i> — длительность или момент окончания, не дальше 365 дней:',
      `${['30m', '2h', '1h30m', '2 hours', '1d'].map(code).join(', ')} (m — минуты, h — часы, d — дни, w — недели)`,
      `${code('until 18:00')} — сегодня, а если 18:00 уже прошло, то завтра`,
      `${code('until ГГГГ-ММ-ДД ЧЧ:ММ')} — дата и время`,
      `Время указывается в часовом поясе этого чата: <b>${escapeHtml(zone)}</b>.`,
    ].join('\n'),
  muted: (when, zone) =>
    `🔕 Уведомления выключены до <b>${escapeHtml(when)}</b> (${escapeHtml(zone)}). ` +
    'Всё, что придёт до этого времени, будет пропущено; /unmute включит их раньше.',
  snoozed: (when, zone) =>
    `💤 Уведомления отложены до <b>${escapeHtml(when)}</b> (${escapeHtml(zone)}). ` +
    'Они будут доставлены после этого времени; /unmute отменит паузу раньше.',
  unmuted: (ended) => {
    if (ended === 0) return 'Уведомления в этом чате и так не были выключены или отложены.';
    const form = ruPlural.select(ended);
    const noun = form === 'one' ? 'ограничение' : form === 'few' ? 'ограничения' : 'ограничений';
    return `🔔 Уведомления снова включены (снято ${ended} ${noun}).`;
  },
  notReceiver: (chatId) =>
    'Этот чат пока не получает уведомлений от этого бота, поэтому здесь нечего показать или изменить. ' +
    `Администратор notify-bridge может его добавить; ID чата: ${code(chatId)}.`,
  unknownCommand: (raw) => `Я не знаю команды ${code(raw)}. Список команд — /help.`,
  silenceError: (command, error, when, zone) => {
    switch (error.code) {
      case 'invalid':
        return (
          `Не получается понять ${code(clipText(error.input, echoMax))} как длительность или время. Примеры:\n` +
          `${examples(command, 'ГГГГ-ММ-ДД ЧЧ:ММ')}\n` +
          `Единицы: m — минуты, h — часы, d — дни, w — недели; время — в поясе ${escapeHtml(zone)}.`
        );
      case 'not-in-future':
        return (
          `${escapeHtml(when)} (${escapeHtml(zone)}) — не в будущем; укажите время позже, например ` +
          `${code(`/${command} 2h`)} или ${code(`/${command} until 18:00`)}.`
        );
      case 'too-far':
        return `${when ? `${escapeHtml(when)} (${escapeHtml(zone)})` : 'Это'} — дальше чем через 365 дней; /${command} действует не больше 365 дней.`;
      case 'unknown-time-zone':
        return (
          `Часовой пояс этого чата ${code(clipText(error.timeZone, echoMax))} неизвестен серверу, поэтому время ` +
          'суток прочитать нельзя. Попросите администратора notify-bridge исправить пояс получателя; а пока можно ' +
          `указать длительность, например ${code(`/${command} 2h`)}.`
        );
    }
  },
};

/** Every text by language; exported so tests can walk all of them. */
export const botTexts: Readonly<Record<Language, LanguageTexts>> = Object.freeze({ en, ru });

/** The command menu for `language`, in commandNames order. */
export function botCommands(language: Language): readonly BotCommand[] {
  return commandNames.map((command) => ({ command, description: botTexts[language].commands[command] }));
}

/**
 * One setMyCommands call each (core.telegram.org/bots/api#setmycommands): English as the default for every
 * user, Russian for users whose app is in Russian.
 */
export function commandMenus(): readonly { languageCode?: string; commands: readonly BotCommand[] }[] {
  return [{ commands: botCommands('en') }, { languageCode: 'ru', commands: botCommands('ru') }];
}

/** The reply to /start. */
export function startText(language: Language, info: StartInfo): string {
  return botTexts[language].start(info);
}

/** The reply to /help; `zone` is the receiver's (shown so users know what `until 18:00` means). */
export function helpText(language: Language, zone: string | null | undefined): string {
  return botTexts[language].help(displayZone(zone));
}

/** The reply to a /mute that made a silence ending at `endsAt`. */
export function mutedText(language: Language, zone: string | null | undefined, endsAt: number): string {
  return botTexts[language].muted(formatInstant(language, zone, endsAt), displayZone(zone));
}

/** The reply to a /snooze that made a silence ending at `endsAt`. */
export function snoozedText(language: Language, zone: string | null | undefined, endsAt: number): string {
  return botTexts[language].snoozed(formatInstant(language, zone, endsAt), displayZone(zone));
}

/** The reply to /unmute that ended `ended` active silences (0: there were none). */
export function unmutedText(language: Language, ended: number): string {
  return botTexts[language].unmuted(ended);
}

/** The reply to any command but /start and /help in a chat that is not a receiver. */
export function notReceiverText(language: Language, chatId: string | number): string {
  return botTexts[language].notReceiver(String(chatId));
}

/** The reply to an unknown command; `raw` as parseCommand gave it (`/foo`). */
export function unknownCommandText(language: Language, raw: string): string {
  return botTexts[language].unknownCommand(clipText(raw, echoMax));
}

/** Why a /mute or /snooze argument was refused, what is accepted, and examples. */
export function silenceErrorText(
  language: Language,
  command: SilenceCommand,
  error: SilenceArgumentError,
  zone: string | null | undefined,
): string {
  // A huge duration (`999999w`) ends past what Date can show; the reply then names no date.
  const when =
    'endsAt' in error && isDateValue(error.endsAt) ? formatInstant(language, zone, error.endsAt) : '';
  return botTexts[language].silenceError(command, error, when, displayZone(zone));
}
