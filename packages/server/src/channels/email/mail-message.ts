import type { RenderedMessage } from '../../render/message.ts';
import { escapeHtml, htmlToText } from '../../render/text-escaping.ts';
import type { AttachmentFile } from '../attachment-bytes.ts';
import type { EmailAddress, EmailTargetConfig } from './config-schema.ts';

/** Every attachment of one mail together; most servers refuse messages past 10–25 MB. */
export const attachmentBytesMax = 10 * 1024 * 1024;

/** The fields nodemailer's sendMail takes that this channel sets. */
export interface MailFields {
  from: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

/**
 * One message with a text and an html part. The Message-ID is the delivery's: a retry of a mail that did
 * go through carries the same id, so mail clients and the server's own duplicate checks can tell.
 */
export function mailFields(
  message: RenderedMessage,
  target: { config: EmailTargetConfig; address: EmailAddress; deliveryId: string; host: string },
  files: AttachmentFile[],
): MailFields {
  const title = message.title.trim() || message.eventType;
  const html = message.format === 'html' ? message.body : escapeHtml(message.body).replaceAll('\n', '<br>\n');
  const text = message.format === 'html' ? htmlToText(message.body) : message.body;
  const link = message.url
    ? {
        html: `<p><a href="${escapeHtml(message.url)}">Open</a></p>`,
        text: `\n\n${message.url}`,
      }
    : { html: '', text: '' };
  return {
    from: target.config.from,
    to: target.address.to,
    ...(target.address.cc && target.address.cc.length > 0 ? { cc: target.address.cc } : {}),
    // A subject is one line: a title with line breaks would start the body early.
    subject: title.replace(/[\r\n]+/g, ' '),
    text: `${text.trim()}${link.text}\n`,
    html: `<!doctype html><html><body>${html}${link.html}</body></html>`,
    messageId: `<${target.deliveryId}@${target.host}>`,
    headers: {
      // RFC 3834: an automatic message, so vacation responders do not answer it.
      'Auto-Submitted': 'auto-generated',
      'X-Notify-Bridge-Event': message.eventId,
    },
    attachments: files.map((file) => ({
      filename: file.filename,
      content: file.bytes,
      contentType: file.contentType,
    })),
  };
}
