import type { BotCommand } from 'grammy/types';
import { refuse, texts } from './refusal.ts';

const plainScopes = new Set(['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators']);
const chatScopes = new Set(['chat', 'chat_administrators', 'chat_member']);

/** The key of a (scope, language_code) pair, the unit Telegram keeps a command list for. */
function listKey(params: Record<string, unknown>): string {
  const language = params.language_code === undefined ? '' : String(params.language_code);
  // TDLib's validate_bot_language_code: empty, or two lowercase letters.
  if (language !== '' && !/^[a-z]{2}$/.test(language)) refuse(400, texts.languageCode);
  const scope = (params.scope ?? { type: 'default' }) as Record<string, unknown>;
  const type = String(scope.type ?? '');
  if (plainScopes.has(type)) return `${type}|${language}`;
  if (!chatScopes.has(type)) refuse(400, texts.scopeType);
  const member = type === 'chat_member' ? `|${String(scope.user_id)}` : '';
  return `${type}|${String(scope.chat_id)}${member}|${language}`;
}

/**
 * A command as Telegram stores it, or its refusal: TDLib trims both fields and drops a leading "/", checks
 * the lengths, and Telegram's servers then refuse any character but a-z, 0-9 and _
 * (core.telegram.org/bots/api#botcommand).
 */
function validCommand(input: unknown): BotCommand {
  const given = (input ?? {}) as Record<string, unknown>;
  const command = String(given.command ?? '')
    .trim()
    .replace(/^\//, '');
  const description = String(given.description ?? '').trim();
  if (command === '') refuse(400, texts.commandEmpty);
  if ([...command].length > 32) refuse(400, texts.commandTooLong);
  if (description === '') refuse(400, texts.descriptionEmpty);
  if ([...description].length > 256) refuse(400, texts.descriptionTooLong);
  if (!/^[a-z0-9_]+$/.test(command)) refuse(400, texts.commandInvalid);
  return { command, description };
}

/** setMyCommands, getMyCommands and deleteMyCommands. */
export class CommandLists {
  #lists = new Map<string, BotCommand[]>();

  set(params: Record<string, unknown>): true {
    const key = listKey(params);
    const given = params.commands ?? [];
    if (!Array.isArray(given)) refuse(400, 'Bad Request: expected an Array of BotCommand');
    const commands = given.map(validCommand);
    if (commands.length > 100) refuse(400, texts.tooManyCommands);
    // An empty list is how Telegram's own clients delete one.
    if (commands.length === 0) this.#lists.delete(key);
    else this.#lists.set(key, commands);
    return true;
  }

  get(params: Record<string, unknown>): BotCommand[] {
    return [...(this.#lists.get(listKey(params)) ?? [])];
  }

  delete(params: Record<string, unknown>): true {
    this.#lists.delete(listKey(params));
    return true;
  }
}
