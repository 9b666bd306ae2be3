import type { TemplateBodies } from '../../render/message.ts';

// Shared by the forges: the mapping already writes a one-line title and a short body, so the templates
// only lay them out per format (html output is escaped by the engine; markdown is escaped explicitly).
const link = (label: string) => ({
  text: `{% if event.url %}\n{{ event.url }}{% endif %}`,
  markdown: `{% if event.url %}\n[${label}]({{ event.url | escape_markdown_url }}){% endif %}`,
  html: `{% if event.url %}\n<a href="{{ event.url }}">${label}</a>{% endif %}`,
});

const push = link('Compare');
const other = link('Open');

export const forgeTemplates: Record<string, TemplateBodies> = {
  push: {
    text: `{{ event.title }}\n{{ event.body }}${push.text}`,
    markdown: `**{{ event.title | escape_markdown }}**\n\`\`\`\n{{ event.body }}\n\`\`\`${push.markdown}`,
    html: `<b>{{ event.title }}</b>\n<pre>{{ event.body }}</pre>${push.html}`,
  },
  '**': {
    text: `{{ event.title }}{% if event.body != "" %}\n\n{{ event.body }}{% endif %}${other.text}`,
    markdown: `**{{ event.title | escape_markdown }}**{% if event.body != "" %}\n\n{{ event.body | escape_markdown }}{% endif %}${other.markdown}`,
    html: `<b>{{ event.title }}</b>{% if event.body != "" %}\n\n{{ event.body }}{% endif %}${other.html}`,
  },
};
