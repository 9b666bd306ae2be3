import { decodeHtmlEntities, escapeHtml } from '../../render/text-escaping.ts';

/**
 * The HTML subset of `org.matrix.custom.html` (spec.matrix.org/latest/client-server-api/#mroommessage-msgtypes):
 * these tags, and per tag only the attributes below. Clients sanitise too, but what we send should already
 * be what they show, and a template must not smuggle in a script or a tracking image.
 */
const allowedTags = new Set(
  (
    'font del h1 h2 h3 h4 h5 h6 blockquote p a ul ol sup sub li b i u strong em s code hr br div ' +
    'table thead tbody tr th td caption pre span img details summary'
  ).split(' '),
);

const voidTags = new Set(['br', 'hr', 'img']);

/** Tags whose content is not text to show: dropped with everything inside (mx-reply: the spec says so). */
const droppedWithContent = new Set(['script', 'style', 'head', 'title', 'textarea', 'template', 'mx-reply']);

/** Where a line break in the source is layout, not content: after these tags it is dropped. */
const blockTags = new Set(
  'p div ul ol li h1 h2 h3 h4 h5 h6 blockquote pre table thead tbody tr th td hr br details summary'.split(
    ' ',
  ),
);

const colour = /^#[0-9a-fA-F]{6}$/;
const anyText = /^[^\0]*$/;
const number = /^\d{1,6}$/;

/** The attributes each tag keeps, with the values the spec allows. */
const allowedAttributes: Record<string, Record<string, RegExp>> = {
  font: { 'data-mx-bg-color': colour, 'data-mx-color': colour, color: colour },
  span: {
    'data-mx-bg-color': colour,
    'data-mx-color': colour,
    'data-mx-spoiler': anyText,
    'data-mx-maths': anyText,
  },
  a: { href: /^(https?|ftp|mailto|magnet):/i },
  // Only content of the homeserver: an http(s) image would be fetched by every reader's client.
  img: { src: /^mxc:\/\//, width: number, height: number, alt: anyText, title: anyText },
  ol: { start: number },
  code: { class: /^language-[\w+-]{1,40}$/ },
  div: { 'data-mx-maths': anyText },
};

const attributePattern = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function keptAttributes(tag: string, raw: string): string {
  const rules = allowedAttributes[tag];
  if (!rules) return '';
  let out = '';
  for (const match of raw.matchAll(attributePattern)) {
    const name = match[1]!.toLowerCase();
    const rule = rules[name];
    const written = match[2] ?? match[3] ?? match[4];
    if (!rule) continue;
    // A bare attribute (`<span data-mx-spoiler>`) is one with an empty value.
    const value = decodeHtmlEntities(written ?? '').trim();
    if (rule.test(value)) out += ` ${name}="${escapeHtml(value)}"`;
  }
  return out;
}

/** Text between tags as safe HTML: entities read, then escaped again, so none is doubled or lost. */
function safeText(raw: string, inPre: boolean, afterBlock: boolean): string {
  let text = escapeHtml(decodeHtmlEntities(raw));
  if (inPre) return text;
  // Matrix clients render formatted_body as HTML, where a line break is only a space.
  if (afterBlock) text = text.replace(/^\r?\n/, '');
  return text.replace(/\r?\n/g, '<br>');
}

/**
 * Any HTML as Matrix's subset: allowed tags kept with their allowed attributes and balanced, other tags
 * dropped with their text kept (script, style and the like with their content), line breaks as `<br>`.
 */
export function toMatrixHtml(html: string): string {
  const tagPattern = /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][\w-]*)([^<>]*)>/g;
  const open: string[] = [];
  let out = '';
  let last = 0;
  let afterBlock = false;
  let match: RegExpExecArray | null;
  for (match = tagPattern.exec(html); match !== null; match = tagPattern.exec(html)) {
    out += safeText(html.slice(last, match.index), open.includes('pre'), afterBlock);
    last = match.index + match[0].length;
    if (match[2] === undefined) continue; // a comment
    const closing = match[1] === '/';
    const name = match[2].toLowerCase();
    if (!closing && droppedWithContent.has(name)) {
      const end = new RegExp(`</${name}\\s*>`, 'i').exec(html.slice(last));
      last = end ? last + end.index + end[0].length : html.length;
      tagPattern.lastIndex = last;
      continue;
    }
    if (!allowedTags.has(name)) continue;
    afterBlock = blockTags.has(name);
    if (closing) {
      if (!open.includes(name)) continue;
      // Close whatever was left open inside it first, as a browser would.
      while (open.length > 0) {
        const top = open.pop()!;
        out += `</${top}>`;
        if (top === name) break;
      }
      continue;
    }
    if (name === 'a' && keptAttributes('a', match[3] ?? '') === '') continue; // a link to nowhere safe
    if (name === 'img' && !/ src="/.test(keptAttributes('img', match[3] ?? ''))) continue;
    out += `<${name}${keptAttributes(name, match[3] ?? '')}>`;
    if (!voidTags.has(name)) open.push(name);
  }
  out += safeText(html.slice(last), open.includes('pre'), afterBlock);
  while (open.length > 0) out += `</${open.pop()}>`;
  return out;
}
