import { type FS, Liquid } from 'liquidjs';
import { registerBridgeFilters } from './filters.ts';

/** LiquidJS's cooperative limits (https://liquidjs.com/tutorials/dos.html); the hard stop is the worker. */
export interface LiquidLimits {
  /** Most characters of template source one parse may read. */
  parseLimit: number;
  /** Milliseconds one render may take, checked between template nodes. */
  renderLimit: number;
  /** Most string characters and array items one render may allocate. */
  memoryLimit: number;
}

// Templates come from users and must not read the server's files: every lookup fails.
const noFileSystem: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => {
    throw new Error('templates cannot read files');
  },
  readFileSync: () => {
    throw new Error('templates cannot read files');
  },
  resolve: (_dir, file) => file,
  contains: async () => false,
  containsSync: () => false,
};

// These tags load other templates by name; a stored template has nothing to load, so they fail at parse
// time (and so in validate()) with a message that says what to do instead.
const fileTags = ['include', 'render', 'layout'] as const;

function refuseFileTag(liquid: Liquid, name: string): void {
  liquid.registerTag(name, {
    parse() {
      throw new Error(
        `{% ${name} %} is not available: a template cannot load other templates; inline the text`,
      );
    },
    render() {
      return '';
    },
  });
}

/**
 * A LiquidJS engine for untrusted templates. `html` engines escape every `{{ }}` output (write
 * `| raw` for trusted markup), because an html body is markup and an unescaped event field could break
 * it or inject links. Text and markdown engines do not: in text nothing needs escaping, and in markdown
 * which characters matter depends on where the value sits, so the template says `| escape_markdown`
 * (or `| escape_markdown_url` inside a link's parentheses) where it wants it.
 */
export function createLiquidEngine(limits: LiquidLimits, options: { html: boolean }): Liquid {
  const liquid = new Liquid({
    // Only the context's own fields are visible: `{{ event.constructor }}` renders nothing.
    ownPropertyOnly: true,
    // A misspelt filter is an error at parse time, not a silently dropped value.
    strictFilters: true,
    fs: noFileSystem,
    root: [],
    partials: [],
    layouts: [],
    relativeReference: false,
    dynamicPartials: false,
    parseLimit: limits.parseLimit,
    renderLimit: limits.renderLimit,
    memoryLimit: limits.memoryLimit,
    ...(options.html ? { outputEscape: 'escape' as const } : {}),
  });
  for (const name of fileTags) refuseFileTag(liquid, name);
  registerBridgeFilters(liquid, options);
  return liquid;
}
