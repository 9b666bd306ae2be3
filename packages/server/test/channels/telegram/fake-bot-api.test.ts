import { createHash } from 'node:crypto';
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import type {
  InputMediaAudio,
  InputMediaDocument,
  InputMediaPhoto,
  InputMediaVideo,
  Message,
} from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBotApi } from '../../fakes/telegram-bot-api/server.ts';
import { eventually, HttpSink } from '../../helpers/http-sink.ts';

// The fake is tested through grammY, the client our channel uses, so it is held to what grammY really sends:
// JSON, and multipart form data with attach:// references once a file is uploaded.

const MiB = 1024 * 1024;
const chat = 42;

/** The refusal a call ends with; fails the test when the call succeeds. */
async function refusal(call: Promise<unknown>): Promise<GrammyError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GrammyError) return error;
    throw error;
  }
  throw new Error('expected the fake Bot API to refuse the call');
}

function bytes(text: string, size = text.length): Buffer {
  return Buffer.alloc(size, text);
}

const sha256 = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');

describe('the fake Telegram Bot API, through grammY', () => {
  let fake: FakeBotApi;
  let api: Api;
  const started: FakeBotApi[] = [];

  async function startFake(options: { localServer?: boolean } = {}): Promise<Api> {
    fake = await new FakeBotApi(undefined, options).start();
    started.push(fake);
    api = new Api(fake.token, { apiRoot: fake.url });
    return api;
  }

  beforeEach(() => startFake());
  afterEach(async () => {
    await Promise.all(started.splice(0).map((each) => each.close()));
  });

  const postJson = async (method: string, body: object) => {
    const response = await fetch(`${fake.url}/bot${fake.token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  describe('methods and message shapes', () => {
    it('answers getMe with the bot whose id starts the token', async () => {
      const me = await api.getMe();
      expect(me).toMatchObject({ id: 123456, is_bot: true, username: 'fake_bot' });
    });

    it('answers an unknown method with 404 as Telegram does', async () => {
      const answer = await postJson('frobnicate', {});
      expect(answer).toEqual({
        status: 404,
        body: { ok: false, error_code: 404, description: 'Not Found: method not found' },
      });
    });

    it('uploads a photo with a caption and records the file it received', async () => {
      const png = bytes('png-bytes', 2048);
      const sent = await api.sendPhoto(chat, new InputFile(png, 'chart.png'), {
        caption: '<b>Disk</b> at 93 %',
        parse_mode: 'HTML',
        message_thread_id: 7,
      });
      expect(sent).toMatchObject({
        message_id: 1,
        chat: { id: chat, type: 'private' },
        caption: 'Disk at 93 %',
      });
      expect(sent.photo?.at(-1)).toMatchObject({ file_size: 2048, width: 1280 });
      expect(sent.photo?.at(-1)?.file_id).toMatch(/^AgAC/);

      const call = fake.calls[0]!;
      expect(call.method).toBe('sendPhoto');
      // grammY sends form data; the fake reads it back as the JSON body would have been.
      expect(call.params).toMatchObject({ chat_id: chat, message_thread_id: 7, parse_mode: 'HTML' });
      expect(call.params.photo).toMatch(/^attach:\/\//);
      expect(call.files).toEqual([
        // grammY sends every file as application/octet-stream; the fake records what the part said.
        {
          field: 'photo',
          via: 'upload',
          name: 'chart.png',
          contentType: 'application/octet-stream',
          size: 2048,
          sha256: sha256(png),
        },
      ]);
      expect(fake.messagesTo(chat)).toEqual([
        {
          method: 'sendPhoto',
          messageId: 1,
          caption: 'Disk at 93 %',
          entities: [{ type: 'bold', offset: 0, length: 4 }],
          threadId: 7,
          media: 'photo',
          fileId: sent.photo!.at(-1)!.file_id,
        },
      ]);
    });

    it('answers each media method with its own object', async () => {
      const file = () => new InputFile(bytes('media', 100), 'file.bin');
      const video = await api.sendVideo(chat, file());
      const animation = await api.sendAnimation(chat, file());
      const audio = await api.sendAudio(chat, file());
      const document = await api.sendDocument(chat, file(), { caption: 'report' });
      expect(video.video).toMatchObject({ file_size: 100, mime_type: 'video/mp4', file_name: 'file.bin' });
      expect(animation.animation).toMatchObject({ file_size: 100 });
      expect(animation.document?.file_id).toBe(animation.animation?.file_id);
      expect(audio.audio).toMatchObject({ file_size: 100, mime_type: 'audio/mpeg' });
      expect(document).toMatchObject({ caption: 'report', document: { file_size: 100 } });
      expect([video, animation, audio, document].map((message) => message.message_id)).toEqual([1, 2, 3, 4]);
      expect(fake.messagesTo(chat).map((message) => message.media)).toEqual([
        'video',
        'animation',
        'audio',
        'document',
      ]);
    });

    it('types chats the way Telegram numbers them and records text per chat and topic', async () => {
      const group = await api.sendMessage(-1001234567890, 'hello', { message_thread_id: 3 });
      const channel = await api.sendMessage('@alerts_channel', 'to the channel');
      expect(group.chat).toMatchObject({ id: -1001234567890, type: 'supergroup' });
      expect(group).toMatchObject({ message_thread_id: 3, is_topic_message: true, text: 'hello' });
      expect(channel.chat).toMatchObject({ type: 'channel', username: 'alerts_channel' });
      expect(fake.messagesTo(-1001234567890)).toEqual([
        { method: 'sendMessage', messageId: 1, text: 'hello', threadId: 3 },
      ]);
      expect(fake.messagesTo('@alerts_channel')).toEqual([
        { method: 'sendMessage', messageId: 2, text: 'to the channel' },
      ]);
      expect(fake.messagesTo(99)).toEqual([]);
    });

    it('answers with the entities Telegram parses, links decoded as TDLib decodes attributes', async () => {
      const sent = await api.sendMessage(
        chat,
        '<b>Run</b> 😀 <a href="https://e.x/?a=1&amp;b=2&ampx=3&amp=4&#38;c">open</a>',
        { parse_mode: 'HTML' },
      );
      const expected = [
        { type: 'bold', offset: 0, length: 3 },
        // The emoji counts two UTF-16 units; `&amp` needs no `;`, and `&ampx` is no entity at all.
        { type: 'text_link', offset: 7, length: 4, url: 'https://e.x/?a=1&b=2&ampx=3&=4&c' },
      ];
      expect(sent.entities).toEqual(expected);
      expect(fake.messagesTo(chat)[0]!.entities).toEqual(expected);
    });
  });

  describe('file references', () => {
    it('accepts an HTTP(S) URL without fetching it and records it', async () => {
      const sent = await api.sendPhoto(chat, 'https://example.invalid/chart.png');
      expect(sent.photo).toHaveLength(2);
      expect(fake.calls[0]!.files).toEqual([
        { field: 'photo', via: 'url', url: 'https://example.invalid/chart.png' },
      ]);
    });

    it('reuses a file_id it issued, until the ids are forgotten', async () => {
      const pdf = bytes('%PDF', 500);
      const first = await api.sendDocument(chat, new InputFile(pdf, 'report.pdf'));
      const fileId = first.document!.file_id;

      const again = await api.sendDocument(chat, fileId);
      expect(again.document?.file_id).toBe(fileId);
      expect(fake.calls[1]!.files).toEqual([
        { field: 'document', via: 'file_id', fileId, name: 'report.pdf', size: 500, sha256: sha256(pdf) },
      ]);

      fake.forgetFileIds();
      const stale = await refusal(api.sendDocument(chat, fileId));
      expect(stale).toMatchObject({
        error_code: 400,
        description: 'Bad Request: wrong file identifier/HTTP URL specified',
      });
      expect(fake.messagesTo(chat)).toHaveLength(2);
    });

    it('refuses a string that is neither a URL nor a known file_id', async () => {
      const error = await refusal(api.sendPhoto(chat, 'not-a-file-id'));
      expect(error.description).toBe('Bad Request: wrong file identifier/HTTP URL specified');
    });

    it('refuses an attach:// reference to a part the request does not have', async () => {
      const answer = await postJson('sendPhoto', { chat_id: chat, photo: 'attach://missing' });
      expect(answer.body).toEqual({
        ok: false,
        error_code: 400,
        description: 'Bad Request: there is no photo in the request',
      });
    });
  });

  describe('limits', () => {
    it('counts a caption after entity parsing: 1024 visible characters pass, 1025 are too long', async () => {
      const fits = await api.sendPhoto(chat, new InputFile(bytes('a', 10)), {
        caption: `<b>${'x'.repeat(1024)}</b>`,
        parse_mode: 'HTML',
      });
      expect(fits.caption).toHaveLength(1024);
      const error = await refusal(
        api.sendPhoto(chat, new InputFile(bytes('a', 10)), { caption: 'x'.repeat(1025) }),
      );
      expect(error).toMatchObject({
        error_code: 400,
        description: 'Bad Request: message caption is too long',
      });
    });

    it('refuses captions with HTML Telegram cannot parse', async () => {
      const error = await refusal(
        api.sendDocument(chat, new InputFile(bytes('a', 10)), {
          caption: '<div>x</div>',
          parse_mode: 'HTML',
        }),
      );
      expect(error.description).toBe(
        'Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 0',
      );
    });

    it('keeps the text limits of sendMessage', async () => {
      expect((await refusal(api.sendMessage(chat, ' '))).description).toBe(
        'Bad Request: message text is empty',
      );
      expect((await refusal(api.sendMessage(chat, 'x'.repeat(4097)))).description).toBe(
        'Bad Request: message is too long',
      );
    });

    it('refuses a photo over 10 MB with the size in the error', async () => {
      const big = 10 * MiB + 1;
      const error = await refusal(api.sendPhoto(chat, new InputFile(Buffer.alloc(big))));
      expect(error).toMatchObject({
        error_code: 400,
        description: `Bad Request: file of size ${big} bytes is too big for a photo; the maximum size is ${10 * MiB} bytes`,
      });
      // The same bytes are a fine document.
      const document = await api.sendDocument(chat, new InputFile(Buffer.alloc(big)));
      expect(document.document?.file_size).toBe(big);
    });

    it('answers 413 for an upload over 50 MB, which a local server accepts', async () => {
      const big = () => new InputFile(Buffer.alloc(50 * MiB + 1), 'dump.bin');
      const error = await refusal(api.sendDocument(chat, big()));
      expect(error).toMatchObject({ error_code: 413, description: 'Request Entity Too Large' });
      expect(fake.messagesTo(chat)).toEqual([]);

      const local = await startFake({ localServer: true });
      const sent = await local.sendDocument(chat, big());
      expect(sent.document?.file_size).toBe(50 * MiB + 1);
    });
  });

  describe('media groups', () => {
    const photo = (caption: string, content = 'jpeg'): InputMediaPhoto => ({
      type: 'photo',
      // grammY writes the filename unquoted, so a name with a space would be cut at it.
      media: new InputFile(bytes(content, 64), `${caption.replaceAll(' ', '_')}.jpg`),
      caption,
    });

    it('sends up to ten uploads as one album of messages sharing a media_group_id', async () => {
      const items = Array.from({ length: 10 }, (_, index) => photo(`shot ${index}`));
      const sent: Message[] = await api.sendMediaGroup(chat, items);
      expect(sent).toHaveLength(10);
      expect(new Set(sent.map((message) => message.media_group_id)).size).toBe(1);
      expect(sent.map((message) => message.caption)).toEqual(items.map((item) => item.caption));
      const call = fake.calls[0]!;
      expect(call.files.map((file) => [file.field, file.via, file.name])).toEqual(
        items.map((item, index) => [
          `media[${index}]`,
          'upload',
          `${item.caption?.replaceAll(' ', '_')}.jpg`,
        ]),
      );
      // grammY names every part at random and points at it from the JSON media array.
      expect(
        (call.params.media as { media: string }[]).every((item) => item.media.startsWith('attach://')),
      ).toBe(true);
      expect(fake.messagesTo(chat)).toHaveLength(10);
    });

    it('mixes photos, videos, file_ids and URLs', async () => {
      const first = await api.sendPhoto(chat, new InputFile(bytes('jpeg', 64)));
      const video: InputMediaVideo = { type: 'video', media: new InputFile(bytes('mp4', 64)) };
      const sent: Message[] = await api.sendMediaGroup(chat, [
        { type: 'photo', media: first.photo!.at(-1)!.file_id },
        video,
        { type: 'photo', media: 'https://example.invalid/a.jpg' },
      ]);
      expect(sent.map((message) => (message.photo ? 'photo' : message.video ? 'video' : 'other'))).toEqual([
        'photo',
        'video',
        'photo',
      ]);
      expect(fake.calls[1]!.files.map((file) => file.via)).toEqual(['file_id', 'upload', 'url']);
    });

    it('refuses albums of the wrong size with Telegram texts', async () => {
      const eleven = Array.from({ length: 11 }, (_, index) => photo(`${index}`));
      expect((await refusal(api.sendMediaGroup(chat, eleven))).description).toBe(
        'Bad Request: too many messages to send as an album',
      );
      expect((await refusal(api.sendMediaGroup(chat, [photo('alone')]))).description).toBe(
        'Bad Request: there must be at least two media in an album',
      );
      expect((await refusal(api.sendMediaGroup(chat, []))).description).toBe(
        'Bad Request: there are no messages to send',
      );
      expect(fake.messagesTo(chat)).toEqual([]);
    });

    it('groups documents only with documents and audio only with audio', async () => {
      const document: InputMediaDocument = {
        type: 'document',
        media: new InputFile(bytes('pdf', 8)),
      };
      const audio: InputMediaAudio = { type: 'audio', media: new InputFile(bytes('mp3', 8)) };
      // grammY's types already forbid these mixes; the casts send them anyway, as an untyped client could.
      expect((await refusal(api.sendMediaGroup(chat, [photo('a'), document] as never))).description).toBe(
        "Bad Request: document can't be mixed with other media types",
      );
      expect((await refusal(api.sendMediaGroup(chat, [audio, photo('b')] as never))).description).toBe(
        "Bad Request: audio can't be mixed with other media types",
      );
      const documents: Message[] = await api.sendMediaGroup(chat, [
        { type: 'document', media: new InputFile(bytes('pdf', 8)) },
        { type: 'document', media: new InputFile(bytes('pdf', 8)) },
      ]);
      expect(documents.every((message) => message.document !== undefined)).toBe(true);
    });

    it('limits the caption of each item', async () => {
      const error = await refusal(api.sendMediaGroup(chat, [photo('fine'), photo('x'.repeat(1025))]));
      expect(error.description).toBe('Bad Request: message caption is too long');
    });

    it('fails the whole album for one broken file, and sends the other nine once it is left out', async () => {
      const items = Array.from({ length: 10 }, (_, index) =>
        photo(`shot ${index}`, index === 4 ? 'BROKEN' : 'jpeg'),
      );
      const error = await refusal(api.sendMediaGroup(chat, items));
      expect(error).toMatchObject({
        error_code: 400,
        description: 'Bad Request: failed to send message #1 with the error message "IMAGE_PROCESS_FAILED"',
      });
      expect(fake.messagesTo(chat)).toEqual([]);

      const rest = Array.from({ length: 10 }, (_, index) => photo(`shot ${index}`)).filter(
        (_, index) => index !== 4,
      );
      const sent = await api.sendMediaGroup(chat, rest);
      expect(sent.map((message) => message.caption)).toEqual(rest.map((item) => item.caption));
    });

    it('refuses a broken photo sent alone', async () => {
      const error = await refusal(api.sendPhoto(chat, new InputFile(bytes('BROKEN image', 64))));
      expect(error).toMatchObject({ error_code: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
    });

    it('fails an album that reuses a forgotten file_id', async () => {
      const first = await api.sendPhoto(chat, new InputFile(bytes('jpeg', 64)));
      fake.forgetFileIds();
      const error = await refusal(
        api.sendMediaGroup(chat, [{ type: 'photo', media: first.photo!.at(-1)!.file_id }, photo('new')]),
      );
      expect(error.description).toBe(
        'Bad Request: failed to send message #1 with the error message "Wrong file identifier/HTTP URL specified"',
      );
    });
  });

  describe('scripted failures', () => {
    it('fails only the next call of the method a failure names', async () => {
      fake.failNext({ kind: 'blocked', method: 'sendPhoto' });
      await api.sendMessage(chat, 'passes');
      const error = await refusal(api.sendPhoto(chat, new InputFile(bytes('jpeg', 8))));
      expect(error).toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      await api.sendPhoto(chat, new InputFile(bytes('jpeg', 8)));
      expect(fake.messagesTo(chat).map((message) => message.method)).toEqual(['sendMessage', 'sendPhoto']);
    });

    it.each([
      [{ kind: 'deactivated' }, 403, 'Forbidden: user is deactivated'],
      [{ kind: 'kicked' }, 403, 'Forbidden: bot was kicked from the group chat'],
      [{ kind: 'server_error', status: 500 }, 500, 'Internal Server Error'],
      [{ kind: 'server_error' }, 502, 'Bad Gateway'],
      [{ kind: 'retry_after', seconds: 3 }, 429, 'Too Many Requests: retry after 3'],
    ] as const)('answers %j with %i %s', async (failure, status, description) => {
      fake.failNext(failure);
      const error = await refusal(api.sendMessage(chat, 'x'));
      expect(error).toMatchObject({ error_code: status, description });
      if (failure.kind === 'retry_after') expect(error.parameters.retry_after).toBe(3);
    });

    it('holds an answer for a while, then answers normally', async () => {
      fake.failNext({ kind: 'timeout', ms: 300 });
      const startedAt = Date.now();
      const sent = await api.sendMessage(chat, 'late');
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
      expect(sent.text).toBe('late');
    });

    it('holds an answer forever until the fake closes, and closing ends it at once', async () => {
      fake.failNext({ kind: 'timeout', ms: Number.POSITIVE_INFINITY });
      const pending = api.sendMessage(chat, 'never').catch((error: unknown) => error);
      await eventually(async () => (fake.calls.some((c) => c.method === 'sendMessage') ? true : undefined));
      const startedAt = Date.now();
      await fake.close();
      expect(await pending).toBeInstanceOf(HttpError);
      expect(Date.now() - startedAt).toBeLessThan(1000);
    });
  });

  describe('updates', () => {
    const from = { id: 7, first_name: 'Ada' };

    it('answers a waiting long poll as soon as a message arrives, and an offset confirms it', async () => {
      const startedAt = Date.now();
      const poll = api.getUpdates({ timeout: 20 });
      await eventually(async () => (fake.polling ? true : undefined));
      const update = fake.pushMessage({
        chat: { id: 7, type: 'private' },
        from,
        text: '/status@fake_bot now',
      });
      const updates = await poll;
      expect(Date.now() - startedAt).toBeLessThan(5000);
      expect(updates).toEqual([update]);
      expect(update.message).toMatchObject({
        chat: { id: 7, type: 'private', first_name: 'Ada' },
        from: { id: 7, is_bot: false, first_name: 'Ada' },
        text: '/status@fake_bot now',
        entities: [{ type: 'bot_command', offset: 0, length: '/status@fake_bot'.length }],
      });

      // Unconfirmed, the update comes again; an offset past it forgets it for good.
      expect(await api.getUpdates()).toEqual([update]);
      expect(await api.getUpdates({ offset: update.update_id + 1 })).toEqual([]);
      expect(fake.pendingUpdates()).toEqual([]);
      expect(fake.confirmedOffset).toBe(update.update_id + 1);
      expect(await api.getUpdates({ offset: update.update_id })).toEqual([]);
    });

    it('answers a long poll with [] after its timeout', async () => {
      const startedAt = Date.now();
      expect(await api.getUpdates({ timeout: 1 })).toEqual([]);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(950);
    });

    it('honours limit and a negative offset', async () => {
      const pushed = [1, 2, 3, 4].map((n) =>
        fake.pushMessage({
          chat: { id: -100500, type: 'supergroup', is_forum: true },
          text: `m${n}`,
          message_thread_id: 5,
        }),
      );
      expect(await api.getUpdates({ limit: 2 })).toEqual(pushed.slice(0, 2));
      expect(pushed[0]!.message).toMatchObject({
        message_thread_id: 5,
        chat: { type: 'supergroup', is_forum: true },
      });
      expect(await api.getUpdates({ offset: -1 })).toEqual([pushed[3]]);
      expect(fake.pendingUpdates()).toEqual([pushed[3]]);
    });

    it('keeps no messages when allowed_updates leaves them out', async () => {
      await api.getUpdates({ allowed_updates: ['callback_query'] });
      fake.pushMessage({ chat: { id: 7, type: 'private' }, text: 'ignored' });
      expect(fake.pendingUpdates()).toEqual([]);
      await api.getUpdates({ allowed_updates: [] });
      const update = fake.pushMessage({ chat: { id: 7, type: 'private' }, text: 'kept' });
      expect(fake.pendingUpdates()).toEqual([update]);
    });

    it('ends the earlier of two concurrent getUpdates with 409', async () => {
      const first = refusal(api.getUpdates({ timeout: 20 }));
      await eventually(async () => (fake.polling ? true : undefined));
      const second = api.getUpdates({ timeout: 20 });
      expect(await first).toMatchObject({
        error_code: 409,
        description:
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      });
      const update = fake.pushMessage({ chat: { id: 7, type: 'private' }, text: 'for the second' });
      expect(await second).toEqual([update]);
    });

    it('ends a held long poll at once when the fake closes', async () => {
      const poll = api.getUpdates({ timeout: 50 }).catch((error: unknown) => error);
      await eventually(async () => (fake.polling ? true : undefined));
      const startedAt = Date.now();
      await fake.close();
      expect(await poll).toBeInstanceOf(HttpError);
      expect(Date.now() - startedAt).toBeLessThan(1000);
    });
  });

  describe('webhooks', () => {
    let sink: HttpSink;
    beforeEach(async () => {
      sink = await new HttpSink().start();
    });
    afterEach(() => sink.close());

    it('wants HTTPS on a Telegram port, unless it is a local server', async () => {
      expect((await refusal(api.setWebhook(`${sink.url}/hook`))).description).toBe(
        'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
      );
      expect((await refusal(api.setWebhook('https://example.invalid:9999/hook'))).description).toBe(
        'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443',
      );
      expect(await api.setWebhook('https://example.invalid:8443/hook')).toBe(true);
      const local = await startFake({ localServer: true });
      expect(await local.setWebhook(`${sink.url}/hook`)).toBe(true);
    });

    it('checks the secret token', async () => {
      const local = await startFake({ localServer: true });
      expect((await refusal(local.setWebhook(sink.url, { secret_token: 'with space' }))).description).toBe(
        'Bad Request: secret token contains unallowed characters',
      );
      expect((await refusal(local.setWebhook(sink.url, { secret_token: 'x'.repeat(257) }))).description).toBe(
        'Bad Request: secret token is too long',
      );
    });

    it('delivers pending updates with the secret header and forgets the ones answered 2xx', async () => {
      const local = await startFake({ localServer: true });
      const first = fake.pushMessage({ chat: { id: 7, type: 'private' }, text: '/start' });
      await local.setWebhook(`${sink.url}/hook`, { secret_token: 'S3cret_token-1' });
      expect((await refusal(local.getUpdates())).description).toBe(
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
      const second = fake.pushMessage({ chat: { id: 7, type: 'private' }, text: '/help' });

      expect(await fake.deliverWebhookUpdates()).toEqual([202, 202]);
      expect(sink.requests.map((request) => JSON.parse(request.body))).toEqual([first, second]);
      expect(sink.requests[0]).toMatchObject({
        method: 'POST',
        url: '/hook',
        headers: { 'x-telegram-bot-api-secret-token': 'S3cret_token-1', 'content-type': 'application/json' },
      });
      expect(fake.pendingUpdates()).toEqual([]);

      const third = fake.pushMessage({ chat: { id: 7, type: 'private' }, text: '/stop' });
      sink.respondWith({ status: 500 });
      expect(await fake.deliverWebhookUpdates()).toEqual([500]);
      expect(fake.pendingUpdates()).toEqual([third]);
      expect(await local.getWebhookInfo()).toMatchObject({
        url: `${sink.url}/hook`,
        pending_update_count: 1,
        last_error_message: 'Wrong response from the webhook: 500 Internal Server Error',
      });

      expect(await local.deleteWebhook()).toBe(true);
      expect(await local.getUpdates()).toEqual([third]);
      expect(await local.getWebhookInfo()).toMatchObject({ url: '', pending_update_count: 1 });
    });

    it('sends no secret header without a secret, and drops pending updates when asked', async () => {
      const local = await startFake({ localServer: true });
      fake.pushMessage({ chat: { id: 7, type: 'private' }, text: 'old' });
      await local.setWebhook(sink.url, { drop_pending_updates: true });
      expect(fake.pendingUpdates()).toEqual([]);
      fake.pushMessage({ chat: { id: 7, type: 'private' }, text: 'new' });
      expect(await fake.deliverWebhookUpdates()).toEqual([202]);
      expect(sink.requests[0]!.headers).not.toHaveProperty('x-telegram-bot-api-secret-token');
    });

    it('ends a held long poll when a webhook is set', async () => {
      const local = await startFake({ localServer: true });
      const poll = refusal(local.getUpdates({ timeout: 20 }));
      await eventually(async () => (fake.polling ? true : undefined));
      await local.setWebhook(sink.url);
      expect(await poll).toMatchObject({
        error_code: 409,
        description: 'Conflict: terminated by setWebhook request',
      });
    });
  });

  describe('bot commands', () => {
    it('stores commands per scope and language', async () => {
      const commands = [
        { command: 'status', description: 'Show what is firing' },
        { command: 'mute_1h', description: 'Mute this chat for an hour' },
      ];
      expect(await api.setMyCommands(commands)).toBe(true);
      await api.setMyCommands([{ command: '/stumm', description: ' Stumm schalten ' }], {
        language_code: 'de',
      });
      await api.setMyCommands([{ command: 'ack', description: 'Acknowledge' }], {
        scope: { type: 'chat', chat_id: -100500 },
      });

      expect(await api.getMyCommands()).toEqual(commands);
      expect(await api.getMyCommands({ language_code: 'de' })).toEqual([
        { command: 'stumm', description: 'Stumm schalten' },
      ]);
      expect(await api.getMyCommands({ scope: { type: 'chat', chat_id: -100500 } })).toEqual([
        { command: 'ack', description: 'Acknowledge' },
      ]);
      expect(await api.getMyCommands({ scope: { type: 'all_group_chats' } })).toEqual([]);

      expect(await api.deleteMyCommands()).toBe(true);
      expect(await api.getMyCommands()).toEqual([]);
      expect(await api.getMyCommands({ language_code: 'de' })).toHaveLength(1);
    });

    it.each([
      ['Status', 'ok', 'Bad Request: BOT_COMMAND_INVALID'],
      ['mute-1h', 'ok', 'Bad Request: BOT_COMMAND_INVALID'],
      ['', 'ok', 'Bad Request: command must be non-empty'],
      ['x'.repeat(33), 'ok', 'Bad Request: command length must not exceed 32'],
      ['ok', ' ', 'Bad Request: command description must be non-empty'],
      ['ok', 'd'.repeat(257), 'Bad Request: command description length must not exceed 256'],
    ])('refuses command %j with description %j', async (command, description, expected) => {
      const error = await refusal(api.setMyCommands([{ command, description }]));
      expect(error).toMatchObject({ error_code: 400, description: expected });
    });

    it('accepts the longest command and description Telegram allows', async () => {
      const longest = { command: 'x'.repeat(32), description: 'd'.repeat(256) };
      await api.setMyCommands([longest]);
      expect(await api.getMyCommands()).toEqual([longest]);
    });

    it('refuses a language code that is not two lowercase letters', async () => {
      const error = await refusal(
        api.setMyCommands([{ command: 'ok', description: 'ok' }], { language_code: 'DE' as never }),
      );
      expect(error.description).toBe('Bad Request: invalid language code specified');
    });
  });
});
