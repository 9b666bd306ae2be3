import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../../src/channels/channel.ts';
import { type TelegramTargetConfig, telegramChannel } from '../../../src/channels/telegram/index.ts';
import type { ItemOutcome } from '../../../src/channels/telegram/send-media.ts';
import { channelState } from '../../../src/delivery/channel-state.ts';
import type { Attachment } from '../../../src/domain/event.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../../src/security/http/ssrf-guarded-client.ts';
import { FakeBotApi } from '../../fakes/telegram-bot-api/server.ts';
import { createMigratedDatabase } from '../../helpers/databases.ts';
import { seedTarget } from '../../helpers/seed.ts';
import { message, sendClock, sendContext } from '../send-context.ts';

const MB = 1024 * 1024;
const chatId = -1001234567890;

/**
 * Files by path: `/photo-<n>.jpg`, `/broken.jpg` (refused by Telegram), `/clip-<MB>.mp4`, `/doc.pdf`, and
 * files whose URL names no file: `/chart` (a PNG), `/download` and `/export` (named by Content-Disposition).
 */
function fileFor(path: string): { type: string; bytes: Buffer; disposition?: string } | undefined {
  const photo = /^\/photo-(\d+)\.jpg$/.exec(path);
  if (photo) return { type: 'image/jpeg', bytes: Buffer.from(`JPEG photo ${photo[1]}`.padEnd(2048, '.')) };
  if (path === '/broken.jpg') return { type: 'image/jpeg', bytes: Buffer.from('BROKEN image'.padEnd(2048)) };
  const clip = /^\/clip-(\d+)\.mp4$/.exec(path);
  if (clip) return { type: 'video/mp4', bytes: Buffer.alloc(Number(clip[1]) * MB, 1) };
  if (path === '/doc.pdf') return { type: 'application/pdf', bytes: Buffer.from('%PDF-1.7 notes') };
  if (path === '/party.gif') return { type: 'image/gif', bytes: Buffer.from('GIF89a party') };
  if (path === '/chart') return { type: 'image/png', bytes: Buffer.from('PNG chart'.padEnd(1024, '.')) };
  if (path === '/download?id=7')
    return {
      type: 'application/pdf',
      bytes: Buffer.from('%PDF-1.7 report'),
      disposition: 'attachment; filename="Q3 report; \\"final\\".pdf"',
    };
  if (path === '/export')
    return {
      type: 'text/csv; charset=utf-8',
      bytes: Buffer.from('rate,1.1'),
      disposition: `attachment; filename="rates.csv"; filename*=UTF-8''%E2%82%AC%20rates`,
    };
  return undefined;
}

