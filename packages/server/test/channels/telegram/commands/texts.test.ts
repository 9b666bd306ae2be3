import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commandNamePattern,
  commandNames,
} from '../../../../src/channels/telegram/commands/parse-command.ts';
import type { SilenceArgumentError } from '../../../../src/channels/telegram/commands/silence-argument.ts';
import {
  botCommands,
  botTexts,
  clipText,
  commandMenus,
  displayZone,
  escapeHtml,
  formatInstant,
  formatShortInstant,
  helpText,
  languages,
  mutedText,
  notReceiverText,
  pickLanguage,
  silenceErrorText,
  snoozedText,
  startText,
  unknownCommandText,
  unmutedText,
} from '../../../../src/channels/telegram/commands/texts.ts';
import { deliveryStatuses } from '../../../../src/db/schema.ts';
import { expectTelegramHtml, injection, injectionEscaped } from './telegram-html-check.ts';

const utc = (text: string) => Date.parse(`${text}Z`);
const december = utc('2026-12-01T17:00:00');
const cyrillic = /[а-яё]/i;

describe('pickLanguage', () => {
  it.each([
    ['ru', 'ru'],
    ['ru-RU', 'ru'],
    ['RU', 'ru'],
    ['ru_RU', 'ru'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['de', 'en'],
    ['uk', 'en'],
    ['rus', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    [null, 'en'],
  ])('%j -> %s', (code, language) => {
    expect(pickLanguage(code)).toBe(language);
  });
});

describe('escapeHtml', () => {
  it('escapes & < > and "', () => {
    expect(escapeHtml(injection)).toBe(injectionEscaped);
    expect(escapeHtml("it's fine")).toBe("it's fine");
  });

  it('always yields text Telegram reads back as the input (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = escapeHtml(text);
        expectTelegramHtml(escaped);
        const decoded = escaped
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&');
        expect(decoded).toBe(text);
      }),
    );
  });
});

describe('clipText', () => {
  it('keeps short text and cuts long text with an ellipsis', () => {
    expect(clipText('hello', 5)).toBe('hello');
    expect(clipText('hello!', 5)).toBe('hell…');
  });

  it('never splits a surrogate pair', () => {
    expect(clipText('ab😀cd', 4)).toBe('ab…');
    expect(clipText('ab😀cd', 5)).toBe('ab😀…');
  });

  it('is at most max units and a prefix of the input plus … (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 50 }),
        fc.integer({ min: 1, max: 40 }),
        (text, max) => {
          const clipped = clipText(text, max);
          expect(clipped.length).toBeLessThanOrEqual(max);
          if (clipped !== text) expect(text.startsWith(clipped.slice(0, -1))).toBe(true);
          expect(clipped).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
        },
      ),
    );
  });
});

describe('command menus', () => {
  it.each(languages)('%s describes every command, in order, within Telegram’s limits', (language) => {
    const commands = botCommands(language);
    expect(commands.map((entry) => entry.command)).toEqual([...commandNames]);
    for (const { command, description } of commands) {
      expect(command).toMatch(commandNamePattern);
      expect(description.trim().length).toBeGreaterThanOrEqual(3);
      expect(description.length).toBeLessThanOrEqual(256);
      expect(description).toBe(description.trim());
    }
  });

  it('has Russian descriptions in Russian and English ones in English', () => {
    for (const { description } of botCommands('ru')) expect(description).toMatch(cyrillic);
    for (const { description } of botCommands('en')) expect(description).not.toMatch(cyrillic);
  });

  it('sets English for everyone and Russian for Russian-language users', () => {
    expect(commandMenus()).toEqual([
      { commands: botCommands('en') },
      { languageCode: 'ru', commands: botCommands('ru') },
    ]);
  });
});

