import type { IngressHead } from '../source.ts';

/**
 * ntfy's publish parameters as its server reads them (docs.ntfy.sh/publish/#list-of-all-parameters): each by
 * a list of names, tried in order, each name first as a header and then as a query parameter. JSON
 * publishing then sets the fields its JSON has, over these: ntfy turns the JSON into `X-` headers, so a
 * header the JSON does not set still counts (Apprise sends `X-Priority`, `X-Tags`, `X-Click` beside JSON).
 */
export interface PublishParams {
  title?: string;
  message?: string;
  priority?: string | number;
  tags?: string[];
  click?: string;
  icon?: string;
  attach?: string;
  filename?: string;
  markdown?: boolean;
  delay?: string;
  email?: string;
  actions?: string;
}

const names = {
  title: ['x-title', 'title', 't'],
  message: ['x-message', 'message', 'm'],
  priority: ['x-priority', 'priority', 'prio', 'p'],
  tags: ['x-tags', 'tags', 'tag', 'ta'],
  click: ['x-click', 'click'],
  icon: ['x-icon', 'icon'],
  attach: ['x-attach', 'attach', 'a'],
  filename: ['x-filename', 'filename', 'file', 'f'],
  markdown: ['x-markdown', 'markdown', 'md'],
  delay: ['x-delay', 'delay', 'x-at', 'at', 'x-in', 'in'],
  email: ['x-email', 'x-e-mail', 'email', 'e-mail', 'mail', 'e'],
  actions: ['x-actions', 'actions', 'action'],
} as const;

/** The first of `candidates` the request sets, as a header or a query parameter; '' counts as unset. */
export function readParam(head: IngressHead, candidates: readonly string[]): string | undefined {
  for (const name of candidates) {
    const value = head.headers[name] ?? head.query[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

const truthy = (value: string | undefined) => ['1', 'yes', 'true'].includes((value ?? '').toLowerCase());

function splitTags(value: string | undefined): string[] | undefined {
  const tags = value
    ?.split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  return tags?.length ? tags : undefined;
}

/** What the headers and query of a publish request set. */
export function paramsOfHead(head: IngressHead): PublishParams {
  const params: PublishParams = {};
  for (const key of ['title', 'message', 'priority', 'click', 'icon', 'attach', 'filename'] as const) {
    const value = readParam(head, names[key]);
    if (value !== undefined) params[key] = value;
  }
  for (const key of ['delay', 'email', 'actions'] as const) {
    const value = readParam(head, names[key]);
    if (value !== undefined) params[key] = value;
  }
  const tags = splitTags(readParam(head, names.tags));
  if (tags) params.tags = tags;
  // A text/markdown body is Markdown too (docs.ntfy.sh/publish/#markdown-formatting).
  const contentType = head.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (truthy(readParam(head, names.markdown)) || contentType === 'text/markdown') params.markdown = true;
  return params;
}

/** JSON publishing as ntfy reads it: what the JSON sets wins, the rest stays as the headers set it. */
export interface JsonPublish {
  topic: string;
  message?: string | null;
  title?: string | null;
  tags?: string[] | null;
  priority?: number | string | null;
  click?: string | null;
  icon?: string | null;
  attach?: string | null;
  filename?: string | null;
  markdown?: boolean | null;
  delay?: string | null;
  email?: string | null;
  actions?: unknown;
}

export function overlayJson(head: PublishParams, json: JsonPublish): PublishParams {
  const params: PublishParams = { ...head };
  for (const key of ['title', 'click', 'icon', 'attach', 'filename', 'delay', 'email'] as const) {
    const value = json[key];
    if (typeof value === 'string' && value !== '') params[key] = value;
  }
  // ntfy skips a priority of 0 and an empty tag list, as it skips empty strings.
  if (json.priority !== undefined && json.priority !== null && json.priority !== 0 && json.priority !== '')
    params.priority = json.priority;
  if (json.tags?.length) params.tags = json.tags.map(String);
  if (json.markdown === true) params.markdown = true;
  // The JSON's message is the body; an empty one leaves a Message header, as ntfy's empty body does.
  if (typeof json.message === 'string' && json.message.trim() !== '') params.message = json.message.trim();
  return params;
}
