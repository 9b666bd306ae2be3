/**
 * Which Bot API method carries each attachment and how attachments are grouped into albums. Pure: sizes
 * and types in, a list of sends out, so the rules Telegram enforces (core.telegram.org/bots/api#sendmediagroup)
 * are tested without a network.
 */

export type MediaKind = 'photo' | 'video' | 'animation' | 'audio' | 'document';

export interface MediaLimits {
  /** sendPhoto's upload limit; larger images go as documents. */
  photoBytes: number;
  /** sendVideo's limit; larger videos go as documents when the receiver allows it. */
  videoBytes: number;
  /** Any other upload (documents, audio, animations). */
  uploadBytes: number;
  /** Bytes uploaded in one sendMediaGroup request, kept under the request size Telegram accepts. */
  groupBytes: number;
  /** Items in one album. */
  groupItems: number;
}

const megabyte = 1024 * 1024;

/** api.telegram.org: 10 MB photos, 50 MB everything else. */
export const cloudLimits: MediaLimits = {
  photoBytes: 10 * megabyte,
  videoBytes: 50 * megabyte,
  uploadBytes: 50 * megabyte,
  groupBytes: 45 * megabyte,
  groupItems: 10,
};

/** A self-hosted telegram-bot-api server (`--local`) takes uploads up to 2000 MB. */
export const localServerLimits: MediaLimits = {
  photoBytes: 10 * megabyte,
  videoBytes: 2000 * megabyte,
  uploadBytes: 2000 * megabyte,
  groupBytes: 1900 * megabyte,
  groupItems: 10,
};

const extensionKinds: Record<string, MediaKind> = {
  jpg: 'photo',
  jpeg: 'photo',
  png: 'photo',
  webp: 'photo',
  gif: 'animation',
  mp4: 'video',
  m4v: 'video',
  mov: 'video',
  webm: 'video',
  mp3: 'audio',
  m4a: 'audio',
  ogg: 'audio',
  flac: 'audio',
};

/** The natural kind of a file by its content type, else its name; unknown files are documents. */
export function mediaKindOf(contentType: string | undefined, name: string | undefined): MediaKind {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'image/gif') return 'animation';
  if (type === 'image/jpeg' || type === 'image/png' || type === 'image/webp') return 'photo';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type && type !== 'application/octet-stream') return 'document';
  const extension = /\.([a-z0-9]+)$/i.exec(name ?? '')?.[1]?.toLowerCase();
  return (extension && extensionKinds[extension]) || 'document';
}

export type Placement = { kind: MediaKind; note?: string } | { skip: string };

/**
 * The method an attachment of this natural kind and size goes by, or why it cannot go at all. `size` is 0
 * for a file Telegram already has (a cached file_id): nothing is uploaded then.
 */
export function placeMedia(
  kind: MediaKind,
  size: number,
  limits: MediaLimits,
  largeVideosAsDocuments: boolean,
): Placement {
  const mb = (bytes: number) => `${Math.round(bytes / megabyte)} MB`;
  if (size > limits.uploadBytes) {
    return { skip: `${mb(size)} is over the ${mb(limits.uploadBytes)} this Bot API server accepts` };
  }
  if (kind === 'photo' && size > limits.photoBytes) {
    return { kind: 'document', note: `over the ${mb(limits.photoBytes)} photo limit, sent as a file` };
  }
  if (kind === 'video' && size > limits.videoBytes) {
    return largeVideosAsDocuments
      ? { kind: 'document', note: `over the ${mb(limits.videoBytes)} video limit, sent as a file` }
      : {
          skip: `${mb(size)} is over the ${mb(limits.videoBytes)} video limit and the receiver takes no large files`,
        };
  }
  return { kind };
}

/** Albums mix photos with videos; documents and audio files only go with their own kind; GIFs go alone. */
function albumFamily(kind: MediaKind): 'visual' | 'audio' | 'document' | undefined {
  if (kind === 'photo' || kind === 'video') return 'visual';
  if (kind === 'audio' || kind === 'document') return kind;
  return undefined;
}

export interface PlannedItem {
  /** Position in the event's attachments, so outcomes can be reported per attachment. */
  index: number;
  kind: MediaKind;
  /** Bytes to upload; 0 when the file is sent by file_id. */
  size: number;
}

/** One request: a single file, or an album of 2–10. */
export type MediaSend = { items: PlannedItem[] };

/**
 * Groups items into albums in their order: a family's album closes when it has `groupItems` items or the
 * next file would push it past `groupBytes`. An album left with one item is sent as that single file.
 * Sends come in the order of their first item.
 */
export function planMediaSends(items: readonly PlannedItem[], limits: MediaLimits): MediaSend[] {
  const sends: MediaSend[] = [];
  const open = new Map<string, { send: MediaSend; bytes: number }>();
  for (const item of items) {
    const family = albumFamily(item.kind);
    if (family === undefined) {
      sends.push({ items: [item] });
      continue;
    }
    const current = open.get(family);
    if (
      current &&
      current.send.items.length < limits.groupItems &&
      current.bytes + item.size <= limits.groupBytes
    ) {
      current.send.items.push(item);
      current.bytes += item.size;
      continue;
    }
    const send = { items: [item] };
    sends.push(send);
    open.set(family, { send, bytes: item.size });
  }
  return sends;
}
