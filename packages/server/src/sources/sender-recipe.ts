/**
 * What to paste into a sender so it reaches a source: a command to run, a part of the sender's config file,
 * or the fields of its webhook settings page. A recipe never holds a secret: it names it as a placeholder
 * (`<secret>`), since the API never returns one.
 */
export interface SenderRecipe {
  format: 'shell' | 'yaml' | 'steps';
  text: string;
}

export interface RecipeContext<Config> {
  /** The origin senders reach the bridge at: NB_PUBLIC_URL's, else the one the asking request came to. */
  origin: string;
  /** `<origin>/hooks/<source id>`. */
  hookUrl: string;
  /** The source's config without its secret fields. */
  config: Partial<Config>;
}

/** One shell word: single quotes, with any single quote in it closed, escaped and reopened. */
export function shellWord(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** One YAML scalar: single quotes, a single quote in it doubled. */
export function yamlWord(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A `curl` of `url`, its options one a line (`-H ...`, `-d ...`), as people paste it. */
export function curl(url: string, options: readonly string[], method?: 'POST'): string {
  return [`curl ${method ? `-X ${method} ` : ''}${shellWord(url)}`, ...options].join(' \\\n  ');
}

/** `curl` posting `json` to `url` with these extra options. */
export function curlJson(url: string, json: unknown, extra: readonly string[] = []): string {
  return curl(
    url,
    [...extra, `-H 'Content-Type: application/json'`, `-d ${shellWord(JSON.stringify(json))}`],
    'POST',
  );
}

export const sampleNotification = { title: 'Backup finished', message: '12 GB in 4 minutes' };

/** For a push kind that has no recipe of its own: JSON to its /hooks URL. */
export function defaultRecipe(hookUrl: string): SenderRecipe {
  return { format: 'shell', text: curlJson(hookUrl, sampleNotification) };
}

/** A settings page's fields as aligned `label: value` lines under where to find the page. */
export function settingsSteps(where: string, fields: readonly (readonly [string, string])[]): SenderRecipe {
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  return {
    format: 'steps',
    text: [where, ...fields.map(([label, value]) => `  ${`${label}:`.padEnd(width)} ${value}`)].join('\n'),
  };
}
