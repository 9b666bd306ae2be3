import { describe, expect, it } from 'vitest';
import { channelKinds } from '../../src/channels/registry.ts';
import { targetOfUrl, urlOfTarget } from '../../src/channels/target-from-url.ts';
import { parseTargetUrl, secretPlaceholder } from '../../src/channels/target-url.ts';
import { schemaProblems } from '../../src/schema-check.ts';

// Made-up credentials shaped like the real ones (each kind's schema checks the shape).
const tgToken = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const poUser = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
const poToken = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';
const slackC = 'TIiajkdnlazkcOXrIdevi7FQ';
const discordToken = 'JHMHI8qBe7bk2ZwO5U711o3dV_js-Xy';
const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;

/** Every form the README documents, with the target and receivers it must make. */
const forms: { url: string; kind: string; config: Record<string, unknown>; addresses: unknown[] }[] = [
  // Telegram
  {
    url: `tgram://${tgToken}/123456789`,
    kind: 'telegram',
    config: { token: tgToken },
    addresses: [{ chatId: 123456789 }],
  },
  {
    url: `tgram://${tgToken}/-1001234567890/@mychannel/otherchan?preview=yes`,
    kind: 'telegram',
    config: { token: tgToken },
    addresses: [
      { chatId: -1001234567890, linkPreviews: true },
      { chatId: '@mychannel', linkPreviews: true },
      { chatId: '@otherchan', linkPreviews: true },
    ],
  },
  {
    url: `tgram://${tgToken}/-100222:17?to=333`,
    kind: 'telegram',
    config: { token: tgToken },
    addresses: [{ chatId: -100222, threadId: 17 }, { chatId: 333 }],
  },
  // E-mail
  {
    url: 'mailtos://alerts:app-pass@example.com',
    kind: 'email',
    config: {
      host: 'example.com',
      security: 'starttls',
      username: 'alerts',
      password: 'app-pass',
      from: 'alerts@example.com',
    },
    addresses: [{ to: ['alerts@example.com'] }],
  },
  {
    url: 'mailtos://me%40example.com:p%40ss:w@mail.example.com:465/ops@example.com/dev@example.com?from=bridge@example.com&name=Notify%20Bridge&cc=boss@example.com',
    kind: 'email',
    config: {
      host: 'mail.example.com',
      port: 465,
      security: 'tls',
      username: 'me@example.com',
      password: 'p@ss:w',
      from: 'Notify Bridge <bridge@example.com>',
    },
    addresses: [{ to: ['ops@example.com', 'dev@example.com'], cc: ['boss@example.com'] }],
  },
  {
    url: 'mailto://user:secret@example.com:2525?smtp=smtp.example.net&to=a@example.org,b@example.org&mode=starttls',
    kind: 'email',
    config: {
      host: 'smtp.example.net',
      port: 2525,
      security: 'starttls',
      username: 'user',
      password: 'secret',
      from: 'user@example.com',
    },
    addresses: [{ to: ['a@example.org', 'b@example.org'] }],
  },
  {
    url: 'mailto://relay.lan:25?from=nas@home.lan&to=me@example.org',
    kind: 'email',
    config: { host: 'relay.lan', port: 25, security: 'none', from: 'nas@home.lan' },
    addresses: [{ to: ['me@example.org'] }],
  },
  // ntfy
  { url: 'ntfy://alerts', kind: 'ntfy', config: {}, addresses: [{ topic: 'alerts' }] },
  {
    url: 'ntfys://ntfy.example.com/alerts/backups',
    kind: 'ntfy',
    config: { server: 'https://ntfy.example.com' },
    addresses: [{ topic: 'alerts' }, { topic: 'backups' }],
  },
  {
    url: 'ntfy://phil:mypass@192.168.1.5:8080/home',
    kind: 'ntfy',
    config: { server: 'http://192.168.1.5:8080', username: 'phil', password: 'mypass' },
    addresses: [{ topic: 'home' }],
  },
  {
    url: 'ntfys://tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2@ntfy.sh/alerts',
    kind: 'ntfy',
    config: { token: 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2' },
    addresses: [{ topic: 'alerts' }],
  },
  {
    url: 'ntfys://ntfy.example.com/alerts?token=tk_other',
    kind: 'ntfy',
    config: { server: 'https://ntfy.example.com', token: 'tk_other' },
    addresses: [{ topic: 'alerts' }],
  },
  // Discord
  {
    url: `discord://4174216298/${discordToken}`,
    kind: 'discord',
    config: { url: `https://discord.com/api/webhooks/4174216298/${discordToken}` },
    addresses: [{}],
  },
  {
    url: `discord://Bridge@4174216298/${discordToken}?avatar_url=https://example.com/a.png&thread=998877`,
    kind: 'discord',
    config: {
      url: `https://discord.com/api/webhooks/4174216298/${discordToken}`,
      username: 'Bridge',
      avatarUrl: 'https://example.com/a.png',
    },
    addresses: [{ threadId: '998877' }],
  },
  // Slack
  {
    url: `slack://T1JJ3T3L2/A1BRTD4JD/${slackC}`,
    kind: 'slack',
    config: { webhookUrl: `https://hooks.slack.com/services/T1JJ3T3L2/A1BRTD4JD/${slackC}` },
    addresses: [{}],
  },
  {
    url: 'slack://bot@xoxb-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d/#general/C0123ABCDE/random',
    kind: 'slack',
    config: { botToken: 'xoxb-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d' },
    addresses: [{ channel: '#general' }, { channel: 'C0123ABCDE' }, { channel: '#random' }],
  },
  // Gotify
  {
    url: 'gotify://gotify.lan/AbCdEf123456',
    kind: 'gotify',
    config: { server: 'http://gotify.lan', token: 'AbCdEf123456' },
    addresses: [{}],
  },
  {
    url: 'gotifys://example.com:8443/gotify/AbCdEf123456?priority=8',
    kind: 'gotify',
    config: { server: 'https://example.com:8443/gotify', token: 'AbCdEf123456' },
    addresses: [{}],
  },
  // Pushover
  {
    url: `pover://${poUser}@${poToken}`,
    kind: 'pushover',
    config: { token: poToken },
    addresses: [{ user: poUser }],
  },
  {
    url: `pover://${poUser}@${poToken}/phone/tablet?sound=siren&priority=emergency&retry=60&expire=600`,
    kind: 'pushover',
    config: { token: poToken },
    addresses: [
      { user: poUser, device: 'phone,tablet', sound: 'siren', emergency: { retry: 60, expire: 600 } },
    ],
  },
  // JSON (webhook)
  {
    url: 'json://hooks.lan:8080/notify',
    kind: 'webhook',
    config: { url: 'http://hooks.lan:8080/notify' },
    addresses: [{}],
  },
  {
    url: 'jsons://bob:s3cret@example.com/api/hook?+X-Api-Key=k123&method=POST',
    kind: 'webhook',
    config: {
      url: 'https://example.com/api/hook',
      headers: { authorization: basic('bob:s3cret'), 'x-api-key': 'k123' },
    },
    addresses: [{}],
  },
  // MQTT
  {
    url: 'mqtt://127.0.0.1/home/alerts',
    kind: 'mqtt',
    config: { url: 'mqtt://127.0.0.1' },
    addresses: [{ topic: 'home/alerts' }],
  },
  {
    url: 'mqtts://user:pass@broker.example.com:8883/alerts/{severity}?qos=2&retain=yes&client_id=bridge-1',
    kind: 'mqtt',
    config: {
      url: 'mqtts://broker.example.com:8883',
      username: 'user',
      password: 'pass',
      clientId: 'bridge-1',
    },
    addresses: [{ topic: 'alerts/{severity}', qos: 2, retain: true }],
  },
];

describe('targets from Apprise-style URLs', () => {
  it.each(forms)(
    '$url makes the right $kind target, valid for its schemas',
    ({ url, kind, config, addresses }) => {
      const target = targetOfUrl(url);
      if (typeof target === 'string') throw new Error(target);
      expect(target.channel.kind).toBe(kind);
      expect(target.config).toEqual(config);
      expect(target.addresses).toEqual(addresses);
      expect(schemaProblems(target.channel.configSchema, target.config)).toEqual([]);
      expect(target.channel.validateConfig?.(target.config as never)).toBeUndefined();
      for (const address of target.addresses) {
        expect(schemaProblems(target.channel.addressSchema, address)).toEqual([]);
      }
    },
  );

  it.each(forms)('$url round-trips: its export reads back as the same target', ({ url }) => {
    const target = targetOfUrl(url) as Exclude<ReturnType<typeof targetOfUrl>, string>;
    const exported = urlOfTarget(target.channel, target.config, target.addresses, true)!;
    const again = targetOfUrl(exported);
    if (typeof again === 'string') throw new Error(`${exported}: ${again}`);
    expect(again.channel.kind).toBe(target.channel.kind);
    expect(again.config).toEqual(target.config);
    expect(again.addresses).toEqual(target.addresses);
    // Written once more, the URL is the same: the export is canonical.
    expect(urlOfTarget(again.channel, again.config, again.addresses, true)).toBe(exported);
  });

  it.each(forms)('$url exported without secrets holds none of them', ({ url }) => {
    const target = targetOfUrl(url) as Exclude<ReturnType<typeof targetOfUrl>, string>;
    const hidden = urlOfTarget(target.channel, target.config, target.addresses, false)!;
    for (const field of target.channel.secretFields) {
      const value = target.config[field];
      const secrets = typeof value === 'object' && value !== null ? Object.values(value) : [value];
      for (const secret of secrets) {
        if (typeof secret !== 'string') continue;
        // The secret part of a value (a webhook URL's token, a basic header's password) is what must go.
        expect(hidden).not.toContain(secret);
        expect(decodeURIComponent(hidden)).not.toContain(secretPartOf(secret));
      }
    }
    if (!target.channel.secretFields.some((field) => target.config[field] !== undefined)) return;
    expect(hidden).toContain(secretPlaceholder);
    // Imported again, a placeholder is refused with what to do about it.
    expect(targetOfUrl(hidden)).toMatch(/placeholder \*\*\* where a secret goes.*secrets=true/);
  });

  it('every channel but matrix declares a URL form, each scheme for one kind', () => {
    const schemes = channelKinds.flatMap((kind) => kind.url?.schemes ?? []);
    expect(new Set(schemes).size).toBe(schemes.length);
    expect(schemes.sort()).toEqual(
      [
        'discord',
        'gotify',
        'gotifys',
        'json',
        'jsons',
        'mailto',
        'mailtos',
        'mqtt',
        'mqtts',
        'ntfy',
        'ntfys',
        'pover',
        'slack',
        'tgram',
      ].sort(),
    );
  });

  it.each([
    ['no scheme', 'hooks.slack.com/services/x', /not a URL of the form scheme:\/\//],
    [
      'an unknown scheme',
      'pagerduty://secretkey@x',
      /scheme "pagerduty:\/\/", which no channel reads \(these do: .*tgram/,
    ],
    ['a broken escape', `tgram://${tgToken}/%zz`, /broken percent-escape/],
    [
      'an option the kind does not take',
      `tgram://${tgToken}/1?silent_secret=hunter2`,
      /option "silent_secret", which tgram:\/\/ does not take \(it takes: to, preview/,
    ],
    ['a telegram URL without a valid token', 'tgram://hunter2hunter2/123', /bot token from @BotFather/],
    ['a telegram URL without a chat', `tgram://${tgToken}`, /names no chat/],
    ['a telegram chat that is no chat', `tgram://${tgToken}/a!b`, /neither a chat id/],
    ['an e-mail URL without a sender', 'mailtos://example.com', /names no sender/],
    [
      'an e-mail URL with a wrong mode',
      'mailtos://u:hunter2@example.com?mode=weird',
      /mode" must be ssl, starttls or insecure/,
    ],
    ['an ntfy URL with a bad topic', 'ntfys://host.example/bad.topic', /topic that is not 1 to 64/],
    ['an ntfy URL with a user but no password', 'ntfys://hunter2@host.example/t', /user without a password/],
    ['a discord URL without a token', 'discord://4174216298', /webhook id and token/],
    ['a slack webhook with a channel', `slack://T1JJ3T3L2/A1BRTD4JD/${slackC}/#general`, /posts to its own/],
    ['a slack bot without a channel', 'slack://xoxb-1-2-hunter2', /names no channel/],
    ['a gotify URL without a token', 'gotifys://gotify.example', /application token/],
    ['a pushover URL without a user key', `pover://${poToken}`, /user key and the application token/],
    ['a JSON URL with GET', 'jsons://u:hunter2@example.com/x?method=GET', /always POST/],
    ['an MQTT URL without a topic', 'mqtt://u:hunter2@broker.lan', /names no topic/],
    ['an MQTT URL with a bad qos', 'mqtt://broker.lan/t?qos=3', /"qos" must be 0, 1 or 2/],
    ['an MQTT URL with a bad retain', 'mqtt://broker.lan/t?retain=maybe', /"retain" must be yes or no/],
  ])('refuses %s, saying what to fix without quoting the URL', (_what, url, message) => {
    const problem = targetOfUrl(url);
    expect(problem).toMatch(message);
    expect(problem).not.toContain('hunter2');
    expect(problem).not.toContain(tgToken);
  });

  it('splits Apprise URLs a WHATWG parser refuses: a colon in the host part, # in the path', () => {
    expect(() => new URL(`tgram://${tgToken}/1`)).toThrow();
    expect(parseTargetUrl(`tgram://${tgToken}/1`)).toMatchObject({
      host: '123456789',
      port: tgToken.split(':')[1],
      path: ['1'],
    });
    expect(parseTargetUrl('slack://xoxb-1/#general')).toMatchObject({ path: ['#general'] });
    expect(parseTargetUrl('MQTT://[::1]:1883/a/b')).toMatchObject({
      scheme: 'mqtt',
      host: '[::1]',
      port: '1883',
      path: ['a', 'b'],
    });
  });
});

/** The token of a Discord or Slack webhook URL, the password of a basic header, else the value itself. */
function secretPartOf(value: string): string {
  if (value.startsWith('https://')) return value.split('/').at(-1)!;
  if (value.startsWith('Basic ')) return Buffer.from(value.slice(6), 'base64').toString().split(':')[1]!;
  return value;
}
