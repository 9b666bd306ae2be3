import { randomInt } from 'node:crypto';
import type { Message, MessageEntity } from 'grammy/types';
import { type FileStore, type MediaKind, messageMedia, type ReceivedFile, type StoredFile } from './files.ts';
import { visibleText } from './html.ts';
import { BotApiRefusal, refuse, texts } from './refusal.ts';
import type { Upload } from './request.ts';
import type { SentMessages } from './sent-messages.ts';

const MiB = 1024 * 1024;

/** Telegram's size limits for files bots send (core.telegram.org/bots/api#sending-files). */
export interface UploadLimits {
  /** 10 MB for photos, also on a self-hosted server (TDLib's MAX_PHOTO_SIZE). */
  photoBytes: number;
  /** 50 MB through api.telegram.org, 2000 MB through a self-hosted telegram-bot-api server. */
  fileBytes: number;
  localServer: boolean;
}

export function uploadLimits(localServer: boolean): UploadLimits {
  return { photoBytes: 10 * MiB, fileBytes: (localServer ? 2000 : 50) * MiB, localServer };
}

/** What a media method needs from the server: the request and where to put what it sent. */
export interface MediaCall {
  method: string;
  params: Record<string, unknown>;
  uploads: ReadonlyMap<string, Upload>;
  /** Filled with every file the call names, also when the call is refused afterwards. */
  files: ReceivedFile[];
}

export interface MediaEnv {
  files: FileStore;
  messages: SentMessages;
  limits: UploadLimits;
}

// core.telegram.org/bots/api#sendphoto: "Photo caption ... 0-1024 characters after entities parsing".
const captionMax = 1024;

/** sendPhoto, sendVideo, sendAnimation, sendAudio and sendDocument. */
export function sendMedia(kind: MediaKind, call: MediaCall, env: MediaEnv): Message {
  const { caption, entities } = visibleCaption(call.params.caption, call.params.parse_mode);
  const { file, received } = env.files.resolve(
    kind,
    kind,
    call.params[kind],
    call.uploads,
    texts.noFileInRequest(kind),
  );
  call.files.push(received);
  if (caption !== undefined && caption.length > captionMax) refuse(400, texts.captionTooLong);
  checkPhotoSize(file, received, env.limits);
  if (file.broken) refuse(400, `Bad Request: ${processingError(kind)}`);
  return env.messages.send(
    call.method,
    call.params,
    { ...captionFields(caption, entities), ...messageMedia(file) },
    { media: kind, fileId: file.fileId },
  );
}

const albumKinds = new Set<MediaKind>(['photo', 'video', 'audio', 'document']);

/**
 * sendMediaGroup: every item is checked before the first message is sent, and one item Telegram cannot
 * process fails the whole album, so a refused album sent nothing.
 */
export function sendMediaGroup(call: MediaCall, env: MediaEnv): Message[] {
  const media = call.params.media;
  if (media === undefined) refuse(400, 'Bad Request: parameter "media" is required');
  if (!Array.isArray(media)) refuse(400, 'Bad Request: expected an Array of InputMedia');

  const items = media.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) refuse(400, texts.inputMedia('expected an Object'));
    const input = item as Record<string, unknown>;
    let caption: string | undefined;
    let entities: MessageEntity[] = [];
    try {
      ({ caption, entities } = visibleCaption(input.caption, input.parse_mode));
    } catch (error) {
      if (!(error instanceof BotApiRefusal)) throw error;
      refuse(400, texts.inputMedia(error.description.replace(/^Bad Request: c/, 'C')));
    }
    const type = String(input.type ?? '');
    if (type === 'animation')
      refuse(400, texts.inputMedia(`type "animation" can't be used in sendMediaGroup`));
    if (!albumKinds.has(type as MediaKind)) refuse(400, texts.inputMedia(`type "${type}" is unsupported`));
    const kind = type as MediaKind;
    const resolved = resolveAlbumFile(kind, `media[${index}]`, input.media, call, env);
    return { kind, caption, entities, ...resolved };
  });

  if (items.length === 0) refuse(400, texts.albumEmpty);
  if (items.length > 10) refuse(400, texts.albumTooLarge);
  if (items.length === 1) refuse(400, texts.albumTooSmall);
  for (const item of items) {
    if (item.caption !== undefined && item.caption.length > captionMax) refuse(400, texts.captionTooLong);
  }
  const kinds = new Set(items.map((item) => item.kind));
  // Documents and audio files only form albums of their own kind; photos and videos mix.
  if (kinds.size > 1 && kinds.has('document')) refuse(400, texts.albumMixed('document'));
  if (kinds.size > 1 && kinds.has('audio')) refuse(400, texts.albumMixed('audio'));
  for (const item of items) checkPhotoSize(item.file, item.received, env.limits);
  const broken = items.find((item) => item.file.broken);
  // Best guess at the text: Client.cpp numbers a failed album's messages in the order their failures
  // arrive, and the broken item's own failure arrives before the others fail with "Group send failed", so
  // it is #1 whichever item was broken.
  if (broken) refuse(400, texts.albumItemFailed(1, processingError(broken.kind)));

  const mediaGroupId = String(randomInt(2 ** 47, 2 ** 48));
  return items.map((item) =>
    env.messages.send(
      call.method,
      call.params,
      {
        media_group_id: mediaGroupId,
        ...captionFields(item.caption, item.entities),
        ...messageMedia(item.file),
      },
      { media: item.kind, fileId: item.file.fileId },
    ),
  );
}

function resolveAlbumFile(kind: MediaKind, field: string, value: unknown, call: MediaCall, env: MediaEnv) {
  try {
    const resolved = env.files.resolve(kind, field, value, call.uploads, texts.inputMedia('media not found'));
    call.files.push(resolved.received);
    return resolved;
  } catch (error) {
    // An unknown file_id is only found out while sending, so it fails the album like a broken file does.
    if (error instanceof BotApiRefusal && error.description === texts.wrongFile) {
      refuse(400, texts.albumItemFailed(1, 'Wrong file identifier/HTTP URL specified'));
    }
    throw error;
  }
}

function visibleCaption(
  caption: unknown,
  parseMode: unknown,
): { caption: string | undefined; entities: MessageEntity[] } {
  if (caption === undefined || caption === null) return { caption: undefined, entities: [] };
  const parsed = visibleText(String(caption), parseMode);
  if (!parsed.ok) refuse(400, parsed.error);
  // Telegram leaves an empty caption out of the message.
  return { caption: parsed.visible === '' ? undefined : parsed.visible, entities: parsed.entities };
}

function captionFields(caption: string | undefined, entities: MessageEntity[]): Partial<Message> {
  if (caption === undefined) return {};
  return entities.length > 0 ? { caption, caption_entities: entities } : { caption };
}

function checkPhotoSize(file: StoredFile, received: ReceivedFile, limits: UploadLimits): void {
  if (file.kind !== 'photo' || received.via !== 'upload' || received.size === undefined) return;
  if (received.size > limits.photoBytes) refuse(400, texts.photoTooBig(received.size, limits.photoBytes));
}

/** What Telegram answers for bytes starting with `BROKEN`: the photo text is real, the other a best guess. */
function processingError(kind: MediaKind): string {
  return kind === 'photo' ? texts.imageProcessFailed : texts.mediaInvalid;
}
