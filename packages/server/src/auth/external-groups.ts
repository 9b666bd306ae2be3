import type { Role } from './users.ts';

/**
 * What a person's groups from elsewhere (an OpenID Connect claim, a proxy's Remote-Groups header) mean
 * here: whether they may sign in at all, and as which role. Pure, shared by both ways in.
 */
export interface GroupPolicy {
  /** Empty: anyone the issuer or proxy vouches for; otherwise only members of one of these. */
  allowedGroups: readonly string[];
  /** Members of this group are admins; undefined: nobody becomes admin this way. */
  adminGroup: string | undefined;
}

/** The role the groups give, or undefined when they give no way in. Group names match exactly. */
export function roleForGroups(groups: readonly string[], policy: GroupPolicy): Role | undefined {
  const isAdmin = policy.adminGroup !== undefined && groups.includes(policy.adminGroup);
  const allowed =
    policy.allowedGroups.length === 0 || isAdmin || groups.some((g) => policy.allowedGroups.includes(g));
  if (!allowed) return undefined;
  return isAdmin ? 'admin' : 'member';
}

/** A claim as a list of group names: an array of strings, or one string (some issuers send one group so). */
export function groupsOfClaim(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  return [];
}
