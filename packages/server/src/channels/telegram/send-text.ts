import type { Api } from 'grammy';
import { htmlToText } from '../../render/text-escaping.ts';
import type { Logger } from '../../telemetry/logger.ts';
import { sentMessageId } from './bot-answer.ts';
import { isParseError } from './bot-api.ts';

export interface TextSent {
  /** Unknown when Telegram's answer names none: the message went out all the same. */
  messageId: number | undefined;
  fellBackToPlainText: boolean;
}

/**
 * One HTML message. Our sanitiser should make a parse error impossible; if Telegram still refuses the
 * entities, the text is worth more than its formatting: it goes once more as plain text, and says so.
 */
export async function sendHtmlText(
  api: Api,
  chatId: number | string,
  html: string,
  other: Record<string, unknown>,
  signal: AbortSignal,
  logger: Logger,
): Promise<TextSent> {
  try {
    const sent: unknown = await api.sendMessage(
      chatId,
      html,
      { ...other, parse_mode: 'HTML' },
      signal as never,
    );
    return { messageId: sentMessageId(sent), fellBackToPlainText: false };
  } catch (error) {
    if (!isParseError(error)) throw error;
    logger.warn({ description: (error as Error).message }, 'Telegram refused the HTML; sending plain text');
    const sent: unknown = await api.sendMessage(chatId, htmlToText(html), other, signal as never);
    return { messageId: sentMessageId(sent), fellBackToPlainText: true };
  }
}
