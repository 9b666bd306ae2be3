import { parseJson } from '../json.ts';
import { openFields, type SecretBox } from '../security/secret-box.ts';
import type { SourceKind } from './source.ts';

/**
 * The dispatcher's view of `SourceKind.attachmentHeaders`: the source's config is unsealed only when one of
 * its events has an attachment URL to fetch.
 */
export function attachmentHeaderFinder(
  sourceKind: (kind: string) => SourceKind | undefined,
  secretBox: SecretBox,
) {
  return (source: { id: string; kind: string; config: string }, url: string) => {
    const kind = sourceKind(source.kind);
    if (!kind?.attachmentHeaders) return undefined;
    const config = openFields(secretBox, parseJson(source.config), kind.secretFields, {
      table: 'sources',
      rowId: source.id,
    });
    return kind.attachmentHeaders(config, url);
  };
}
