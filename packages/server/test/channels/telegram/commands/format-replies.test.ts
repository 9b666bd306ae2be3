import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatLast,
  formatRules,
  formatStatus,
  type LastItem,
  type RuleSummary,
  type StatusData,
  telegramMessageMax,
} from '../../../../src/channels/telegram/commands/format-replies.ts';
import { languages } from '../../../../src/channels/telegram/commands/texts.ts';
import { visibleLength } from '../../../../src/channels/telegram/telegram-html.ts';
import { expectTelegramHtml, injection, injectionEscaped } from './telegram-html-check.ts';

const utc = (text: string) => Date.parse(`${text}Z`);
const at = utc('2026-12-01T17:00:00');

const emptyStatus: StatusData = {
  sent24h: 0,
  failed24h: 0,
  pending: 0,
  dead24h: 0,
  lastFailures: [],
  activeSilences: [],
};

/** N of the "… and N more" / "… и ещё N" ending a list (on the reply's last line), or 0 when there is none. */
function moreCount(text: string): number {
  const match = /^… (?:and|и ещё) (\d+)(?: more)?$/.exec(text.split('\n').at(-1)!);
  return match ? Number(match[1]) : 0;
}

function expectWithinTelegramLimits(text: string) {
  expect(text.length).toBeLessThanOrEqual(telegramMessageMax);
  expect(visibleLength(text)).toBeLessThanOrEqual(telegramMessageMax);
  expectTelegramHtml(text);
}

describe('formatStatus', () => {
  it('shows the counts, silences and failures in the receiver’s zone', () => {
    const text = formatStatus('en', 'Europe/Berlin', {
      sent24h: 12,
      failed24h: 3,
      pending: 1,
      dead24h: 2,
      activeSilences: [
        { mode: 'drop', endsAt: at, comment: 'deploy window' },
        { mode: 'defer', endsAt: at + 3_600_000, comment: '' },
      ],
      lastFailures: [{ at, title: 'Disk full on db-1', error: 'HTTP 502 from ntfy' }],
    });
    expect(text).toBe(
      [
        '<b>This chat, last 24 hours</b> (times in Europe/Berlin)',
        '✅ Sent: 12',
        '⚠️ Failed: 3',
        '⏳ Waiting now: 1',
        '❌ Gave up: 2',
        '',
        '<b>Silences</b>',
        '🔕 muted until 1 Dec 2026, 18:00 — <i>deploy window</i>',
        '💤 snoozed until 1 Dec 2026, 19:00',
        '',
        '<b>Recent failures</b>',
        '1 Dec, 18:00 <b>Disk full on db-1</b>',
        '    <i>HTTP 502 from ntfy</i>',
      ].join('\n'),
    );
  });

  it('says so when nothing is silenced and nothing failed', () => {
    const en = formatStatus('en', 'UTC', emptyStatus);
    expect(en).toContain('Not muted or snoozed.');
    expect(en).toContain('No recent failures.');
    const ru = formatStatus('ru', 'UTC', emptyStatus);
    expect(ru).toContain('<b>Этот чат за последние 24 часа</b> (время: UTC)');
    expect(ru).toContain('Уведомления включены.');
    expect(ru).toContain('Ошибок не было.');
  });

  it('shows a count that is not a whole number as ?', () => {
    const text = formatStatus('en', 'UTC', { ...emptyStatus, sent24h: Number.NaN, pending: -1 });
    expect(text).toContain('Sent: ?');
    expect(text).toContain('Waiting now: ?');
  });

  it('escapes titles, errors and comments', () => {
    const text = formatStatus('en', 'UTC', {
      ...emptyStatus,
      activeSilences: [{ mode: 'drop', endsAt: at, comment: injection }],
      lastFailures: [{ at, title: injection, error: injection }],
    });
    expect(text.split(injectionEscaped)).toHaveLength(4);
    expect(text).not.toContain('<script');
    expectTelegramHtml(text);
  });

  it('clips a huge error so other failures still show', () => {
    const text = formatStatus('en', 'UTC', {
      ...emptyStatus,
      lastFailures: [
        { at, title: 'first', error: 'x'.repeat(10_000) },
        { at, title: 'second', error: 'short' },
      ],
    });
    expect(text).toContain(`${'x'.repeat(199)}…`);
    expect(text).toContain('second');
    expect(moreCount(text)).toBe(0);
  });

  it.each(languages)('stays within 4096 characters with 1000 failures and 1000 silences (%s)', (language) => {
    const text = formatStatus(language, 'Asia/Kolkata', {
      ...emptyStatus,
      activeSilences: Array.from({ length: 1000 }, (_, i) => ({
        mode: i % 2 ? 'drop' : 'defer',
        endsAt: at + i * 60_000,
        comment: `<silence ${i}> & more`.repeat(10),
      })),
      lastFailures: Array.from({ length: 1000 }, (_, i) => ({
        at: at - i * 60_000,
        title: `&&& failure ${i}`.repeat(20),
        error: '<&>'.repeat(100),
      })),
    });
    expectWithinTelegramLimits(text);
    // Both lists are cut, and both headings survive.
    expect(text).toContain(language === 'en' ? '<b>Recent failures</b>' : '<b>Последние ошибки</b>');
    expect(text.match(/… (?:and|и ещё) \d+/g)).toHaveLength(2);
  });
  it.each(languages)('keeps room for “no recent failures” after 1000 silences (%s)', (language) => {
    // Comments sized so the silences would end a few characters short of the limit.
    for (let extra = 0; extra < 60; extra++) {
      const text = formatStatus(language, 'UTC', {
        ...emptyStatus,
        activeSilences: Array.from({ length: 1000 }, (_, i) => ({
          mode: 'drop',
          endsAt: at,
          comment: `${'c'.repeat(extra)}${i}`,
        })),
      });
      expectWithinTelegramLimits(text);
      expect(text.endsWith(language === 'en' ? 'No recent failures.' : 'Ошибок не было.')).toBe(true);
    }
  });
});