describe('the telegram channel with attachments', () => {
  let http: GuardedHttpClient;
  let files: Server;
  let filesUrl: string;
  let downloads: string[];
  /** How many more times /flaky.jpg answers 503 before it serves the photo. */
  let flakyFailures = 0;
  let db: Awaited<ReturnType<typeof createMigratedDatabase>>;
  let api: FakeBotApi;
  let deliveryNo = 0;

  beforeAll(async () => {
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
    files = createServer((request, response) => {
      downloads.push(request.url!);
      if (request.url === '/flaky.jpg' && flakyFailures-- > 0) return response.writeHead(503).end();
      const file = fileFor(request.url === '/flaky.jpg' ? '/photo-999.jpg' : request.url!);
      if (!file) return response.writeHead(404).end('no such file');
      const headers = {
        'content-type': file.type,
        ...(file.disposition ? { 'content-disposition': file.disposition } : {}),
      };
      response.writeHead(200, headers).end(file.bytes);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    db = await createMigratedDatabase('sqlite');
    await seedTarget(db.database, 'bot', 'telegram');
  });
  afterAll(async () => {
    await http.close();
    files.close();
    await db.drop();
  });
  beforeEach(async () => {
    // Each test talks to a new fake, which knows none of the file ids an earlier one issued.
    await db.database.db.deleteFrom('channel_state').execute();
    api = await new FakeBotApi().start();
    downloads = [];
  });
  afterEach(() => api.close());

  const at = (...paths: string[]): Attachment[] => paths.map((path) => ({ url: `${filesUrl}${path}` }));

  function send(
    attachments: Attachment[],
    options: {
      body?: string;
      config?: Partial<TelegramTargetConfig>;
      address?: Record<string, unknown>;
      receiverOptions?: Record<string, unknown>;
      deliveryId?: string;
      lastAttempt?: boolean;
    } = {},
  ): Promise<SendOutcome> {
    const ctx = sendContext(
      http,
      { token: api.token, apiRoot: api.url, localServer: false, ...options.config },
      { chatId, ...options.address },
      options.deliveryId ?? `01JDELIVERY${String(++deliveryNo).padStart(17, '0')}`,
      channelState(db.database, 'bot', sendClock),
      options.lastAttempt,
    );
    return telegramChannel.send(
      { ...ctx, options: options.receiverOptions ?? {} },
      {
        ...message,
        format: 'html',
        title: 'New photos',
        body: options.body ?? '<b>12 new photos</b> in Trip',
        attachments,
      },
    );
  }
  const items = (outcome: SendOutcome) => (outcome as { detail: { items: ItemOutcome[] } }).detail.items;

  it('sends twelve photos as an album of ten and one of two, the text as the first caption', async () => {
    const photos = at(...Array.from({ length: 12 }, (_, i) => `/photo-${i}.jpg`));
    const outcome = await send(photos);
    expect(outcome.status).toBe('sent');
    expect(api.calls.map((c) => c.method)).toEqual(['sendMediaGroup', 'sendMediaGroup']);
    const albums = api.calls.map((c) => c.params.media as Record<string, unknown>[]);
    expect(albums.map((a) => a.length)).toEqual([10, 2]);
    expect(albums[0]![0]).toMatchObject({
      type: 'photo',
      caption: '<b>12 new photos</b> in Trip',
      parse_mode: 'HTML',
    });
    expect(albums[0]!.slice(1).every((m) => m.caption === undefined)).toBe(true);
    expect(albums[1]![0]).toMatchObject({ caption: 'New photos (2/2)' });
    expect(api.messagesTo(chatId)).toHaveLength(12);
    expect(items(outcome).map((i) => i.status)).toEqual(Array(12).fill('sent'));
    expect(items(outcome).every((i) => i.via === 'upload' && i.kind === 'photo')).toBe(true);
  });

  it('cuts a long title to fit the caption of a later album', async () => {
    const photos = at(...Array.from({ length: 11 }, (_, i) => `/photo-${1000 + i}.jpg`));
    const ctx = sendContext(
      http,
      { token: api.token, apiRoot: api.url, localServer: false },
      { chatId },
      '01JDELIVERYLONGTITLE000000001',
      channelState(db.database, 'bot', sendClock),
    );
    const outcome = await telegramChannel.send(ctx, {
      ...message,
      format: 'html',
      title: `<Trip> ${'very long title '.repeat(100)}`,
      body: 'short',
      attachments: photos,
    });
    expect(outcome.status).toBe('sent');
    // Ten photos as an album, the eleventh alone with the part caption.
    expect(api.calls.map((c) => c.method)).toEqual(['sendMediaGroup', 'sendPhoto']);
    const caption = String(api.calls[1]!.params.caption);
    expect(caption.startsWith('&lt;Trip&gt; very long title')).toBe(true);
    expect(caption.endsWith('… (2/2)')).toBe(true);
    expect(
      api.messagesTo(chatId).find((m) => m.caption?.endsWith('(2/2)'))!.caption!.length,
    ).toBeLessThanOrEqual(1024);
  });

  it('delivers the other nine when one file of an album is refused', async () => {
    const paths = Array.from({ length: 10 }, (_, i) => (i === 3 ? '/broken.jpg' : `/photo-${100 + i}.jpg`));
    const outcome = await send(at(...paths));
    expect(outcome.status).toBe('sent');
    const results = items(outcome);
    expect(results.filter((i) => i.status === 'sent')).toHaveLength(9);
    expect(results[3]).toMatchObject({ name: 'broken.jpg', status: 'failed' });
    expect(results[3]!.reason).toMatch(/IMAGE_PROCESS_FAILED/);
    // The album was tried once, then each file alone; the caption rode on the first file that went.
    expect(api.calls[0]!.method).toBe('sendMediaGroup');
    expect(api.calls.slice(1).map((c) => c.method)).toEqual(Array(10).fill('sendPhoto'));
    expect(api.calls[1]!.params.caption).toBe('<b>12 new photos</b> in Trip');
    expect(api.messagesTo(chatId)).toHaveLength(9);
  });

  it('sends a video over the video limit as a document, or skips it when the receiver says so', async () => {
    const config = { maxVideoMb: 1 };
    const asDocument = await send(at('/clip-2.mp4'), { config });
    expect(api.calls.at(-1)!.method).toBe('sendDocument');
    expect(items(asDocument)[0]).toMatchObject({
      status: 'sent',
      kind: 'document',
      reason: 'over the 1 MB video limit, sent as a file',
    });

    const skipped = await send(at('/clip-3.mp4'), { config, address: { largeVideosAsDocuments: false } });
    expect(skipped.status).toBe('sent');
    expect(items(skipped)[0]).toMatchObject({ status: 'skipped' });
    expect(items(skipped)[0]!.reason).toMatch(/over the 1 MB video limit/);
    // Nothing could carry the caption, so the text went as a message of its own.
    expect(api.calls.at(-1)).toMatchObject({ method: 'sendMessage', params: { parse_mode: 'HTML' } });
  });

  it('skips a file over the upload limit of the server in use', async () => {
    const outcome = await send(at('/clip-51.mp4', '/photo-1.jpg'));
    expect(items(outcome)[0]).toMatchObject({ status: 'skipped' });
    expect(items(outcome)[0]!.reason).toMatch(/over the 50 MB this Bot API server accepts/);
    expect(items(outcome)[1]).toMatchObject({ status: 'sent', kind: 'photo' });
  });

  it('reuses file ids for files Telegram has, and uploads again when Telegram forgot them', async () => {
    await send(at('/photo-200.jpg', '/photo-201.jpg'));
    expect(downloads).toHaveLength(2);

    const again = await send(at('/photo-200.jpg', '/photo-201.jpg'));
    expect(downloads).toHaveLength(2);
    expect(api.calls.at(-1)!.files.map((f) => f.via)).toEqual(['file_id', 'file_id']);
    expect(items(again).map((i) => i.via)).toEqual(['file_id', 'file_id']);

    api.forgetFileIds();
    const stale = await send(at('/photo-200.jpg', '/photo-201.jpg'));
    expect(stale.status).toBe('sent');
    expect(items(stale).map((i) => [i.status, i.via])).toEqual([
      ['sent', 'upload'],
      ['sent', 'upload'],
    ]);
    expect(downloads).toHaveLength(4);
  });

  it('keeps albums by kind: photos with videos, documents apart, GIFs alone', async () => {
    const outcome = await send(at('/photo-300.jpg', '/doc.pdf', '/clip-1.mp4', '/party.gif'));
    expect(api.calls.map((c) => c.method)).toEqual(['sendMediaGroup', 'sendDocument', 'sendAnimation']);
    expect(items(outcome).map((i) => i.kind)).toEqual(['photo', 'document', 'video', 'animation']);
  });

  it('reports a file that cannot be downloaded and sends the rest', async () => {
    const outcome = await send(at('/missing.jpg', '/photo-400.jpg'));
    expect(items(outcome)[0]).toEqual({
      name: 'missing.jpg',
      status: 'failed',
      reason: 'download failed: HTTP 404',
    });
    expect(api.calls.map((c) => c.method)).toEqual(['sendPhoto']);
  });

  it('retries later for a file its server cannot serve now, without sending the others again', async () => {
    flakyFailures = 1;
    const deliveryId = '01JDELIVERYFLAKY0000000000001';
    const first = await send(at('/photo-410.jpg', '/flaky.jpg', '/photo-411.jpg'), { deliveryId });
    expect(first).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
    expect(items(first).map((i) => i.status)).toEqual(['sent', 'waiting', 'sent']);
    expect(items(first)[1]!.reason).toBe('download failed: HTTP 503');
    expect(api.messagesTo(chatId)).toHaveLength(2);

    const second = await send(at('/photo-410.jpg', '/flaky.jpg', '/photo-411.jpg'), { deliveryId });
    expect(second.status).toBe('sent');
    expect(items(second).map((i) => i.status)).toEqual(['sent', 'sent', 'sent']);
    expect(api.messagesTo(chatId)).toHaveLength(3);
    // The retry fetched only the file that was missing, and the caption went with the first album only.
    expect(downloads.filter((path) => path === '/photo-410.jpg')).toHaveLength(1);
    expect(api.calls.at(-1)).toMatchObject({ method: 'sendPhoto' });
    expect(api.calls.at(-1)!.params.caption).toBeUndefined();
  });

  it('sends inline bytes too', async () => {
    const data = Buffer.from('JPEG inline'.padEnd(512, '.')).toString('base64');
    const outcome = await send([{ name: 'inline.jpg', contentType: 'image/jpeg', data }]);
    expect(items(outcome)[0]).toMatchObject({ name: 'inline.jpg', status: 'sent', kind: 'photo' });
  });

  it('sends text over the caption limit as its own message before the files', async () => {
    const body = `<i>${'long words '.repeat(150)}</i>`;
    const outcome = await send(at('/photo-500.jpg', '/photo-501.jpg'), { body });
    expect(outcome.status).toBe('sent');
    expect(api.calls.map((c) => c.method)).toEqual(['sendMessage', 'sendMediaGroup']);
    const album = api.calls[1]!.params.media as Record<string, unknown>[];
    expect(album.every((m) => m.caption === undefined)).toBe(true);
  });

  it('carries the topic and the silent flag on every kind of send', async () => {
    await send(at('/photo-600.jpg', '/photo-601.jpg', '/doc.pdf'), {
      address: { threadId: 7 },
      receiverOptions: { silent: true },
    });
    for (const call of api.calls) {
      expect(call.params).toMatchObject({ message_thread_id: 7, disable_notification: true });
    }
  });

  it('goes on after a 429 where it stopped, without sending an album twice', async () => {
    const files = at(...Array.from({ length: 10 }, (_, i) => `/photo-${700 + i}.jpg`), '/doc.pdf');
    const deliveryId = '01JDELIVERYRETRY0000000000001';
    api.failNext({ kind: 'retry_after', seconds: 2.5, method: 'sendDocument' });
    const first = await send(files, { deliveryId });
    expect(first).toMatchObject({ status: 'retry', retryAfterMs: 2500 });
    expect(api.messagesTo(chatId)).toHaveLength(10);

    const second = await send(files, { deliveryId });
    expect(second.status).toBe('sent');
    expect(api.calls.map((c) => c.method)).toEqual(['sendMediaGroup', 'sendDocument', 'sendDocument']);
    expect(api.messagesTo(chatId)).toHaveLength(11);
    expect(items(second).map((i) => i.status)).toEqual(Array(11).fill('sent'));
  });

  it('keeps how far it got for the next attempt, and nothing after the last', async () => {
    const files = at(...Array.from({ length: 10 }, (_, i) => `/photo-${720 + i}.jpg`), '/doc.pdf');
    const deliveryId = '01JDELIVERYLAST00000000000001';
    const progressRows = () =>
      db.database.db
        .selectFrom('channel_state')
        .select('key')
        .where('key', '=', `progress:${deliveryId}`)
        .execute();
    api.failNext({ kind: 'retry_after', seconds: 1, method: 'sendDocument' });
    expect(await send(files, { deliveryId })).toMatchObject({ status: 'retry' });
    expect(await progressRows()).toHaveLength(1);

    api.failNext({ kind: 'retry_after', seconds: 1, method: 'sendDocument' });
    expect(await send(files, { deliveryId, lastAttempt: true })).toMatchObject({ status: 'retry' });
    // The album was not sent again, and the dead delivery leaves no state behind.
    expect(api.messagesTo(chatId)).toHaveLength(10);
    expect(await progressRows()).toHaveLength(0);
  });

  it('makes the caption Telegram-safe, and sends it as plain text if Telegram still cannot parse it', async () => {
    const body = '<div>Disk</div> <b>full</b>';
    await send(at('/photo-900.jpg', '/photo-901.jpg'), { body });
    const caption = (api.calls[0]!.params.media as { caption?: string }[])[0]!.caption;
    expect(caption).toBe('&lt;div&gt;Disk&lt;/div&gt; <b>full</b>');

    api.failNext({ kind: 'parse_error', method: 'sendMediaGroup' });
    const outcome = await send(at('/photo-902.jpg', '/photo-903.jpg'), { body: '<b>full</b>' });
    expect(outcome.status).toBe('sent');
    const retried = api.calls.at(-1)!.params.media as { caption?: string; parse_mode?: string }[];
    expect(retried[0]).toMatchObject({ caption: 'full' });
    expect(retried[0]!.parse_mode).toBeUndefined();
    expect(items(outcome).map((i) => i.status)).toEqual(['sent', 'sent']);
  });

  it('counts albums Telegram accepted as sent whatever shape its answer has, and sends none twice', async () => {
    const photos = at(...Array.from({ length: 12 }, (_, i) => `/photo-${1100 + i}.jpg`));
    // The first album's photos come back as one PhotoSize instead of a list of sizes.
    api.failNext({
      kind: 'odd_answer',
      method: 'sendMediaGroup',
      reshape: (result) =>
        (result as { photo: unknown[] }[]).map((sent) => ({ ...sent, photo: sent.photo.at(-1) })),
    });
    const outcome = await send(photos, { deliveryId: '01JDELIVERYODDANSWER000000001' });
    expect(outcome.status).toBe('sent');
    expect(api.calls.map((c) => c.method)).toEqual(['sendMediaGroup', 'sendMediaGroup']);
    expect(api.messagesTo(chatId)).toHaveLength(12);
    const results = items(outcome);
    expect(results.map((i) => i.status)).toEqual(Array(12).fill('sent'));
    expect(results[0]).toMatchObject({
      messageId: 1,
      warning: "Telegram's answer for this file named no file_id: it is uploaded again next time",
    });
    expect(results[11]!.warning).toBeUndefined();

    // An album answered with no list at all: sent, and the attempt says what is unknown.
    api.failNext({ kind: 'odd_answer', method: 'sendMediaGroup', reshape: () => true });
    const odd = await send(at('/photo-1200.jpg', '/photo-1201.jpg'));
    expect(odd).toMatchObject({
      status: 'sent',
      detail: {
        warnings: [
          'Telegram accepted an album of 2 files, but answered with 0 messages: their message ids are unknown',
        ],
      },
    });
    expect(odd).not.toHaveProperty('providerMessageId');
    expect(items(odd).map((i) => i.status)).toEqual(['sent', 'sent']);
    expect(api.messagesTo(chatId)).toHaveLength(14);
  });

  it('uploads each file with the type its server gave and a name that says what it is', async () => {
    const outcome = await send(at('/chart', '/photo-1300.jpg', '/download?id=7', '/export'));
    expect(outcome.status).toBe('sent');
    expect(api.calls.map((c) => c.method)).toEqual(['sendMediaGroup', 'sendMediaGroup']);
    expect(api.calls.flatMap((c) => c.files).map(({ name, contentType }) => ({ name, contentType }))).toEqual(
      [
        { name: 'chart.png', contentType: 'image/png' },
        { name: 'photo-1300.jpg', contentType: 'image/jpeg' },
        { name: 'Q3 report; "final".pdf', contentType: 'application/pdf' },
        // The percent-encoded UTF-8 name wins over the plain one; .csv is added for the type.
        { name: '€ rates.csv', contentType: 'text/csv' },
      ],
    );
    const inline = Buffer.from('PNG inline'.padEnd(512, '.')).toString('base64');
    await send([{ name: 'diagram', contentType: 'image/png', data: inline }]);
    expect(api.calls.at(-1)!.files[0]).toMatchObject({ name: 'diagram.png', contentType: 'image/png' });
  });

  it('disables the receiver when the bot was blocked, whatever it was sending', async () => {
    api.failNext({ kind: 'blocked' });
    const outcome = await send(at('/photo-800.jpg', '/photo-801.jpg'));
    expect(outcome).toMatchObject({ status: 'failed', disableReceiver: true });
  });
});
