import { Type } from 'typebox';
import { maybe, maybeText } from '../payload-shape.ts';

const numbered = maybe(Type.Object({ iid: maybe(Type.Number()), title: maybeText() }));

/** The fields of a GitLab payload that map-event.ts reads, with the types it reads them as. */
export const GitLabPayloadSchema = Type.Object({
  object_kind: maybeText(),
  event_name: maybeText(),
  ref: maybeText(),
  user_name: maybeText(),
  user_username: maybeText(),
  user: maybe(Type.Object({ name: maybeText(), username: maybeText() })),
  project: maybe(Type.Object({ name: maybeText(), path_with_namespace: maybeText(), web_url: maybeText() })),
  commits: maybe(Type.Array(Type.Object({ id: maybeText(), message: maybeText(), title: maybeText() }))),
  total_commits_count: maybe(Type.Number()),
  checkout_sha: maybeText(),
  object_attributes: maybe(
    Type.Object({
      iid: maybe(Type.Number()),
      title: maybeText(),
      url: maybeText(),
      action: maybeText(),
      status: maybeText(),
      note: maybeText(),
      noteable_type: maybeText(),
      description: maybeText(),
      ref: maybeText(),
    }),
  ),
  merge_request: numbered,
  issue: numbered,
  name: maybeText(),
  tag: maybeText(),
  url: maybeText(),
  description: maybeText(),
  action: maybeText(),
});
