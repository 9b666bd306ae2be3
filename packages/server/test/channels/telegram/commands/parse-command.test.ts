import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commandNamePattern,
  commandNames,
  parseCommand,
} from '../../../../src/channels/telegram/commands/parse-command.ts';

const bot = 'NotifyBridgeBot';

describe('parseCommand', () => {
  it.each(commandNames)('reads /%s', (name) => {
    expect(parseCommand(`/${name}`, bot)).toEqual({ name, args: '', addressed: false });
  });

  describe('arguments', () => {
    it.each([
      ['/mute 2h', '2h'],
      ['/mute   until 18:00  ', 'until 18:00'],
      ['/mute\t2h', '2h'],
      ['/mute\n2h', '2h'],
      ['/mute\u00a02h', '2h'],
      ['/snooze 1h 30m', '1h 30m'],
      ['/mute 2h\nreason: deploy', '2h\nreason: deploy'],
      ['/mute 2h /unmute', '2h /unmute'],
      ['/start connect-123', 'connect-123'],
      ['/mute ', ''],
    ])('%j -> args %j', (text, args) => {
      expect(parseCommand(text, bot)).toMatchObject({ name: expect.any(String), args });
    });
  });

  describe('addressing with @BotName', () => {
    it('accepts this bot’s name and says so', () => {
      expect(parseCommand('/mute@NotifyBridgeBot 2h', bot)).toEqual({
        name: 'mute',
        args: '2h',
        addressed: true,
      });
    });

    it.each(['/mute@notifybridgebot', '/mute@NOTIFYBRIDGEBOT', '/Mute@NotifyBridgeBot'])(
      'compares the name case-insensitively: %s',
      (text) => {
        expect(parseCommand(text, bot)).toEqual({ name: 'mute', args: '', addressed: true });
      },
    );

    it('accepts the configured username with a leading @', () => {
      expect(parseCommand('/help@NotifyBridgeBot', '@NotifyBridgeBot')).toEqual({
        name: 'help',
        args: '',
        addressed: true,
      });
    });

    it.each([
      '/mute@OtherBot 2h',
      '/mute@NotifyBridgeBot2',
      '/mute@NotifyBridge',
      '/foo@OtherBot',
      '/start@OtherBot payload',
    ])('ignores a command for another bot: %j', (text) => {
      expect(parseCommand(text, bot)).toBeNull();
    });

    it.each(['/mute@', '/mute@ 2h', '/mute@Notify-Bot', '/mute@@NotifyBridgeBot'])(
      'is not a command with a malformed bot name: %j',
      (text) => {
        expect(parseCommand(text, bot)).toBeNull();
      },
    );
  });

  describe('case', () => {
    it.each([
      ['/MUTE 2h', 'mute'],
      ['/Status', 'status'],
      ['/unMute', 'unmute'],
    ])('%j -> %s', (text, name) => {
      expect(parseCommand(text, bot)).toMatchObject({ name });
    });

    it('keeps the arguments as written', () => {
      expect(parseCommand('/mute UNTIL 18:00', bot)).toMatchObject({ args: 'UNTIL 18:00' });
    });
  });

  describe('unknown commands', () => {
    it('names the command as written, without the bot name', () => {
      expect(parseCommand('/Foo@NotifyBridgeBot bar baz', bot)).toEqual({
        name: 'unknown',
        raw: '/Foo',
        args: 'bar baz',
        addressed: true,
      });
    });

    it.each(['/foo', '/settings', '/mute_all', '/2fa', '/_', '/startx', '/a'.padEnd(33, 'a')])(
      'reports %j as unknown',
      (text) => {
        expect(parseCommand(text, bot)).toEqual({ name: 'unknown', raw: text, args: '', addressed: false });
      },
    );
  });

  describe('not commands', () => {
    it.each([
      '',
      'hello',
      'mute 2h',
      ' /mute',
      '\n/mute',
      '/',
      '/ mute',
      '//mute',
      '/mute/2h',
      '/mute-2h',
      '/mute,2h',
      '/stärt',
      '/мьют',
      `/${'a'.repeat(33)}`,
      'please /mute 2h',
      '@NotifyBridgeBot /mute',
    ])('%j -> null', (text) => {
      expect(parseCommand(text, bot)).toBeNull();
    });

    it('returns null for something that is not text', () => {
      expect(parseCommand(undefined as unknown as string, bot)).toBeNull();
    });
  });

  it('reads any known command with any arguments (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...commandNames),
        fc.boolean(),
        fc.constantFrom(' ', '  ', '\n', '\t'),
        fc.string({ maxLength: 40 }),
        (name, mention, separator, args) => {
          const text = `/${name}${mention ? `@${bot}` : ''}${separator}${args}`;
          expect(parseCommand(text, bot)).toEqual({ name, args: args.trim(), addressed: mention });
        },
      ),
    );
  });

  it('ignores every other bot’s commands (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9_]{1,32}$/),
        fc.stringMatching(/^[A-Za-z0-9_]{5,32}$/).filter((name) => name.toLowerCase() !== bot.toLowerCase()),
        (name, other) => {
          expect(parseCommand(`/${name}@${other} x`, bot)).toBeNull();
        },
      ),
    );
  });

  it('never sees a command in text that does not start with / (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((text) => !text.startsWith('/')),
        (text) => {
          expect(parseCommand(text, bot)).toBeNull();
        },
      ),
    );
  });
});

describe('commandNames', () => {
  it('are valid Telegram command names, each once', () => {
    for (const name of commandNames) expect(name).toMatch(commandNamePattern);
    expect(new Set(commandNames).size).toBe(commandNames.length);
  });
});
