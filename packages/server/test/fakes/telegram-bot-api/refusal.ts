/**
 * An error answer of the Bot API: `{ ok: false, error_code, description, parameters? }`. Method handlers throw
 * it; the server turns it into the HTTP answer.
 *
 * The descriptions below are the ones the official server (github.com/tdlib/telegram-bot-api, Client.cpp) and
 * TDLib produce; the Bot API lower-cases the first letter of TDLib's message and prefixes "Bad Request: ".
 * Where a text could not be found in those sources the constant says so.
 */
export class BotApiRefusal extends Error {
  readonly status: number;
  readonly description: string;
  readonly parameters: Record<string, unknown> | undefined;

  constructor(status: number, description: string, parameters?: Record<string, unknown>) {
    super(description);
    this.status = status;
    this.description = description;
    this.parameters = parameters;
  }
}

export function refuse(status: number, description: string, parameters?: Record<string, unknown>): never {
  throw new BotApiRefusal(status, description, parameters);
}

export const texts = {
  methodNotFound: 'Not Found: method not found',
  // TDLib's MessagesManager; the Bot API prefixes and lower-cases them.
  textEmpty: 'Bad Request: message text is empty',
  textTooLong: 'Bad Request: message is too long',
  captionTooLong: 'Bad Request: message caption is too long',
  // A file_id the server does not know (stale, forgotten, or of another bot). A string that is not even
  // base64 gets "wrong remote file identifier specified: ..." from the real server; the fake answers this
  // one for every unknown string.
  wrongFile: 'Bad Request: wrong file identifier/HTTP URL specified',
  noFileInRequest: (what: string) => `Bad Request: there is no ${what} in the request`,
  // Seen on api.telegram.org as the nginx answer in front of the Bot API (telegraf/telegraf#222, #913).
  requestTooLarge: 'Request Entity Too Large',
  // TDLib's check_full_local_location, as bots receive it.
  photoTooBig: (size: number, max: number) =>
    `Bad Request: file of size ${size} bytes is too big for a photo; the maximum size is ${max} bytes`,
  // Not verified for uploads: this is the official server's text for getFile above its download limit. A
  // self-hosted server refuses uploads above 2000 MB inside TDLib; the fake uses the closest known text.
  fileTooBig: 'Bad Request: file is too big',
  imageProcessFailed: 'IMAGE_PROCESS_FAILED',
  // Best guess: an MTProto error Telegram documents for media it cannot use (core.telegram.org/api/errors).
  mediaInvalid: 'MEDIA_INVALID',
  // Client.cpp on_message_send_failed: a failed album names the message in the order failures arrive.
  albumItemFailed: (position: number, error: string) =>
    `Bad Request: failed to send message #${position} with the error message "${error}"`,
  albumEmpty: 'Bad Request: there are no messages to send',
  albumTooLarge: 'Bad Request: too many messages to send as an album',
  // Not a Telegram text: the real server sends a one-item "album" as a single message although the docs ask
  // for 2-10 items. The fake refuses it so that our code keeps to the documented contract.
  albumTooSmall: 'Bad Request: there must be at least two media in an album',
  albumMixed: (kind: 'document' | 'audio') => `Bad Request: ${kind} can't be mixed with other media types`,
  inputMedia: (error: string) => `Bad Request: can't parse InputMedia: ${error}`,
  // Client.cpp fail_query_with_error / check_chat_access.
  blocked: 'Forbidden: bot was blocked by the user',
  deactivated: 'Forbidden: user is deactivated',
  kicked: 'Forbidden: bot was kicked from the group chat',
  chatNotFound: 'Bad Request: chat not found',
  threadNotFound: 'Bad Request: message thread not found',
  retryAfter: (seconds: number) => `Too Many Requests: retry after ${seconds}`,
  // Client.cpp abort_long_poll and process_get_updates_query.
  otherGetUpdates:
    'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  terminatedBySetWebhook: 'Conflict: terminated by setWebhook request',
  webhookActive:
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  // Client.cpp do_set_webhook and WebhookActor.cpp.
  invalidWebhookUrl: 'Bad Request: invalid webhook URL specified',
  webhookNeedsHttps: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
  webhookPort: 'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443',
  secretTooLong: 'Bad Request: secret token is too long',
  secretCharacters: 'Bad Request: secret token contains unallowed characters',
  // TDLib BotCommand.cpp set_commands; the character check is Telegram's server (BOT_COMMAND_INVALID).
  commandEmpty: 'Bad Request: command must be non-empty',
  commandTooLong: 'Bad Request: command length must not exceed 32',
  commandInvalid: 'Bad Request: BOT_COMMAND_INVALID',
  descriptionEmpty: 'Bad Request: command description must be non-empty',
  descriptionTooLong: 'Bad Request: command description length must not exceed 256',
  tooManyCommands: 'Bad Request: BOT_COMMANDS_TOO_MUCH',
  languageCode: 'Bad Request: invalid language code specified',
  scopeType: "Bad Request: can't parse BotCommandScope: Unsupported type specified",
} as const;
