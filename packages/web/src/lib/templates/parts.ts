/** The bodies a template has besides its title, in the order the API and the preview list them. */
export const templateFormats = ['text', 'markdown', 'html'] as const;
export type TemplateFormat = (typeof templateFormats)[number];
export type TemplatePart = 'title' | TemplateFormat;

/** What the server says of a template that does not parse or render (NB_ERR_TEMPLATE's details). */
export interface TemplateProblem {
  reason: string;
  detail: string;
  part?: TemplatePart;
  line?: number;
  column?: number;
}

export function isTemplateProblem(value: unknown): value is TemplateProblem {
  return (
    typeof value === 'object' && value !== null && typeof (value as { detail?: unknown }).detail === 'string'
  );
}
