import { type Static, Type } from 'typebox';
import { maybe, maybeText, shapeProblem } from '../payload-shape.ts';
import { shellWord } from '../sender-recipe.ts';
import type { SourceKind } from '../source.ts';
import { constantTimeEqual } from '../webhook/auth.ts';
import { parseWebhookBody } from '../webhook/body.ts';
import { attachmentsOf, formFileAttachments } from '../webhook/mapping.ts';
import { notifyTypeSeverity } from '../webhook/severity.ts';

export const AppriseSourceConfigSchema = Type.Object(
  {
    key: Type.String({
      pattern: '^[A-Za-z0-9_-]{8,32}$',
      description:
        'The key in the notify URL (/apprise/notify/<key>); 8 to 32 of A–Z, 0–9, _ and -, as Apprise API allows.',
    }),
  },
  { additionalProperties: false },
);
export type AppriseSourceConfig = Static<typeof AppriseSourceConfigSchema>;

const tagsSchema = maybe(Type.Union([Type.String(), Type.Array(Type.String())]));
/** A notification as parse() reads it; `body` is checked there, with Apprise's words. */
const AppriseNotificationSchema = Type.Object({
  title: maybeText(),
  body: Type.Optional(Type.Unknown()),
  type: maybeText(),
  format: maybeText(),
  tag: tagsSchema,
  tags: tagsSchema,
});

const keyOf = (params: Record<string, string>) => params.key;
const keyInPath = (path: string) => /^\/apprise\/notify\/([^/]+)\/?$/.exec(path)?.[1];

/**
 * Drop-in Apprise API server for senders: `POST /apprise/notify/<key>` with `{title, body, type, tag(s),
 * format, attach}` as JSON, a urlencoded form or multipart (its files become attachments), answered 200 as
 * the Apprise API does. The key in the URL is the credential, as in the Apprise API; it is stored hashed
 * and compared in constant time.
 */
export const appriseSource: SourceKind<AppriseSourceConfig> = {
  kind: 'apprise',
  eventTypes: ['apprise.notification'],
  description: 'Accepts notifications from anything that calls the Apprise API (POST /apprise/notify/<key>).',
  configSchema: AppriseSourceConfigSchema,
  secretFields: ['key'],
  recipe({ origin }) {
    const { protocol, host } = new URL(origin);
    const scheme = protocol === 'https:' ? 'apprises' : 'apprise';
    return {
      format: 'shell',
      text: [
        `# Any Apprise (CLI, or an app with Apprise inside): notify ${scheme}://${host}/apprise/<key>`,
        `apprise -t 'Backup finished' -b '12 GB in 4 minutes' ${shellWord(`${scheme}://${host}/apprise/<key>`)}`,
        `# or the Apprise API itself: POST ${origin}/apprise/notify/<key>`,
      ].join('\n'),
    };
  },
  ingressKey: (config) => config.key,
  ingress: {
    routes: [{ methods: ['POST'], url: '/apprise/notify/:key', key: keyOf, credentialParams: ['key'] }],
    authenticate(head, config) {
      // Also reachable as /hooks/<source id>: without the key in the path, that must not get in.
      const key = keyInPath(head.path);
      return key && constantTimeEqual(key, config.key)
        ? { ok: true }
        : {
            ok: false,
            code: 'NB_ERR_UNAUTHORIZED',
            message: 'post to /apprise/notify/<key> with the source key',
          };
    },
    parse(request) {
      // The Apprise API takes multipart too (`curl -F body=... -F attach=@file`), each file an attachment.
      const parsed = parseWebhookBody(
        request.rawBody,
        request.headers['content-type'] ?? 'application/json',
        {
          multipart: true,
        },
      );
      if (!parsed.ok) return parsed;
      const fields = (
        parsed.payload.kind === 'text' ? { body: parsed.payload.value } : parsed.payload.value
      ) as Record<string, unknown>;
      const problem = shapeProblem(AppriseNotificationSchema, fields, 'an Apprise notification');
      if (problem) return problem;
      const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
      const body = text('body');
      if (!body)
        return {
          ok: false,
          code: 'NB_ERR_VALIDATION',
          message: 'Payload lacks minimum requirements: a body is required',
        };
      const tags = [fields.tag, fields.tags]
        .flatMap((value) =>
          Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [],
        )
        .map(String)
        .filter(Boolean);
      const type = text('type') || 'info';
      const warnings: string[] = [];
      const problems: string[] = [];
      const files = parsed.payload.kind === 'form' ? (parsed.payload.files ?? []) : [];
      // `attach` names URLs (one, a list, or comma-separated in a form), as the Apprise API reads it.
      const urls = [fields.attach]
        .flat()
        .flatMap((value) => (typeof value === 'string' ? value.split(',') : []));
      const attachments = [
        ...formFileAttachments(files, warnings, problems),
        ...(attachmentsOf(urls.map((url) => url.trim()).filter(Boolean), warnings, problems) ?? []),
      ];
      if (problems.length > 0) return { ok: false, code: 'NB_ERR_VALIDATION', message: problems.join('; ') };
      return {
        ok: true,
        events: [
          {
            type: 'apprise.notification',
            title: text('title') || 'Apprise',
            body,
            severity: notifyTypeSeverity(type) ?? 'info',
            tags,
            attachments,
            ...(warnings.length > 0 ? { warnings } : {}),
            data: { type, format: text('format') || 'text', title: text('title'), body, tags },
          },
        ],
      };
    },
    respond() {
      return { status: 200, body: { success: true } };
    },
  },
};
