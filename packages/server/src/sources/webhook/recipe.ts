import {
  curl,
  curlJson,
  type RecipeContext,
  type SenderRecipe,
  sampleNotification,
  shellWord,
} from '../sender-recipe.ts';
import { DEFAULT_SIGNATURE_HEADER, type WebhookSourceConfig } from './config-schema.ts';

/** A curl that passes this source's auth: the header, basic credentials or an HMAC over the body. */
export function webhookRecipe({ hookUrl, config }: RecipeContext<WebhookSourceConfig>): SenderRecipe {
  const auth = config.auth ?? { mode: 'none' };
  switch (auth.mode) {
    case 'none':
      return { format: 'shell', text: curlJson(hookUrl, sampleNotification) };
    case 'bearer':
      return {
        format: 'shell',
        text: curlJson(hookUrl, sampleNotification, [`-H 'Authorization: Bearer <secret>'`]),
      };
    case 'basic':
      return {
        format: 'shell',
        text: curlJson(hookUrl, sampleNotification, [`-u ${shellWord(`${auth.username}:<secret>`)}`]),
      };
    case 'hmac': {
      const header = auth.header ?? DEFAULT_SIGNATURE_HEADER;
      const digest =
        (auth.encoding ?? 'hex') === 'hex'
          ? `openssl dgst -sha256 -hmac '<secret>' | sed 's/^.* //'`
          : `openssl dgst -sha256 -hmac '<secret>' -binary | base64`;
      const stamped = auth.signedPayload === 'timestamp.body';
      const lines = [`body=${shellWord(JSON.stringify(sampleNotification))}`];
      if (auth.timestampHeader) lines.push('timestamp=$(date +%s)');
      lines.push(`signature=$(printf '%s' ${stamped ? '"$timestamp.$body"' : '"$body"'} | ${digest})`);
      const headers = [`-H "${header}: ${auth.prefix ?? ''}$signature"`];
      if (auth.timestampHeader) headers.push(`-H "${auth.timestampHeader}: $timestamp"`);
      lines.push(curl(hookUrl, [...headers, `-H 'Content-Type: application/json'`, `-d "$body"`], 'POST'));
      return { format: 'shell', text: lines.join('\n') };
    }
  }
}
