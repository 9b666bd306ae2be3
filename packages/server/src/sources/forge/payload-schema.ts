import { Type } from 'typebox';
import { maybe, maybeText } from '../payload-shape.ts';

const user = maybe(Type.Object({ login: maybeText(), username: maybeText(), html_url: maybeText() }));
const issueFields = {
  number: maybe(Type.Number()),
  title: maybeText(),
  html_url: maybeText(),
  body: maybeText(),
};

/** The fields of a Gitea, Forgejo or GitHub payload that map-event.ts reads, with the types it reads them as. */
export const ForgePayloadSchema = Type.Object({
  action: maybeText(),
  ref: maybeText(),
  ref_type: maybeText(),
  compare_url: maybeText(),
  compare: maybeText(),
  workflow_run: maybe(
    Type.Object({
      name: maybeText(),
      conclusion: maybeText(),
      html_url: maybeText(),
      head_branch: maybeText(),
    }),
  ),
  commits: maybe(Type.Array(Type.Object({ id: maybeText(), message: maybeText() }))),
  repository: maybe(Type.Object({ name: maybeText(), full_name: maybeText(), html_url: maybeText() })),
  sender: user,
  pusher: user,
  issue: maybe(Type.Object(issueFields)),
  pull_request: maybe(Type.Object({ ...issueFields, merged: maybe(Type.Boolean()) })),
  comment: maybe(Type.Object({ body: maybeText(), html_url: maybeText() })),
  release: maybe(
    Type.Object({ tag_name: maybeText(), name: maybeText(), html_url: maybeText(), body: maybeText() }),
  ),
});
