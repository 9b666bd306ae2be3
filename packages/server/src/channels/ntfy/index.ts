import { type Static, Type } from 'typebox';
import type { Severity } from '../../domain/event.ts';
import type { HttpResponse } from '../../security/http/http-client.ts';
import type { ChannelKind, SendOutcome } from '../channel.ts';
import { outcomeOfHttpError, outcomeOfResponse, responseExcerpt } from '../http-outcome.ts';

export const NtfyTargetConfigSchema = Type.Object(
  {
    server: Type.String({
      format: 'uri',
      pattern: '^https?://',
      default: 'https://ntfy.sh',
      description: 'The ntfy server.',
    }),
    token: Type.Optional(
      Type.String({ minLength: 1, description: 'Access token (`tk_...`), sent as a bearer token.' }),
    ),
    username: Type.Optional(Type.String({ minLength: 1 })),
    password: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type NtfyTargetConfig = Static<typeof NtfyTargetConfigSchema>;

export const NtfyAddressSchema = Type.Object(
  { topic: Type.String({ pattern: '^[-_A-Za-z0-9]{1,64}$', description: 'The topic to publish to.' }) },
  { additionalProperties: false },
);
export type NtfyAddress = Static<typeof NtfyAddressSchema>;

const priorities: Record<Severity, number> = { debug: 1, info: 3, warning: 4, error: 4, critical: 5 };

/** ntfy turns a message over 4,096 bytes into an attachment; we keep it a message and cut it instead. */
const messageMaxBytes = 4096;

/**
 * Publishes as JSON to the server root (docs.ntfy.sh/publish/#publish-as-json) rather than with headers:
 * titles and tags in headers must be ASCII or RFC 2047-encoded, JSON carries any text as it is.
 * ntfy has no idempotency key, so a retry after a lost answer can show a message twice.
 */
export const ntfyChannel: ChannelKind<NtfyTargetConfig, NtfyAddress> = {
  kind: 'ntfy',
  description: 'Publish to an ntfy topic (ntfy.sh or a self-hosted server).',
  configSchema: NtfyTargetConfigSchema,
  addressSchema: NtfyAddressSchema,
  secretFields: ['token', 'password'],
  formats: ['markdown', 'text'],
  limits: { textMax: messageMaxBytes },

  async send(ctx, message): Promise<SendOutcome> {
    const payload = {
      topic: ctx.address.topic,
      title: message.title,
      message: truncateUtf8(message.body, messageMaxBytes),
      priority: priorities[message.severity],
      ...(message.tags.length > 0 ? { tags: message.tags } : {}),
      ...(message.url ? { click: message.url } : {}),
      ...(message.format === 'markdown' ? { markdown: true } : {}),
    };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (ctx.config.token) headers.authorization = `Bearer ${ctx.config.token}`;
    else if (ctx.config.username && ctx.config.password) {
      headers.authorization = `Basic ${Buffer.from(`${ctx.config.username}:${ctx.config.password}`).toString('base64')}`;
    }
    try {
      const response = await ctx.http.request(ctx.config.server, {
        method: 'POST',
        headers,
        body: JSON.stringify(payload),
        redirect: 'follow',
        maxResponseBytes: 64 * 1024,
        signal: ctx.signal,
      });
      const outcome = outcomeOfResponse(response, ctx.clock.now(), ntfyError);
      if (outcome.status === 'sent') {
        const id = parseId(response);
        return id ? { status: 'sent', providerMessageId: id } : outcome;
      }
      if (outcome.status === 'failed' && (response.status === 401 || response.status === 403)) {
        outcome.error.message += ' (check the target token or password and the topic access rights)';
      }
      return outcome;
    } catch (error) {
      return outcomeOfHttpError(error);
    }
  },
};

/** ntfy errors are JSON: {"code":40301,"http":403,"error":"forbidden","link":"..."}. */
function ntfyError(response: HttpResponse): string {
  try {
    const parsed = JSON.parse(response.body.toString('utf8')) as { error?: unknown; code?: unknown };
    if (typeof parsed.error === 'string')
      return `${parsed.error}${parsed.code ? ` (ntfy code ${parsed.code})` : ''}`;
  } catch {
    // not JSON: fall through to the raw excerpt
  }
  return responseExcerpt(response);
}

function parseId(response: HttpResponse): string | undefined {
  try {
    const parsed = JSON.parse(response.body.toString('utf8')) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

/** Cuts at a character boundary so that the UTF-8 encoding fits `maxBytes`, marking the cut with "…". */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const ellipsis = '…';
  let budget = maxBytes - Buffer.byteLength(ellipsis, 'utf8');
  let out = '';
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (size > budget) break;
    budget -= size;
    out += char;
  }
  return out + ellipsis;
}
