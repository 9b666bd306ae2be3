import type { TemplateBodies } from './message.ts';

/** The title every template gets unless it sets its own. */
export const defaultTitleTemplate = '{{ event.title }}';

// Shared pieces. The severity mark is only shown from warning up: an info symbol on every message is noise.
const severityMark =
  "{% case event.severity %}{% when 'warning', 'error', 'critical' %}{{ event.severity | severity_emoji }} {% endcase %}";
// Only http(s) links are offered: an event's url comes from outside and could be `javascript:`.
const urlIsWeb =
  "{% assign nb_scheme = event.url | split: ':' | first | downcase %}{% if nb_scheme == 'https' or nb_scheme == 'http' %}";

/**
 * The message a rule sends when it names no template: title, body, link and source, readable in each
 * format. Markdown uses CommonMark's `**bold**`; a channel with its own dialect converts or prefers html.
 */
export const defaultTemplate: Readonly<Required<TemplateBodies>> = Object.freeze({
  title: defaultTitleTemplate,
  text: [
    `${severityMark}{{ event.title }}`,
    '{% if event.body != blank %}\n{{ event.body }}{% endif %}',
    `{% if event.url != blank %}${urlIsWeb}\n{{ event.url }}{% endif %}{% endif %}`,
    '{% if source.name != blank %}\n— {{ source.name }}{% endif %}',
  ].join(''),
  markdown: [
    `${severityMark}**{{ event.title | escape_markdown }}**`,
    '{% if event.body != blank %}\n{{ event.body | escape_markdown }}{% endif %}',
    `{% if event.url != blank %}${urlIsWeb}\n[Open]({{ event.url | escape_markdown_url }}){% endif %}{% endif %}`,
    '{% if source.name != blank %}\n_{{ source.name | escape_markdown }}_{% endif %}',
  ].join(''),
  // Output is html-escaped by the html engine; newlines stay newlines (Telegram's HTML has no <br>).
  html: [
    `${severityMark}<b>{{ event.title }}</b>`,
    '{% if event.body != blank %}\n{{ event.body }}{% endif %}',
    `{% if event.url != blank %}${urlIsWeb}\n<a href="{{ event.url }}">Open</a>{% endif %}{% endif %}`,
    '{% if source.name != blank %}\n<i>{{ source.name }}</i>{% endif %}',
  ].join(''),
});
