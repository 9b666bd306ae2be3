import { type FakeAnswer, type FakeRequest, SaasServer } from '../saas-server.ts';

/** An event as the fake homeserver stored it in its room. */
export interface MatrixEvent {
  eventId: string;
  roomId: string;
  type: string;
  sender: string;
  txnId: string;
  content: Record<string, unknown>;
}

export interface MatrixUpload {
  contentUri: string;
  filename: string | null;
  contentType: string;
  bytes: Buffer;
}

export type MatrixCallKind = 'send' | 'alias' | 'upload';

interface Room {
  members: Set<string>;
}

/** spec.matrix.org/latest/client-server-api/#size-limits: a whole event, envelope included. */
const eventBytesMax = 65_536;

/**
 * A fake homeserver speaking the parts of the client-server API a sender uses
 * (spec.matrix.org/latest/client-server-api): `PUT /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}`,
 * `GET /_matrix/client/v3/directory/room/{roomAlias}` and `POST /_matrix/media/v3/upload`. It checks the
 * access token (header or the deprecated `access_token` query parameter) as the spec says (401
 * M_MISSING_TOKEN / M_UNKNOWN_TOKEN), refuses sends to rooms the user has not joined (403 M_FORBIDDEN), and
 * ENFORCES transaction ids: the same txnId from the same access token in the same room answers the first
 * event's id and stores nothing new (…#transaction-identifiers). Errors are `{errcode, error}` JSON.
 */
export class FakeMatrix extends SaasServer {
  readonly serverName = 'fake.test';
  readonly userId = '@bridge:fake.test';
  readonly accessToken = 'syt_YnJpZGdl_FakeAccessTokenValue_0x1234';
  readonly events: MatrixEvent[] = [];
  readonly uploads: MatrixUpload[] = [];
  /** `!ops`: joined; `!secret`: exists, not joined. `#ops:fake.test` points at `!ops`. */
  readonly rooms = new Map<string, Room>([
    ['!ops:fake.test', { members: new Set([this.userId]) }],
    ['!family:fake.test', { members: new Set([this.userId]) }],
    ['!secret:fake.test', { members: new Set(['@someone:fake.test']) }],
  ]);
  readonly aliases = new Map([
    ['#ops:fake.test', '!ops:fake.test'],
    ['#secret:fake.test', '!secret:fake.test'],
  ]);
  /** Largest upload the media repository takes (the homeserver's max_upload_size). */
  maxUploadBytes = 1024 * 1024;
  readonly #transactions = new Map<string, string>();
  readonly #scripts: Record<MatrixCallKind, FakeAnswer[]> = { send: [], alias: [], upload: [] };
  #ids = 0;

  constructor() {
    super((request) => this.#answer(request));
  }

  /** The next calls of one kind get these answers instead, in order (a 429 on the second upload, say). */
  scriptFor(kind: MatrixCallKind, ...answers: FakeAnswer[]): void {
    this.#scripts[kind].push(...answers);
  }

  /** The events in one room, oldest first. */
  eventsIn(roomId: string): MatrixEvent[] {
    return this.events.filter((event) => event.roomId === roomId);
  }

  #answer(request: FakeRequest): FakeAnswer {
    const token =
      /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''))?.[1] ??
      request.query.get('access_token') ??
      undefined;
    if (token === undefined) return error(401, 'M_MISSING_TOKEN', 'Missing access token');
    if (token !== this.accessToken) {
      return {
        status: 401,
        body: { errcode: 'M_UNKNOWN_TOKEN', error: 'Invalid access token passed.', soft_logout: false },
      };
    }
    const send = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/send\/([^/]+)\/([^/]+)$/.exec(request.path);
    if (send && request.method === 'PUT') {
      const scripted = this.#scripts.send.shift();
      if (scripted) return scripted;
      return this.#send(
        request,
        token,
        ...(send.slice(1).map(decodeURIComponent) as [string, string, string]),
      );
    }
    const alias = /^\/_matrix\/client\/v3\/directory\/room\/([^/]+)$/.exec(request.path);
    if (alias && request.method === 'GET') {
      return this.#scripts.alias.shift() ?? this.#alias(decodeURIComponent(alias[1]!));
    }
    if (request.path === '/_matrix/media/v3/upload' && request.method === 'POST') {
      return this.#scripts.upload.shift() ?? this.#upload(request);
    }
    return error(404, 'M_UNRECOGNIZED', 'Unrecognized request');
  }

  #send(request: FakeRequest, token: string, roomId: string, type: string, txnId: string): FakeAnswer {
    const key = JSON.stringify([token, roomId, type, txnId]);
    const known = this.#transactions.get(key);
    if (known !== undefined) return { status: 200, body: { event_id: known } };
    let content: unknown;
    try {
      content = JSON.parse(request.raw.toString('utf8'));
    } catch {
      return error(400, 'M_NOT_JSON', 'Content not JSON.');
    }
    if (typeof content !== 'object' || content === null || Array.isArray(content)) {
      return error(400, 'M_BAD_JSON', 'Content must be a JSON object.');
    }
    const room = this.rooms.get(roomId);
    if (!room?.members.has(this.userId)) {
      return error(403, 'M_FORBIDDEN', `User ${this.userId} not in room ${roomId}`);
    }
    if (request.raw.length + 1024 > eventBytesMax) return error(413, 'M_TOO_LARGE', 'event too large');
    const problem =
      type === 'm.room.message' ? messageProblem(content as Record<string, unknown>) : undefined;
    if (problem) return error(400, 'M_BAD_JSON', problem);
    const eventId = `$event${++this.#ids}`;
    this.events.push({
      eventId,
      roomId,
      type,
      sender: this.userId,
      txnId,
      content: content as Record<string, unknown>,
    });
    this.#transactions.set(key, eventId);
    return { status: 200, body: { event_id: eventId } };
  }

  #alias(alias: string): FakeAnswer {
    const roomId = this.aliases.get(alias);
    if (!roomId) return error(404, 'M_NOT_FOUND', `Room alias ${alias} not found`);
    return { status: 200, body: { room_id: roomId, servers: [this.serverName] } };
  }

  #upload(request: FakeRequest): FakeAnswer {
    if (request.raw.length > this.maxUploadBytes) {
      return error(413, 'M_TOO_LARGE', 'Upload request body is too large');
    }
    const contentUri = `mxc://${this.serverName}/media${++this.#ids}`;
    this.uploads.push({
      contentUri,
      filename: request.query.get('filename'),
      contentType: String(request.headers['content-type'] ?? 'application/octet-stream'),
      bytes: request.raw,
    });
    return { status: 200, body: { content_uri: contentUri } };
  }
}

function error(status: number, errcode: string, message: string): FakeAnswer {
  return { status, body: { errcode, error: message } };
}

/** What the spec requires of m.room.message content (…#mroommessage): a msgtype and a body; files by mxc URI. */
function messageProblem(content: Record<string, unknown>): string | undefined {
  if (typeof content.msgtype !== 'string' || typeof content.body !== 'string') {
    return 'm.room.message needs a string msgtype and body';
  }
  if (['m.image', 'm.file', 'm.video', 'm.audio'].includes(content.msgtype)) {
    if (typeof content.url !== 'string' || !content.url.startsWith('mxc://'))
      return `${content.msgtype} needs an mxc:// url`;
  }
  if (content.format !== undefined && content.format !== 'org.matrix.custom.html') return 'unknown format';
  if (content.format !== undefined && typeof content.formatted_body !== 'string')
    return 'format without formatted_body';
  return undefined;
}
