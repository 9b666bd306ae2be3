import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { pendingMigrations } from '../db/migrate.ts';
import type { Database } from '../db/open-database.ts';

/** `/healthz`: the process answers. `/readyz`: it can do its job (database, schema, dispatcher). */
export async function healthRoutes(
  app: FastifyInstance,
  options: { database: Database; dispatcherRunning(): boolean },
) {
  const tags = ['health'];
  app.get(
    '/healthz',
    {
      schema: {
        tags,
        summary: 'Liveness: the process answers',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' }),
  );
  // Applied migrations stay applied, so once the schema is current it need not be asked again.
  let migrationsApplied = false;
  const Readiness = Type.Object({
    status: Type.Union([Type.Literal('ready'), Type.Literal('not ready')]),
    checks: Type.Record(Type.String(), Type.String(), {
      description: 'database, migrations, dispatcher: "ok" or what is wrong.',
    }),
  });
  const readiness = {
    tags,
    summary: 'Readiness: the database answers, every migration is applied and the dispatcher runs',
    security: [],
    response: { 200: Readiness, 503: Readiness },
  };
  app.get('/readyz', { schema: readiness }, async (_request, reply) => {
    const checks: Record<string, string> = {};
    try {
      await sql`select 1`.execute(options.database.db);
      checks.database = 'ok';
      const pending = migrationsApplied ? [] : await pendingMigrations(options.database);
      migrationsApplied = pending.length === 0;
      checks.migrations = migrationsApplied ? 'ok' : `pending: ${pending.join(', ')}`;
    } catch (error) {
      checks.database = `unreachable: ${(error as Error).message}`;
    }
    checks.dispatcher = options.dispatcherRunning() ? 'ok' : 'stopped';
    const ready = Object.values(checks).every((v) => v === 'ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
}
