import type { Transporter } from 'nodemailer';
import { untilAborted } from '../../domain/until-aborted.ts';
import type { RenderedMessage } from '../../render/message.ts';
import { type AttachmentFile, attachmentFile, isAttachmentFile } from '../attachment-bytes.ts';
import type { ChannelKind, SendContext, SendOutcome } from '../channel.ts';
import { scrubSensitive } from '../http-outcome.ts';
import {
  type EmailAddress,
  EmailAddressSchema,
  type EmailTargetConfig,
  EmailTargetConfigSchema,
} from './config-schema.ts';
import { attachmentBytesMax, mailFields } from './mail-message.ts';
import { closeSmtp, openSmtp, type SmtpError } from './smtp-connection.ts';

export {
  type EmailAddress,
  EmailAddressSchema,
  type EmailTargetConfig,
  EmailTargetConfigSchema,
} from './config-schema.ts';

import { emailUrl } from './apprise-url.ts';

/**
 * Mails through the target's SMTP server over a pooled connection (`connector`): a text and an html part,
 * attachments, and the delivery's id as Message-ID. SMTP answers decide: 4xx is "try later", 5xx is final,
 * and a 5xx refusing the recipients disables the receiver.
 */
export const emailChannel: ChannelKind<EmailTargetConfig, EmailAddress> = {
  kind: 'email',
  description: 'Mail through an SMTP server (STARTTLS or TLS, with login): text and html, with attachments.',
  configSchema: EmailTargetConfigSchema,
  addressSchema: EmailAddressSchema,
  secretFields: ['password'],
  url: emailUrl,
  formats: ['html', 'text'],
  limits: { bytesMax: attachmentBytesMax },
  connector: { open: openSmtp, close: closeSmtp },

  async send(ctx, message): Promise<SendOutcome> {
    const transport = ctx.connection as Transporter;
    const planned = await files(ctx, message);
    const detail = planned.skipped.length > 0 ? { skippedFiles: planned.skipped } : undefined;
    if (planned.later && !ctx.lastAttempt) {
      return {
        status: 'retry',
        error: { kind: 'transport', message: `attachment: ${planned.skipped[0]!.reason}` },
        detail,
      };
    }
    const host = ctx.config.from.match(/@([^>\s]+)>?\s*$/)?.[1] ?? 'notify-bridge';
    const fields = mailFields(
      message,
      { config: ctx.config, address: ctx.address, deliveryId: ctx.deliveryId, host },
      planned.files,
    );
    try {
      const info = (await untilAborted(transport.sendMail(fields), ctx.signal)) as { rejected?: unknown[] };
      const rejected = (info.rejected ?? []).map(String);
      const partly = rejected.length > 0 ? { rejected } : undefined;
      const merged = detail || partly ? { ...detail, ...partly } : undefined;
      return { status: 'sent', providerMessageId: fields.messageId, ...(merged ? { detail: merged } : {}) };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const outcome = smtpOutcome(error as SmtpError, [ctx.config.password]);
      return detail ? { ...outcome, detail } : outcome;
    }
  },
};

/** What a failed sendMail means: the SMTP reply code decides (RFC 5321 §4.2.1). */
function smtpOutcome(
  error: SmtpError,
  sensitive: (string | undefined)[],
): Exclude<SendOutcome, { status: 'sent' }> {
  const text = scrubSensitive(error.response ?? error.message, sensitive).slice(0, 300);
  const code = error.responseCode;
  if (code !== undefined && code >= 400 && code < 500) {
    return { status: 'retry', error: { kind: 'rejected', code: String(code), message: `SMTP ${text}` } };
  }
  if (code !== undefined && code >= 500) {
    const recipients = error.code === 'EENVELOPE' && error.command !== 'MAIL FROM';
    return {
      status: 'failed',
      ...(recipients ? { disableReceiver: true } : {}),
      error: {
        kind: 'rejected',
        code: String(code),
        message: recipients
          ? `SMTP ${text} (the server refuses the receiver's addresses; fix them and re-enable the receiver)`
          : `SMTP ${text}`,
      },
    };
  }
  if (error.code === 'EAUTH') {
    return {
      status: 'failed',
      error: { kind: 'rejected', code: 'EAUTH', message: `${text} (check username and password)` },
    };
  }
  return { status: 'retry', error: { kind: 'transport', message: text } };
}

interface PlannedFiles {
  files: AttachmentFile[];
  skipped: { index: number; reason: string }[];
  later: boolean;
}

/** Every attachment that fits in what is left of the 10 MiB one mail may carry. */
async function files(
  ctx: SendContext<EmailTargetConfig, EmailAddress>,
  message: RenderedMessage,
): Promise<PlannedFiles> {
  const planned: PlannedFiles = { files: [], skipped: [], later: false };
  let budget = attachmentBytesMax;
  for (const [index, attachment] of message.attachments.entries()) {
    const file = await attachmentFile(ctx.http, attachment, index, budget, ctx.signal);
    if (!isAttachmentFile(file)) {
      planned.skipped.push({ index, reason: file.reason });
      planned.later ||= file.later === true;
      continue;
    }
    planned.files.push(file);
    budget -= file.bytes.length;
  }
  return planned;
}
