/**
 * Where requests carry credentials, for the logger to leave them out. Source kinds declare theirs and
 * app.ts hands the union here; the logger itself knows no kind.
 */
export interface LogCredentials {
  /** URL paths with credentials in them: a Fastify pattern (`/slack/:token`) and which parameters to hide. */
  paths: readonly { url: string; params: readonly string[] }[];
  /** Query parameters whose values are credentials, on any URL. */
  query: readonly string[];
  /** Lower-case header names whose values are credentials. */
  headers: readonly string[];
}

export const noLogCredentials: LogCredentials = { paths: [], query: [], headers: [] };

export const REDACTED = '[redacted]';

interface PathPattern {
  /** One entry per non-empty segment: a literal to match (lower-case), or null for a parameter. */
  segments: (string | null)[];
  /** Indexes into `segments` of the parameters to hide. */
  hidden: number[];
}

function compilePath(path: { url: string; params: readonly string[] }): PathPattern | undefined {
  const segments: (string | null)[] = [];
  const hidden: number[] = [];
  for (const segment of path.url.split('/').filter(Boolean)) {
    if (!segment.startsWith(':')) {
      segments.push(segment.toLowerCase());
      continue;
    }
    if (path.params.includes(segment.slice(1))) hidden.push(segments.length);
    segments.push(null);
  }
  return hidden.length > 0 ? { segments, hidden } : undefined;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/**
 * Hides credentials in URLs and in text that may quote them. A pattern matches wherever its segments
 * appear in a path (so a full URL, a prefix or doubled slashes change nothing), compared decoded and
 * without case: hiding a harmless segment costs less than showing a token. Query parameter names are
 * compared decoded too, as the query parser sees them.
 */
export function credentialRedactor(credentials: LogCredentials) {
  const patterns = credentials.paths.map(compilePath).filter((p) => p !== undefined);
  const query = new Set(credentials.query.map((name) => name.toLowerCase()));

  function redactPath(path: string): string {
    if (patterns.length === 0) return path;
    const parts = path.split('/');
    const filled = parts.flatMap((part, index) => (part ? [index] : []));
    const names = filled.map((index) => decoded(parts[index]!).toLowerCase());
    for (const pattern of patterns) {
      for (let start = 0; start + pattern.segments.length <= names.length; start++) {
        const fits = pattern.segments.every((literal, i) => literal === null || literal === names[start + i]);
        if (!fits) continue;
        for (const i of pattern.hidden) parts[filled[start + i]!] = REDACTED;
      }
    }
    return parts.join('/');
  }

  function redactQuery(search: string): string {
    if (query.size === 0) return search;
    return search
      .split('&')
      .map((pair) => {
        const equals = pair.indexOf('=');
        const name = equals < 0 ? pair : pair.slice(0, equals);
        return query.has(decoded(name).toLowerCase()) ? `${name}=${REDACTED}` : pair;
      })
      .join('&');
  }

  function url(raw: string): string {
    const mark = raw.indexOf('?');
    if (mark < 0) return redactPath(raw);
    return `${redactPath(raw.slice(0, mark))}?${redactQuery(raw.slice(mark + 1))}`;
  }

  return {
    url,
    /** Every path-like run in free text (a message, a stack), redacted as a URL. */
    text(value: string): string {
      return value.includes('/') ? value.replace(/\/[^\s"'<>`]*/g, url) : value;
    },
  };
}

export type CredentialRedactor = ReturnType<typeof credentialRedactor>;
