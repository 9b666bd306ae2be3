import type { ChannelKind } from './channel.ts';
import { discordChannel } from './discord/index.ts';
import { emailChannel } from './email/index.ts';
import { gotifyChannel } from './gotify/index.ts';
import { homeAssistantChannel } from './homeassistant/index.ts';
import { matrixChannel } from './matrix/index.ts';
import { mqttChannel } from './mqtt/index.ts';
import { ntfyChannel } from './ntfy/index.ts';
import { pushoverChannel } from './pushover/index.ts';
import { slackChannel } from './slack/index.ts';
import { telegramChannel } from './telegram/index.ts';
import { topicChannel } from './topic/index.ts';
import { webhookChannel } from './webhook/index.ts';

/** Every channel kind. Adding one is a folder next to this file and a line here. */
export const channelKinds: readonly ChannelKind[] = [
  webhookChannel,
  ntfyChannel,
  telegramChannel,
  gotifyChannel,
  discordChannel,
  slackChannel,
  pushoverChannel,
  mqttChannel,
  emailChannel,
  matrixChannel,
  homeAssistantChannel,
  topicChannel,
] as readonly ChannelKind<never, never>[] as readonly ChannelKind[];

const byKind = new Map(channelKinds.map((c) => [c.kind, c]));

export function channelKind(kind: string): ChannelKind | undefined {
  return byKind.get(kind);
}

const byScheme = new Map(channelKinds.flatMap((c) => (c.url?.schemes ?? []).map((scheme) => [scheme, c])));

/** The kind that reads URLs of this scheme (`tgram`, `mailtos`), from the schemes the kinds declare. */
export function channelKindForScheme(scheme: string): ChannelKind | undefined {
  return byScheme.get(scheme.toLowerCase());
}

/** Every scheme some kind reads, for messages that list them. */
export function channelUrlSchemes(): string[] {
  return [...byScheme.keys()].sort();
}
