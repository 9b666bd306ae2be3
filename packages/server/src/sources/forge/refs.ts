import type { SourceEvent } from '../../domain/event.ts';
import type { ForgePayload, MappingContext } from './payload.ts';
import { firstLine, isZeroSha, plural, shortRef } from './text.ts';

const maxCommitsInBody = 10;

/**
 * A push. One that creates or deletes a branch or tag is `branch.created`, `tag.deleted` and so on, the types
 * GitLab's pushes and Gitea's `create`/`delete` hooks have too: every forge sends the push, so it is the one
 * place a ref's birth and death are read from (see `mapRefHook` for the hooks that repeat it).
 */
export function mapPush(payload: ForgePayload, { base, where, who, repoUrl }: MappingContext): SourceEvent {
  const ref = payload.ref ?? '';
  const name = shortRef(ref);
  const kind = ref.startsWith('refs/tags/') ? 'tag' : 'branch';
  const commits = payload.commits ?? [];
  const count = payload.total_commits ?? commits.length;
  const lines = commits
    .slice(0, maxCommitsInBody)
    .map((c) => `${(c.id ?? '').slice(0, 7)} ${firstLine(c.message)}`);
  if (commits.length > maxCommitsInBody) lines.push(`… and ${commits.length - maxCommitsInBody} more`);
  const data = { ...base.data, ref: name, ref_type: kind, commits: count };
  const url = payload.compare_url || payload.compare || repoUrl;

  if (payload.deleted || isZeroSha(payload.after)) {
    return {
      ...base,
      type: `${kind}.deleted`,
      title: `${where}: ${who} deleted ${kind} ${name}`,
      body: '',
      url: repoUrl,
      data,
    };
  }
  if (payload.created || isZeroSha(payload.before)) {
    // Gitea lists the newest commits of a new branch whether they are new or not, so the title counts none.
    const head = payload.head_commit;
    const body =
      lines.length > 0
        ? lines.join('\n')
        : head
          ? `${(head.id ?? '').slice(0, 7)} ${firstLine(head.message)}`
          : '';
    return {
      ...base,
      type: `${kind}.created`,
      title: `${where}: ${who} created ${kind} ${name}`,
      body,
      url,
      data,
    };
  }
  const sha = (payload.after ?? '').slice(0, 7);
  const verb = payload.forced ? 'force-pushed' : 'pushed';
  const title =
    count > 0
      ? `${where}: ${who} ${verb} ${plural(count, 'commit')} to ${name}`
      : `${where}: ${who} ${payload.forced ? 'force-pushed' : 'moved'} ${name} to ${sha}`;
  return { ...base, type: 'push', title, body: lines.join('\n'), url, data };
}

/**
 * GitHub's and Gitea's `create` and `delete` hooks. The push of the same ref already made the event, so a
 * second one would notify twice: they make none, except Gitea's deleted branch, which comes with no push.
 */
export function mapRefHook(
  header: 'create' | 'delete',
  payload: ForgePayload,
  { base, where, who, repoUrl }: MappingContext,
  deletedBranchHasPush: boolean,
): SourceEvent | null {
  const kind = payload.ref_type === 'tag' ? 'tag' : 'branch';
  if (header === 'create' || kind === 'tag' || deletedBranchHasPush) return null;
  const name = shortRef(payload.ref);
  return {
    ...base,
    type: 'branch.deleted',
    title: `${where}: ${who} deleted branch ${name}`,
    body: '',
    url: repoUrl,
    data: { ...base.data, ref: name, ref_type: kind },
  };
}
