/** Slack's message JSON (api.slack.com/messaging/webhooks, Block Kit), as far as we read it. */
interface TextObject {
  type?: string;
  text?: string;
}
interface Block {
  type?: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: unknown[];
}
interface Attachment {
  pretext?: string;
  title?: string;
  title_link?: string;
  text?: string;
  fallback?: string;
  color?: string;
  fields?: { title?: string; value?: string }[];
}
export interface SlackMessage {
  text?: string;
  blocks?: Block[];
  attachments?: Attachment[];
}

/** Slack mrkdwn to CommonMark: `<url|label>` links, `*bold*`, `~strike~`; `_italic_` reads the same. */
export function mrkdwnToMarkdown(text: string): string {
  return text
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '[$2]($1)')
    .replace(/<(https?:[^>]+)>/g, '<$1>')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,!?:;]|$)/g, '$1**$2**')
    .replace(/(^|[\s(])~([^~\n]+)~(?=[\s).,!?:;]|$)/g, '$1~~$2~~');
}

/** The same text without markup, for titles and text channels. */
export function mrkdwnToText(text: string): string {
  return text
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/(^|[\s(])[*_~]([^*_~\n]+)[*_~](?=[\s).,!?:;]|$)/g, '$1$2');
}

/** `value[name]` when it is a string. */
function stringAt(value: unknown, name: string): string | undefined {
  const field =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
  return typeof field === 'string' ? field : undefined;
}

/** A rich text element's text: its sections' text runs and links, joined. */
function richText(element: unknown): string {
  const runs =
    typeof element === 'object' && element !== null ? (element as { elements?: unknown }).elements : [];
  return Array.isArray(runs)
    ? runs.map((run) => stringAt(run, 'text') ?? stringAt(run, 'url') ?? '').join('')
    : '';
}

/** Every readable line of a message: its text, its blocks, its legacy attachments, in order. */
export function flattenSlackMessage(message: SlackMessage): { lines: string[]; firstUrl?: string } {
  const lines: string[] = [];
  let firstUrl: string | undefined;
  const add = (text: string | undefined) => {
    if (text?.trim()) lines.push(text.trim());
  };
  add(message.text);
  for (const block of message.blocks ?? []) {
    if (block.type === 'header' || block.type === 'section') add(block.text?.text);
    for (const field of block.fields ?? []) add(field.text);
    if (block.type === 'context') for (const element of block.elements ?? []) add(stringAt(element, 'text'));
    if (block.type === 'rich_text') for (const element of block.elements ?? []) add(richText(element));
  }
  for (const attachment of message.attachments ?? []) {
    add(attachment.pretext);
    add(
      attachment.title_link && attachment.title
        ? `<${attachment.title_link}|${attachment.title}>`
        : attachment.title,
    );
    firstUrl ??= attachment.title_link;
    add(attachment.text ?? attachment.fallback);
    for (const field of attachment.fields ?? [])
      add(field.title ? `*${field.title}*: ${field.value ?? ''}` : field.value);
  }
  return { lines, ...(firstUrl ? { firstUrl } : {}) };
}
