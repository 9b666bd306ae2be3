/**
 * A chat message's text -> the bot command it asks for. Telegram marks `/name` and `/name@bot` at the start
 * of a message as a bot_command (core.telegram.org/bots/features#commands); names are 1-32 of
 * `a-z 0-9 _`. Only the text is read: entities (text_mention and the like) carry nothing a command needs.
 */

/** The commands the bot answers, in the order its menu and /help list them. */
export const commandNames = ['start', 'help', 'status', 'last', 'rules', 'mute', 'snooze', 'unmute'] as const;
export type CommandName = (typeof commandNames)[number];

/** Telegram's rule for a command name (setMyCommands refuses anything else). */
export const commandNamePattern = /^[a-z0-9_]{1,32}$/;

export type ParsedCommand =
  | {
      readonly name: CommandName;
      /** What follows the command, trimmed; '' when nothing does. Inner line breaks are kept. */
      readonly args: string;
      /** Written as `/name@ThisBot`: addressed to this bot by name, not only by being in the chat. */
      readonly addressed: boolean;
    }
  | {
      readonly name: 'unknown';
      /** The command as written without the bot's name, e.g. `/Foo`, for the "unknown command" reply. */
      readonly raw: string;
      readonly args: string;
      /**
       * A group with several bots sees every bot's commands; answer an unaddressed unknown command there
       * and the bot talks over the others. The caller decides (e.g. answer only when addressed or private).
       */
      readonly addressed: boolean;
    };

const known: ReadonlySet<string> = new Set(commandNames);

// The first word: `/`, a name, optionally `@username`, then whitespace or the end. Case is accepted in the
// name because people type `/Mute`; Telegram lowercases nothing for us.
const commandHead = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?=\s|$)/;

/**
 * The command in `text`, or null when `text` is not a command or names another bot (`/mute@OtherBot`).
 * `botUsername` is this bot's username (getMe), with or without `@`; usernames compare case-insensitively.
 */
export function parseCommand(text: string, botUsername: string): ParsedCommand | null {
  if (typeof text !== 'string') return null;
  const head = commandHead.exec(text);
  if (!head) return null;
  const [whole, rawName, mention] = head;
  let addressed = false;
  if (mention !== undefined) {
    if (mention.toLowerCase() !== botUsername.replace(/^@/, '').toLowerCase()) return null;
    addressed = true;
  }
  const args = text.slice(whole.length).trim();
  const name = rawName!.toLowerCase();
  if (known.has(name)) return { name: name as CommandName, args, addressed };
  return { name: 'unknown', raw: `/${rawName}`, args, addressed };
}