describe.each(languages)('replies in %s', (language) => {
  const texts = botTexts[language];
  const inLanguage = (text: string) =>
    language === 'ru' ? expect(text).toMatch(cyrillic) : expect(text).not.toMatch(cyrillic);

  describe('/start', () => {
    it('says a connected chat receives notifications, without showing its id', () => {
      const text = startText(language, { connected: true, chatId: -100123 });
      expect(text).toMatch(language === 'en' ? /receives notifications/ : /получает уведомления/);
      expect(text).not.toContain('-100123');
      expect(text).toContain('/help');
      inLanguage(text);
      expectTelegramHtml(text);
    });

    it('says an unconnected chat was offered to the admin, and shows the chat id', () => {
      const text = startText(language, { connected: false, chatId: -100123 });
      expect(text).toMatch(language === 'en' ? /offered it to the bridge's admin/ : /администратору/);
      expect(text).toContain('<code>-100123</code>');
      expectTelegramHtml(text);
    });

    it('greets by first name, escaped', () => {
      expect(startText(language, { connected: true, chatId: 1, firstName: 'Anna' })).toContain(', Anna!');
      for (const connected of [true, false]) {
        const text = startText(language, { connected, chatId: injection, firstName: injection });
        expect(text).not.toContain('<b>x');
        expect(text).not.toContain('<script');
        expect(text).toContain(injectionEscaped);
        expectTelegramHtml(text);
      }
    });
  });

  describe('/help', () => {
    it('lists every command but /start, and the argument forms', () => {
      const text = helpText(language, 'Europe/Berlin');
      for (const name of commandNames.filter((command) => command !== 'start'))
        expect(text).toContain(`/${name}`);
      expect(text).toContain('<code>1h30m</code>');
      expect(text).toContain('<code>until 18:00</code>');
      expect(text).toContain('365');
      expect(text).toContain('<b>Europe/Berlin</b>');
      inLanguage(text);
      expectTelegramHtml(text);
    });

    it('names UTC when the receiver’s zone is unknown', () => {
      expect(helpText(language, undefined)).toContain('<b>UTC</b>');
      expect(helpText(language, '<b>Mars</b>')).toContain('<b>UTC</b>');
    });
  });

  describe('/mute and /snooze', () => {
    it('formats the end in the receiver’s zone and language', () => {
      const berlin = mutedText(language, 'Europe/Berlin', december);
      expect(berlin).toContain(
        language === 'en' ? '<b>1 Dec 2026, 18:00</b>' : '<b>1 дек. 2026 г., 18:00</b>',
      );
      expect(berlin).toContain('(Europe/Berlin)');
      expect(mutedText(language, 'Asia/Kolkata', december)).toContain('22:30');
      expect(mutedText(language, 'America/New_York', december)).toContain('12:00');
      inLanguage(berlin);
      expectTelegramHtml(berlin);
    });

    it('says muted notifications are dropped and snoozed ones delivered later', () => {
      const muted = mutedText(language, 'UTC', december);
      const snoozed = snoozedText(language, 'UTC', december);
      expect(muted).toMatch(language === 'en' ? /dropped/ : /пропущено/);
      expect(snoozed).toMatch(language === 'en' ? /delivered then/ : /будут доставлены/);
      expect(muted).toContain('/unmute');
      expect(snoozed).toContain('/unmute');
      expect(snoozed).toContain('<b>');
      expectTelegramHtml(snoozed);
    });

    it('falls back to UTC, and says so, for a zone the server does not know', () => {
      const text = snoozedText(language, 'Mars/Olympus', december);
      expect(text).toContain('17:00');
      expect(text).toContain('(UTC)');
      expect(text).not.toContain('Mars');
    });
  });

  describe('/unmute', () => {
    it('says when nothing was silenced', () => {
      const text = unmutedText(language, 0);
      expect(text).toMatch(language === 'en' ? /neither muted nor snoozed/ : /и так не были/);
      expect(text).not.toMatch(/\d/);
    });

    it('counts the silences it ended', () => {
      expect(unmutedText(language, 3)).toContain('3');
      expectTelegramHtml(unmutedText(language, 3));
    });
  });

  it('tells a chat that is not a receiver its id, escaped', () => {
    expect(notReceiverText(language, -100123)).toContain('<code>-100123</code>');
    const text = notReceiverText(language, injection);
    expect(text).toContain(injectionEscaped);
    expectTelegramHtml(text);
  });

  it('names an unknown command, escaped and clipped, and points to /help', () => {
    expect(unknownCommandText(language, '/foo')).toContain('<code>/foo</code>');
    expect(unknownCommandText(language, '/foo')).toContain('/help');
    const text = unknownCommandText(language, `/${injection}`);
    expect(text).toContain(injectionEscaped);
    expectTelegramHtml(text);
    expect(unknownCommandText(language, `/${'a'.repeat(500)}`).length).toBeLessThan(300);
  });

  describe('silence argument errors', () => {
    const errors: SilenceArgumentError[] = [
      { code: 'invalid', input: injection },
      { code: 'not-in-future', input: '0s', endsAt: december },
      { code: 'too-far', input: '400d', endsAt: december },
      { code: 'too-far', input: '14800000w', endsAt: 9e15 },
      { code: 'unknown-time-zone', input: '18:00', timeZone: injection },
    ];

    it.each(errors)('explains $code in the language, as valid HTML, for both commands', (error) => {
      for (const command of ['mute', 'snooze'] as const) {
        const text = silenceErrorText(language, command, error, 'Europe/Berlin');
        inLanguage(text);
        expectTelegramHtml(text);
        expect(text).toContain(`/${command}`);
        expect(text).not.toContain(`/${command === 'mute' ? 'snooze' : 'mute'}`);
        expect(text).not.toContain('<script');
      }
    });

    it('shows accepted forms with examples for input it cannot read', () => {
      const text = silenceErrorText(language, 'mute', { code: 'invalid', input: 'soon' }, 'UTC');
      for (const example of ['/mute 30m', '/mute 2h', '/mute 1h30m', '/mute until 18:00']) {
        expect(text).toContain(`<code>${example}</code>`);
      }
      expect(text).toContain('<code>soon</code>');
    });

    it('names the refused end time in the receiver’s zone', () => {
      const text = silenceErrorText(language, 'mute', errors[1]!, 'Europe/Berlin');
      expect(text).toContain('18:00 (Europe/Berlin)');
      expect(silenceErrorText(language, 'mute', errors[2]!, 'Europe/Berlin')).toContain('365');
    });

    it('escapes an unknown zone name', () => {
      expect(silenceErrorText(language, 'mute', errors[4]!, injection)).toContain(injectionEscaped);
    });
  });

  it('has a label for every delivery status', () => {
    for (const status of deliveryStatuses) {
      expect(texts.labels.deliveryStatuses[status]).toBeTruthy();
    }
  });
});

describe('Russian plurals', () => {
  it.each([
    [1, 'ограничение'],
    [2, 'ограничения'],
    [4, 'ограничения'],
    [5, 'ограничений'],
    [11, 'ограничений'],
    [21, 'ограничение'],
    [22, 'ограничения'],
    [111, 'ограничений'],
  ])('%d %s', (count, noun) => {
    expect(unmutedText('ru', count)).toContain(`снято ${count} ${noun})`);
  });

  it('English says silence and silences', () => {
    expect(unmutedText('en', 1)).toContain('(1 silence ended)');
    expect(unmutedText('en', 2)).toContain('(2 silences ended)');
  });
});

describe('formatInstant and formatShortInstant', () => {
  it('use 24-hour, day-first forms in both languages', () => {
    expect(formatInstant('en', 'UTC', utc('2026-12-01T07:05:00'))).toBe('1 Dec 2026, 07:05');
    expect(formatInstant('ru', 'UTC', utc('2026-12-01T07:05:00'))).toBe('1 дек. 2026 г., 07:05');
    expect(formatShortInstant('en', 'UTC', utc('2026-12-01T19:05:00'))).toBe('1 Dec, 19:05');
    expect(formatShortInstant('ru', 'UTC', utc('2026-12-01T19:05:00'))).toBe('1 дек., 19:05');
  });

  it('show the local date and time across a DST change', () => {
    expect(formatInstant('en', 'Europe/Berlin', utc('2026-03-29T00:59:00'))).toBe('29 Mar 2026, 01:59');
    expect(formatInstant('en', 'Europe/Berlin', utc('2026-03-29T01:00:00'))).toBe('29 Mar 2026, 03:00');
    expect(formatInstant('en', 'America/New_York', utc('2026-11-01T05:30:00'))).toBe('1 Nov 2026, 01:30');
    expect(formatInstant('en', 'America/New_York', utc('2026-11-01T06:30:00'))).toBe('1 Nov 2026, 01:30');
  });

  it('fall back to UTC for an unknown or missing zone', () => {
    expect(displayZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(displayZone('Nowhere/Land')).toBe('UTC');
    expect(displayZone(undefined)).toBe('UTC');
    expect(displayZone(null)).toBe('UTC');
    expect(formatInstant('en', 'Nowhere/Land', december)).toBe('1 Dec 2026, 17:00');
  });

  it('show ? for a value that is no date', () => {
    expect(formatInstant('en', 'UTC', Number.NaN)).toBe('?');
    expect(formatShortInstant('ru', 'UTC', 9e15)).toBe('?');
  });
});