describe('formatLast', () => {
  it('lists notifications with time, linked title and status', () => {
    const items: LastItem[] = [
      { at, title: 'Deploy finished', status: 'sent', url: 'https://ci.example/run/1' },
      { at: at - 60_000, title: 'Disk full', status: 'dead' },
      { at: at - 120_000, title: 'Digest item', status: 'merged', url: null },
    ];
    expect(formatLast('en', 'Europe/Berlin', items)).toBe(
      [
        '<b>Last notifications</b> (times in Europe/Berlin)',
        '✅ 1 Dec, 18:00 <a href="https://ci.example/run/1">Deploy finished</a> <i>(sent)</i>',
        '❌ 1 Dec, 17:59 Disk full <i>(not delivered)</i>',
        '📦 1 Dec, 17:58 Digest item <i>(merged into a digest)</i>',
      ].join('\n'),
    );
    expect(formatLast('ru', 'UTC', items)).toContain('<i>(не доставлено)</i>');
  });

  it('says so when there is nothing', () => {
    expect(formatLast('en', 'UTC', [])).toContain('No notifications were sent to this chat yet.');
    expect(formatLast('ru', 'UTC', [])).toContain('ещё не отправлялось');
  });

  it('links only http(s) URLs, escaped and normalised', () => {
    const link = (url: string) => formatLast('en', 'UTC', [{ at, title: 't', status: 'sent', url }]);
    expect(link('javascript:alert(1)')).not.toContain('<a');
    expect(link('tg://resolve?domain=x')).not.toContain('<a');
    expect(link('not a url')).not.toContain('<a');
    expect(link(`https://x.example/${'a'.repeat(3000)}`)).not.toContain('<a');
    const tricky = link('https://x.example/?q="><b>x</b>&a=1');
    expect(tricky).toContain('<a href="https://x.example/?q=%22%3E%3Cb%3Ex%3C/b%3E&amp;a=1">t</a>');
    expectTelegramHtml(tricky);
  });

  it('keeps each item on one line and takes no label from Object.prototype', () => {
    const text = formatLast('en', 'UTC', [{ at, title: 'line one\n\nline two', status: 'constructor' }]);
    expect(text.split('\n')[1]).toBe('• 1 Dec, 17:00 line one line two <i>(constructor)</i>');
  });

  it('shows an empty title as —, so a link never wraps nothing', () => {
    const text = formatLast('en', 'UTC', [{ at, title: ' \n ', status: 'sent', url: 'https://x.example/' }]);
    expect(text).toContain('<a href="https://x.example/">—</a>');
  });

  it('escapes titles and unknown statuses', () => {
    const text = formatLast('en', 'UTC', [
      { at, title: injection, status: injection, url: 'https://x.example' },
    ]);
    // The title whole, the unknown status clipped to 32 characters.
    expect(text).toContain(`>${injectionEscaped}</a>`);
    expect(text).toContain('<i>(&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;&quot;y&quot;&lt;/script&gt;…)</i>');
    expect(text).toContain('• ');
    expectTelegramHtml(text);
  });

  it.each(languages)('stays within 4096 characters with 1000 items (%s)', (language) => {
    const items = Array.from({ length: 1000 }, (_, i) => ({
      at: at - i * 60_000,
      title: `"Release" <${i}> & co `.repeat(10),
      status: 'sent',
      url: `https://example.com/${i}?a=1&b="2"`,
    }));
    const text = formatLast(language, 'America/New_York', items);
    expectWithinTelegramLimits(text);
    const shown = text.split('\n').filter((line) => line.startsWith('✅')).length;
    expect(shown).toBeGreaterThan(5);
    expect(shown + moreCount(text)).toBe(1000);
  });
});

