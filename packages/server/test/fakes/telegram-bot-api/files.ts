import { createHash, randomBytes } from 'node:crypto';
import type { Animation, Audio, Document, PhotoSize, Video } from 'grammy/types';
import { refuse, texts } from './refusal.ts';
import type { Upload } from './request.ts';

export type MediaKind = 'photo' | 'video' | 'animation' | 'audio' | 'document';

/** How a call handed a file to the Bot API (core.telegram.org/bots/api#sending-files). */
export interface ReceivedFile {
  /** The parameter, e.g. `photo`, or `media[2]` for the third item of an album. */
  field: string;
  via: 'upload' | 'url' | 'file_id';
  /** For uploads, the filename of the part; for a file_id, the original upload's. */
  name?: string;
  /** For uploads, the Content-Type of the part. */
  contentType?: string;
  size?: number;
  sha256?: string;
  url?: string;
  fileId?: string;
}

/** A file the fake issued a file_id for. */
export interface StoredFile {
  kind: MediaKind;
  fileId: string;
  /** Photos come in sizes; Telegram gives each its own file_id. */
  thumbnailId: string;
  uniqueId: string;
  name?: string;
  size?: number;
  sha256?: string;
  url?: string;
  /** The test marked the bytes as content Telegram cannot process: they start with `BROKEN`. */
  broken: boolean;
}

// Real file_ids are base64url and start with bytes that name the file type; the prefixes keep them looking so.
const idPrefix: Record<MediaKind, string> = {
  photo: 'AgACAgIAAxkDAAI',
  video: 'BAACAgIAAxkDAAI',
  animation: 'CgACAgIAAxkDAAI',
  audio: 'CQACAgIAAxkDAAI',
  document: 'BQACAgIAAxkDAAI',
};

const broken = Buffer.from('BROKEN', 'ascii');

/** Issues file_ids for what bots send, and resolves the ways a later call may refer to a file. */
export class FileStore {
  #byId = new Map<string, StoredFile>();

  /**
   * The file a media parameter names: an uploaded part (the parameter's own, or `attach://<part>`), an
   * HTTP(S) URL, or a file_id this fake issued and has not forgotten.
   */
  resolve(
    kind: MediaKind,
    field: string,
    value: unknown,
    uploads: ReadonlyMap<string, Upload>,
    missing: string,
  ): { file: StoredFile; received: ReceivedFile } {
    const reference = typeof value === 'string' ? value : '';
    if (reference === '' || reference.startsWith('attach://')) {
      const upload = uploads.get(reference === '' ? field : reference.slice('attach://'.length));
      if (!upload) refuse(400, missing);
      const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
      const file = this.#issue(kind, {
        name: upload.filename,
        size: upload.bytes.length,
        sha256,
        broken: upload.bytes.subarray(0, broken.length).equals(broken),
      });
      const received = {
        field,
        via: 'upload',
        name: upload.filename,
        contentType: upload.contentType,
        size: upload.bytes.length,
        sha256,
      } as const;
      return { file, received };
    }
    if (/^https?:\/\//i.test(reference)) {
      // Telegram downloads the URL itself; the fake trusts it and never fetches.
      const file = this.#issue(kind, { url: reference, broken: false });
      return { file, received: { field, via: 'url', url: reference } };
    }
    const known = this.#byId.get(reference);
    if (!known) refuse(400, texts.wrongFile);
    const received: ReceivedFile = { field, via: 'file_id', fileId: reference };
    if (known.name !== undefined) received.name = known.name;
    if (known.size !== undefined) received.size = known.size;
    if (known.sha256 !== undefined) received.sha256 = known.sha256;
    return { file: known, received };
  }

  /** Every file_id issued so far becomes unknown, as ids of another bot or of a wiped local server are. */
  forget(): void {
    this.#byId.clear();
  }

  #issue(
    kind: MediaKind,
    details: Omit<StoredFile, 'kind' | 'fileId' | 'thumbnailId' | 'uniqueId'>,
  ): StoredFile {
    const file: StoredFile = {
      kind,
      fileId: `${idPrefix[kind]}${randomBytes(36).toString('base64url')}`,
      thumbnailId: `${idPrefix[kind]}${randomBytes(36).toString('base64url')}`,
      uniqueId: `AQAD${randomBytes(9).toString('base64url')}`,
      ...details,
    };
    this.#byId.set(file.fileId, file);
    this.#byId.set(file.thumbnailId, file);
    return file;
  }
}

const mimeTypes: Record<Exclude<MediaKind, 'photo'>, string> = {
  video: 'video/mp4',
  animation: 'video/mp4',
  audio: 'audio/mpeg',
  document: 'application/octet-stream',
};

/** The Message fields that describe a sent file, shaped like Telegram's PhotoSize, Video, Audio… objects. */
export function messageMedia(
  file: StoredFile,
):
  | { photo: PhotoSize[] }
  | { video: Video }
  | { animation: Animation; document: Document }
  | { audio: Audio }
  | { document: Document } {
  const base = {
    file_id: file.fileId,
    file_unique_id: file.uniqueId,
    ...(file.size !== undefined ? { file_size: file.size } : {}),
  };
  const named = {
    ...base,
    ...(file.name !== undefined ? { file_name: file.name } : {}),
    ...(file.kind !== 'photo' ? { mime_type: mimeTypes[file.kind] } : {}),
  };
  switch (file.kind) {
    case 'photo':
      // Telegram answers with several sizes, the largest last; a thumbnail and the original do here.
      return {
        photo: [
          {
            file_id: file.thumbnailId,
            file_unique_id: `${file.uniqueId}-s`,
            width: 90,
            height: 60,
            ...(file.size !== undefined ? { file_size: Math.min(file.size, 1500) } : {}),
          },
          { ...base, width: 1280, height: 853 },
        ],
      };
    case 'video':
      return { video: { ...named, width: 1280, height: 720, duration: 1 } };
    case 'animation': {
      // Kept for old clients, an animation message also carries it as a document.
      const animation = { ...named, width: 320, height: 240, duration: 1 };
      return { animation, document: named };
    }
    case 'audio':
      return { audio: { ...named, duration: 1 } };
    case 'document':
      return { document: named };
  }
}
