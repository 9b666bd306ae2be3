import { Type } from 'typebox';
import { Id } from './schemas.ts';
import { notFound } from './scope.ts';

/** What the bulk routes (`POST /<resource>/bulk`) share: one call for many rows, one audit entry per row. */
const bulkIdsMax = 500;

/** `{ ids, action }`: the shape of every bulk route; each lists its own actions. */
export function BulkBody<A extends string>(actions: readonly A[]) {
  return Type.Object(
    {
      ids: Type.Array(Id, { minItems: 1, maxItems: bulkIdsMax, uniqueItems: true }),
      action: Type.Enum(actions),
    },
    { additionalProperties: false },
  );
}

export const BulkResult = Type.Object({
  changed: Type.Array(Id, {
    description:
      'The rows the action changed, each with its own audit entry; a rule already in that state is left out.',
  }),
});

/** The first id of `wanted` that is not among `found`, as a 404. */
export function firstMissing(kind: string, wanted: readonly string[], found: readonly { id: string }[]) {
  const have = new Set(found.map((row) => row.id));
  const missing = wanted.find((id) => !have.has(id));
  return missing === undefined ? undefined : notFound(kind, missing);
}
