import type { ChannelKind } from './channel.ts';
import { channelKindForScheme, channelUrlSchemes } from './registry.ts';
import { parseTargetUrl, secretPlaceholder, urlProblem } from './target-url.ts';

export interface TargetOfUrl {
  channel: ChannelKind;
  config: Record<string, unknown>;
  addresses: unknown[];
}

/**
 * The channel kind, config and receiver addresses an Apprise-style URL names, or a message saying what to
 * fix that never quotes the URL (it holds secrets). Not yet checked against the kind's schemas: the caller
 * does that the way it checks any config.
 */
export function targetOfUrl(raw: string): TargetOfUrl | string {
  const url = parseTargetUrl(raw);
  if (typeof url === 'string') return url;
  const channel = channelKindForScheme(url.scheme);
  if (!channel?.url) {
    return `has the scheme "${url.scheme}://", which no channel reads (these do: ${channelUrlSchemes().join(', ')})`;
  }
  const problem = urlProblem(url, channel.url);
  if (problem) return problem;
  const target = channel.url.fromUrl(url);
  if (typeof target === 'string') return `(${url.scheme}://) ${target}`;
  return { channel, ...target };
}

/**
 * A target and its receivers written as a URL of the kind's form, secrets replaced by a placeholder unless
 * `withSecrets`; undefined when the kind has no URL form.
 */
export function urlOfTarget(
  channel: ChannelKind,
  config: unknown,
  addresses: readonly unknown[],
  withSecrets: boolean,
): string | undefined {
  return channel.url?.toUrl(config, addresses, {
    secret: (value) => (withSecrets ? value : secretPlaceholder),
  });
}
