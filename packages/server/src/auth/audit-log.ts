import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { SecretBox } from '../security/secret-box.ts';

/**
 * The audit log: who did what and when. Every entry is written here and nowhere else. A change to a
 * resource passes the resource as the API shows it (secret config fields already left out by the kinds'
 * secret field lists, write-only as everywhere in the API), before and after; this file keeps only what
 * changed, and drops anything sealed that slipped through. Callers hand in the transaction of the change
 * itself, so a change and its entry commit together or not at all.
 */

export const auditResourceTypes = [
  'source',
  'target',
  'receiver',
  'rule',
  'template',
  'silence',
  'user',
  'token',
  'session',
  'delivery',
] as const;
export type AuditResourceType = (typeof auditResourceTypes)[number];

/** How the actor proved who they are. */
export type AuditVia =
  | 'session'
  | 'token'
  | 'setup'
  | 'cli'
  | 'password'
  | 'oidc'
  | 'proxy'
  | 'bot'
  | 'system';

export interface AuditActor {
  /** Null when nobody proved who they are: a failed or locked sign-in. */
  userId: string | null;
  via: AuditVia;
  address: string | null;
}

/** A resource as the API shows it: a JSON object without secrets. */
export type AuditView = Record<string, unknown>;

export interface AuditEntry {
  /** `<resource type>.<verb>` (`source.update`) or an account event (`sign-in.failed`). */
  action: string;
  resourceType?: AuditResourceType | undefined;
  resourceId?: string | undefined;
  /** The resource before the change (update, delete). */
  before?: AuditView | undefined;
  /** The resource after the change (create, update). */
  after?: AuditView | undefined;
  /** What else a reader needs: the name typed at a failed sign-in, how long a lock lasts. Never a secret. */
  detail?: Record<string, unknown> | undefined;
}

/** Fields whose change says nothing a reader needs: they change with every update. */
const noiseFields = new Set(['updatedAt']);

/** Writes one entry, in `db` (the change's own transaction where there is one). */
export async function recordAudit(
  db: Kysely<Schema>,
  at: number,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at,
      actor_id: actor.userId,
      via: actor.via,
      address: actor.address,
      action: entry.action,
      resource_type: entry.resourceType ?? null,
      resource_id: entry.resourceId ?? null,
      changes: changesOf(entry),
    })
    .execute();
}

/**
 * The stored `changes`: a create keeps `after`, a delete `before`, an update only the fields that differ
 * (`changed: { "config.url": { from, to } }`, nested objects by dotted path). Null when there is nothing.
 */
export function changesOf(entry: AuditEntry): string | null {
  const out: Record<string, unknown> = {};
  const before = entry.before && scrubbed(entry.before);
  const after = entry.after && scrubbed(entry.after);
  if (before && after) {
    const changed = diff(flatten(before), flatten(after));
    if (Object.keys(changed).length > 0) out.changed = changed;
  } else if (after) {
    out.after = after;
  } else if (before) {
    out.before = before;
  }
  if (entry.detail) out.detail = scrubbed(entry.detail);
  return Object.keys(out).length === 0 ? null : JSON.stringify(out);
}

type Flat = Record<string, unknown>;

function flatten(value: Record<string, unknown>, prefix = '', out: Flat = {}): Flat {
  for (const [key, inner] of Object.entries(value)) {
    if (noiseFields.has(key) && prefix === '') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(inner) && Object.keys(inner).length > 0) flatten(inner, path, out);
    else out[path] = inner;
  }
  return out;
}

function diff(before: Flat, after: Flat): Record<string, { from: unknown; to: unknown }> {
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const path of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const from = before[path];
    const to = after[path];
    if (JSON.stringify(from) !== JSON.stringify(to)) changed[path] = { from: from ?? null, to: to ?? null };
  }
  return changed;
}

/** A copy without sealed values: a view should never hold one, and if one did it stays out of the log. */
function scrubbed<T>(value: T): T {
  if (SecretBox.isSealed(value)) return '[secret]' as T;
  if (Array.isArray(value)) return value.map(scrubbed) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, scrubbed(inner)])) as T;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deletes the entries older than `retentionMs`; returns how many went. */
export async function sweepAuditLog(db: Kysely<Schema>, now: number, retentionMs: number): Promise<number> {
  const result = await db
    .deleteFrom('audit_log')
    .where('at', '<', now - retentionMs)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