describe('formatRules', () => {
  it('shows each rule’s name, state, events and sources', () => {
    const rules: RuleSummary[] = [
      { name: 'Deploys', eventTypes: ['deploy.*', 'release'], sources: ['github', 'gitlab'], enabled: true },
      { name: 'Everything', eventTypes: [], sources: null, enabled: false },
      { name: 'Nothing yet', eventTypes: ['x'], sources: [], enabled: true },
    ];
    expect(formatRules('en', rules)).toBe(
      [
        '<b>Rules that notify this chat</b>',
        '• <b>Deploys</b>',
        '    events: <code>deploy.*</code>, <code>release</code>',
        '    sources: <code>github</code>, <code>gitlab</code>',
        '• <b>Everything</b> <i>(off)</i>',
        '    events: any event',
        '    sources: any source',
        '• <b>Nothing yet</b>',
        '    events: <code>x</code>',
        '    sources: no source',
      ].join('\n'),
    );
    const ru = formatRules('ru', rules);
    expect(ru).toContain('<i>(выключено)</i>');
    expect(ru).toContain('события: любые события');
    expect(ru).toContain('источники: любой источник');
  });

  it('says so when no rule notifies the chat', () => {
    expect(formatRules('en', [])).toBe('<b>Rules that notify this chat</b>\nNo rule notifies this chat yet.');
  });

  it('shows at most ten globs per rule', () => {
    const eventTypes = Array.from({ length: 25 }, (_, i) => `type.${i}`);
    const text = formatRules('en', [{ name: 'many', eventTypes, sources: null, enabled: true }]);
    expect(text).toContain('<code>type.9</code>, … and 15 more');
    expect(text).not.toContain('type.10');
  });

  it('escapes rule names, globs and sources (a <b> in a rule name stays text)', () => {
    const text = formatRules('en', [
      { name: '<b>boss</b>', eventTypes: [injection], sources: [injection], enabled: true },
    ]);
    expect(text).toContain('• <b>&lt;b&gt;boss&lt;/b&gt;</b>');
    expect(text.split(injectionEscaped)).toHaveLength(3);
    expectTelegramHtml(text);
  });

  it.each(languages)('stays within 4096 characters with 1000 rules (%s)', (language) => {
    const rules = Array.from({ length: 1000 }, (_, i) => ({
      name: `<rule ${i}> & "friends"`.repeat(5),
      eventTypes: Array.from({ length: 30 }, (_, j) => `&type.${j}.*`),
      sources: Array.from({ length: 3 }, (_, j) => `source <${j}>`),
      enabled: i % 3 !== 0,
    }));
    const text = formatRules(language, rules);
    expectWithinTelegramLimits(text);
    const shown = text.split('\n').filter((line) => line.startsWith('• ')).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown + moreCount(text)).toBe(1000);
  });
});

describe('any data (property)', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 300 });
  const instant = fc.integer({ min: utc('2020-01-01T00:00:00'), max: utc('2030-01-01T00:00:00') });
  const language = fc.constantFrom(...languages);
  const zone = fc.constantFrom('UTC', 'Europe/Berlin', 'Asia/Kolkata', 'Nowhere/Land');
  const many = <T>(item: fc.Arbitrary<T>) => fc.array(item, { maxLength: 200 });

  it('formatStatus is valid Telegram HTML within the limit', () => {
    fc.assert(
      fc.property(
        language,
        zone,
        fc.record({
          sent24h: fc.nat(),
          failed24h: fc.nat(),
          pending: fc.nat(),
          dead24h: fc.nat(),
          lastFailures: many(fc.record({ at: instant, title: text, error: text })),
          activeSilences: many(
            fc.record({
              mode: fc.constantFrom('drop' as const, 'defer' as const),
              endsAt: instant,
              comment: text,
            }),
          ),
        }),
        (lang, tz, data) => expectWithinTelegramLimits(formatStatus(lang, tz, data)),
      ),
      { numRuns: 200 },
    );
  });

  it('formatLast is valid Telegram HTML within the limit and accounts for every item', () => {
    fc.assert(
      fc.property(
        language,
        zone,
        many(
          fc.record({
            at: instant,
            title: text,
            status: fc.oneof(fc.constantFrom('sent', 'dead', 'pending'), text),
            url: fc.option(fc.oneof(fc.webUrl(), text)),
          }),
        ),
        (lang, tz, items) => {
          const reply = formatLast(lang, tz, items);
          expectWithinTelegramLimits(reply);
          if (items.length > 0) {
            // One line per shown item (line breaks in titles are flattened), then maybe "… and N more".
            const shown = reply.split('\n').filter((line) => /^(✅|❌|⏳|•) \d/.test(line)).length;
            expect(shown + moreCount(reply)).toBe(items.length);
            expect(reply.split('\n')).toHaveLength(1 + shown + (moreCount(reply) > 0 ? 1 : 0));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('formatRules is valid Telegram HTML within the limit', () => {
    fc.assert(
      fc.property(
        language,
        many(
          fc.record({
            name: text,
            eventTypes: fc.array(text, { maxLength: 20 }),
            sources: fc.option(fc.array(text, { maxLength: 5 })),
            enabled: fc.boolean(),
          }),
        ),
        (lang, rules) => expectWithinTelegramLimits(formatRules(lang, rules)),
      ),
      { numRuns: 200 },
    );
  });
});
