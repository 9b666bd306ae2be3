import { alertmanagerSource } from './alertmanager/index.ts';
import { appriseSource } from './apprise/index.ts';
import { bridgeSource } from './bridge/index.ts';
import { discordSource } from './discord/index.ts';
import { forgejoSource } from './forgejo/index.ts';
import { giteaSource } from './gitea/index.ts';
import { githubSource } from './github/index.ts';
import { gitlabSource } from './gitlab/index.ts';
import { gotifySource } from './gotify/index.ts';
import { ntfySource } from './ntfy/index.ts';
import { plankaSource } from './planka/index.ts';
import { slackSource } from './slack/index.ts';
import type { SourceKind } from './source.ts';
import { webhookSource } from './webhook/index.ts';

/** Every source kind. Adding one is a folder next to this file and a line here. */
export const sourceKinds: readonly SourceKind[] = [
  webhookSource,
  giteaSource,
  forgejoSource,
  githubSource,
  gitlabSource,
  alertmanagerSource,
  plankaSource,
  gotifySource,
  ntfySource,
  appriseSource,
  slackSource,
  discordSource,
  bridgeSource,
] as readonly SourceKind<never>[] as readonly SourceKind[];

const byKind = new Map(sourceKinds.map((s) => [s.kind, s]));

export function sourceKind(kind: string): SourceKind | undefined {
  return byKind.get(kind);
}
