/**
 * What an API token may do. Each scope includes the ones before it: `read` sees rows, `write` also changes
 * them (creates, edits, deletes, test sends, replays), `admin` also reaches every user's rows.
 */
export const tokenScopes = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof tokenScopes)[number];

/** The most a user's role allows; a token's scopes can narrow it, never widen it. */
const roleCeiling: Record<'admin' | 'member', TokenScope> = { admin: 'admin', member: 'write' };

/** All a role allows: what a signed-in session of the user grants. */
export function roleScope(role: 'admin' | 'member'): TokenScope {
  return roleCeiling[role];
}

export function isTokenScope(value: unknown): value is TokenScope {
  return typeof value === 'string' && (tokenScopes as readonly string[]).includes(value);
}

function rank(scope: TokenScope): number {
  return tokenScopes.indexOf(scope);
}

/**
 * The widest scope a token grants: the widest of its stored scopes, capped by its user's role; undefined
 * when it grants none. Unknown stored names grant nothing, so a typo fails closed.
 */
export function grantedScope(role: 'admin' | 'member', stored: readonly unknown[]): TokenScope | undefined {
  const known = stored.filter(isTokenScope);
  if (known.length === 0) return undefined;
  const widest = known.reduce((a, b) => (rank(a) >= rank(b) ? a : b));
  const ceiling = roleCeiling[role];
  return rank(widest) > rank(ceiling) ? ceiling : widest;
}

export function scopeAllows(granted: TokenScope | undefined, needed: TokenScope): boolean {
  return granted !== undefined && rank(granted) >= rank(needed);
}

/** `read,write` as typed on a command line: the scopes, or a message saying what to fix. */
export function parseTokenScopes(text: string): TokenScope[] | string {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return `name at least one scope: ${tokenScopes.join(', ')}`;
  const unknown = names.find((name) => !isTokenScope(name));
  if (unknown !== undefined) return `unknown scope "${unknown}"; the scopes are ${tokenScopes.join(', ')}`;
  return [...new Set(names as TokenScope[])];
}
