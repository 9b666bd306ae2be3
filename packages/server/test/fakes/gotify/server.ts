import { type FakeAnswer, type FakeRequest, SaasServer } from '../saas-server.ts';

/** A message as the fake Gotify server stored it (the API's Message model). */
export interface GotifyStoredMessage {
  id: number;
  appid: number;
  title: string;
  message: string;
  priority: number;
  extras?: Record<string, unknown>;
  date: string;
}

/** Gotify's error body (the API's Error model), with the texts gotify/server uses. */
function error(status: number, description: string): FakeAnswer {
  const names: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found' };
  return { status, body: { error: names[status], errorCode: status, errorDescription: description } };
}

/**
 * A fake Gotify server (gotify.net/api-docs) for `POST /message`: it takes the application token from
 * X-Gotify-Key, `?token=` or a bearer header as gotify/server does, refuses an unknown one with 401, requires
 * `message`, takes `priority` as an integer (default 0 here, the app's default in Gotify), keeps `extras` and
 * answers with the stored message.
 */
export class FakeGotify extends SaasServer {
  readonly messages: GotifyStoredMessage[] = [];
  readonly appToken: string;

  constructor(appToken: string) {
    super((request) => this.#answer(request));
    this.appToken = appToken;
  }

  #answer(request: FakeRequest): FakeAnswer {
    if (request.method !== 'POST' || !request.path.endsWith('/message')) return error(404, 'page not found');
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    const token = request.headers['x-gotify-key'] ?? request.query.get('token') ?? bearer;
    if (token !== this.appToken) {
      return error(401, 'you need to provide a valid access token or user credentials to access this api');
    }
    const { message, title, priority, extras } = request.fields;
    if (typeof message !== 'string' || message === '') {
      return error(400, "Field validation for 'Message' failed on the 'required' tag");
    }
    if (priority !== undefined && !Number.isInteger(priority)) {
      return error(400, 'json: cannot unmarshal into Go struct field of type int');
    }
    const stored: GotifyStoredMessage = {
      id: this.messages.length + 1,
      appid: 1,
      // Gotify fills an empty title with the application's name.
      title: typeof title === 'string' && title !== '' ? title : 'notify-bridge',
      message,
      priority: (priority as number | undefined) ?? 0,
      ...(extras && typeof extras === 'object' ? { extras: extras as Record<string, unknown> } : {}),
      date: new Date().toISOString(),
    };
    this.messages.push(stored);
    return { status: 200, body: stored };
  }
}
