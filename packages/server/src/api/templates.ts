import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { type Static, Type } from 'typebox';
import type { TemplatesTable } from '../db/schema.ts';
import { BridgeError } from '../errors.ts';
import { newId } from '../ids.ts';
import { parseJson } from '../json.ts';
import type { TemplateBodies } from '../render/message.ts';
import type { TemplateError } from '../render/template-error.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder, deleteAudited } from './audit-recorder.ts';
import { type BulkRequestBody, BulkResult, bulkSchema, runBulk } from './bulk.ts';
import { newestFirst, PageQuery, pageRequest, toPage } from './pagination.ts';
import { errorResponses, Id, IdParams, IsoTime, iso, Name, NoContent, PageOf } from './schemas.ts';
import { notFound, type Scope, scopeOf } from './scope.ts';

const Liquid = (description: string) => Type.Optional(Type.String({ maxLength: 100_000, description }));

export const Bodies = Type.Object(
  {
    title: Liquid('Liquid template of the title.'),
    text: Liquid('Liquid template of the plain-text body.'),
    markdown: Liquid('Liquid template of the Markdown body.'),
    html: Liquid('Liquid template of the HTML body.'),
  },
  { additionalProperties: false, description: 'At least one of text, markdown and html.' },
);

export const TemplateView = Type.Object({
  id: Id,
  name: Type.String(),
  bodies: Bodies,
  version: Type.Integer({ description: 'Starts at 1; every change adds one.' }),
  ownerId: Id,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});

const CreateTemplate = Type.Object({ name: Name, bodies: Bodies }, { additionalProperties: false });
const UpdateTemplate = Type.Object(
  { name: Type.Optional(Name), bodies: Type.Optional(Bodies) },
  { additionalProperties: false },
);
const ListQuery = Type.Object(PageQuery);

type TemplateRow = Selectable<TemplatesTable>;

function view(row: TemplateRow) {
  return {
    id: row.id,
    name: row.name,
    bodies: parseJson<TemplateBodies>(row.bodies),
    version: row.version,
    ownerId: row.owner_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** NB_ERR_TEMPLATE with the part, line and column of a template error in `details`. */
export function templateProblem(error: TemplateError): BridgeError {
  return new BridgeError('NB_ERR_TEMPLATE', error.message, error.toJSON());
}

/** Bodies that parse, checked; NB_ERR_TEMPLATE with the part, line and column of the first error otherwise. */
export function checkBodies(options: ApiOptions, bodies: TemplateBodies, path = '/bodies'): void {
  if (bodies.text === undefined && bodies.markdown === undefined && bodies.html === undefined) {
    throw new BridgeError('NB_ERR_VALIDATION', 'a template needs at least one body: text, markdown or html', [
      { path, message: 'no body' },
    ]);
  }
  const error = options.renderer.validate(bodies);
  if (error) throw templateProblem(error);
}

/** Bodies that parse, as JSON (checkBodies). */
function checkedBodies(options: ApiOptions, bodies: TemplateBodies): string {
  checkBodies(options, bodies);
  return JSON.stringify(bodies);
}

async function loadTemplate(options: ApiOptions, scope: Scope, id: string): Promise<TemplateRow> {
  const row = await options.database.db
    .selectFrom('templates')
    .selectAll()
    .where('id', '=', id)
    .$if(scope.ownerId !== undefined, (qb) => qb.where('owner_id', '=', scope.ownerId!))
    .executeTakeFirst();
  if (!row) throw notFound('template', id);
  return row;
}

/** /templates: Liquid text per format, versioned. Rules point at them. */
export async function templateRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;
  const tags = ['templates'];
  const audit = auditRecorder(options);

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/templates',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'List templates, newest first',
        querystring: ListQuery,
        response: { 200: PageOf(TemplateView), ...errorResponses() },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const page = pageRequest(request.query);
      const rows = await db
        .selectFrom('templates')
        .selectAll()
        .$if(scope.ownerId !== undefined, (qb) => qb.where('owner_id', '=', scope.ownerId!))
        .$call(newestFirst(page))
        .execute();
      return toPage(rows, page.limit, view);
    },
  );

  app.post<{ Body: Static<typeof CreateTemplate> }>(
    '/templates',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Create a template',
        body: CreateTemplate,
        response: { 201: TemplateView, ...errorResponses(422) },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const now = options.clock.now();
      const row: TemplateRow = {
        id: newId(),
        owner_id: scope.principal.userId,
        name: request.body.name,
        bodies: checkedBodies(options, request.body.bodies),
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('templates').values(row).execute();
        await audit(request, trx, {
          action: 'template.create',
          resourceType: 'template',
          resourceId: row.id,
          after: view(row),
        });
      });
      return reply.status(201).send(view(row));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/templates/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Get a template',
        params: IdParams,
        response: { 200: TemplateView, ...errorResponses(404) },
      },
    },
    async (request) => view(await loadTemplate(options, scopeOf(request), request.params.id)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateTemplate> }>(
    '/templates/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Change a template (its version goes up by one)',
        params: IdParams,
        body: UpdateTemplate,
        response: { 200: TemplateView, ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const row = await loadTemplate(options, scopeOf(request), request.params.id);
      const { name, bodies } = request.body;
      const updated: TemplateRow = {
        ...row,
        name: name ?? row.name,
        bodies: bodies === undefined ? row.bodies : checkedBodies(options, bodies),
        version: row.version + 1,
        updated_at: options.clock.now(),
      };
      // Guarded by the version read, so two concurrent edits cannot both claim the same next version.
      await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('templates')
          .set({
            name: updated.name,
            bodies: updated.bodies,
            version: updated.version,
            updated_at: updated.updated_at,
          })
          .where('id', '=', row.id)
          .where('version', '=', row.version)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) {
          throw new BridgeError(
            'NB_ERR_CONFLICT',
            'the template changed while this update was made; read it again and retry',
          );
        }
        await audit(request, trx, {
          action: 'template.update',
          resourceType: 'template',
          resourceId: row.id,
          before: view(row),
          after: view(updated),
        });
      });
      return view(updated);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/templates/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Delete a template (rules using it fall back to the default template)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const row = await loadTemplate(options, scopeOf(request), request.params.id);
      await deleteAudited(options, request, 'templates', row.id, view(row));
      await options.router.refresh();
      return reply.status(204).send();
    },
  );

  app.post<{ Body: BulkRequestBody }>(
    '/templates/bulk',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        ...bulkSchema(
          'Delete several templates at once',
          'Rules using them fall back to the default template.',
          ['delete'],
        ),
        response: { 200: BulkResult, ...errorResponses() },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      return runBulk(options, request, request.body, {
        table: 'templates',
        resourceType: 'template',
        load: (ids) =>
          db
            .selectFrom('templates')
            .selectAll()
            .where('id', 'in', ids)
            .$if(scope.ownerId !== undefined, (qb) => qb.where('owner_id', '=', scope.ownerId!))
            .execute(),
        view,
        afterCommit: () => options.router.refresh(),
      });
    },
  );
}
