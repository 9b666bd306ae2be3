import { createHash } from 'node:crypto';
import { openFields, type SecretBox } from '../security/secret-box.ts';
import type { SourceKind } from '../sources/source.ts';

/** Keys are often tokens: only their SHA-256 is stored, and looked up. */
export function hashIngressKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The hashed ingress key of a source's stored (sealed) config, or null for kinds without one. */
export function ingressKeyOfStored(
  kind: SourceKind,
  storedConfig: string,
  box: SecretBox,
  rowId: string,
): string | null {
  if (!kind.ingressKey) return null;
  const config = openFields(box, JSON.parse(storedConfig), kind.secretFields, { table: 'sources', rowId });
  const key = kind.ingressKey(config as never);
  return key ? hashIngressKey(key) : null;
}
