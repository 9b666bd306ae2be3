import { compileGlob } from '../domain/glob.ts';
import type { TemplateBodies } from '../render/message.ts';
import type { SourceKind } from './source.ts';

/**
 * The template a kind ships for an event type, used when the rule names none: the first glob of the kind's
 * `defaultTemplates` that matches, in the order the kind lists them.
 */
export function defaultTemplateFinder(kinds: readonly SourceKind[]) {
  const byKind = new Map(
    kinds.map((kind) => [
      kind.kind,
      Object.entries(kind.defaultTemplates ?? {}).map(([glob, bodies]) => ({
        matches: compileGlob(glob),
        bodies,
      })),
    ]),
  );
  return (kind: string, eventType: string): TemplateBodies | null =>
    byKind.get(kind)?.find((entry) => entry.matches(eventType))?.bodies ?? null;
}
