import { severityEmoji } from '../../render/filters.ts';
import type { RenderedMessage } from '../../render/message.ts';
import { truncateText } from '../../render/text-escaping.ts';
import { publicImageUrl } from '../public-image.ts';

/** Block Kit limits (docs.slack.dev/reference/block-kit/blocks): a header's text, a section's, a message's. */
const headerMax = 150;
const sectionMax = 3000;
const blocksMax = 50;
/** The top-level `text` is the notification and screen-reader fallback: short is what shows anyway. */
const fallbackMax = 3000;

export interface SlackBlock {
  type: string;
  [field: string]: unknown;
}

/** The fields shared by an incoming webhook post and `chat.postMessage`. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

/**
 * mrkdwn's control characters (docs.slack.dev "Formatting text for app surfaces"): escaping them is what
 * keeps an event quoting `<!channel>` or `<@U123>` from pinging anyone, and a `<url|label>` from a sender
 * from becoming a disguised link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * One message: the title as a header, the body in sections of at most 3,000 characters, a context line
 * with severity, type and tags, the first public image, and a button to the event's URL.
 */
export function slackMessage(message: RenderedMessage): SlackMessage {
  const title = message.title.trim();
  const body = escapeMrkdwn(message.body.trim());
  const blocks: SlackBlock[] = [];
  if (title !== '') {
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: truncateText(title, headerMax), emoji: true },
    });
  }
  // Leave room for the context, image and button blocks after the body's sections.
  const sections = chunks(body, sectionMax).slice(0, blocksMax - 4);
  for (const text of sections) blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  const context = [`${severityEmoji(message.severity)} ${message.severity}`.trim(), message.eventType];
  if (message.tags.length > 0) context.push(message.tags.join(', '));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(context.join(' · ')) }] });
  // Slack fetches an image block's URL itself.
  const image = publicImageUrl(message);
  if (image) blocks.push({ type: 'image', image_url: image, alt_text: truncateText(title || 'image', 2000) });
  if (message.url && message.url.length <= 3000) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open' }, url: message.url }],
    });
  }
  const fallback = [title, message.body.trim()].filter((part) => part !== '').join(': ');
  return {
    text: escapeMrkdwn(truncateText(fallback || message.eventType, fallbackMax)),
    blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** Splits at line ends where it can, so a section does not end mid-word; never cuts an `&amp;` in two. */
function chunks(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n', max);
    if (at < max / 2) at = max;
    const amp = rest.lastIndexOf('&', at);
    if (amp > at - 5 && rest.indexOf(';', amp) >= at) at = amp;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest !== '') out.push(rest);
  return out;
}
