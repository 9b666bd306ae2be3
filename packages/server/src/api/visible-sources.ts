import type { Database } from '../db/open-database.ts';
import { sourceKinds } from '../sources/registry.ts';
import type { Scope } from './scope.ts';

const builtInKinds = sourceKinds.filter((kind) => kind.builtIn).map((kind) => kind.kind);

/**
 * The sources a caller may see and name in a rule's `sourceIds`: their own, and the built-in ones (the
 * bridge), which everyone shares because each of their events belongs to the user it is about.
 */
export function sourcesVisibleTo(database: Database, scope: Scope) {
  const owner = scope.ownerId;
  return database.db
    .selectFrom('sources')
    .$if(owner !== undefined, (qb) =>
      qb.where((eb) => eb.or([eb('owner_id', '=', owner!), eb('kind', 'in', builtInKinds)])),
    );
}
