import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { channelKind } from '../channels/registry.ts';
import { targetOfUrl, urlOfTarget } from '../channels/target-from-url.ts';
import { BridgeError } from '../errors.ts';
import { newId } from '../ids.ts';
import { parseJson } from '../json.ts';
import { openFields } from '../security/secret-box.ts';
import { scopeAllows } from '../security/token-scopes.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder } from './audit-recorder.ts';
import { missingScope } from './auth.ts';
import { assertMatchesSchema, kindSchemasRoute, sealedConfig } from './kind-config.ts';
import { type ReceiverRow, ReceiverView, receiverView } from './receivers.ts';
import { errorResponses, IdParams, Name } from './schemas.ts';
import { scopeOf } from './scope.ts';
import { defaultTargetConcurrency, loadTarget, type TargetRow, TargetView, targetView } from './targets.ts';

const urlDoc =
  'An Apprise-style URL (tgram://, mailtos://, ntfys://, discord://, slack://, gotifys://, pover://, jsons://, mqtt://); the README\'s "Targets from URLs" lists the forms.';

const CreateFromUrl = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 8192, description: urlDoc }),
    name: Type.Optional(Name),
  },
  { additionalProperties: false },
);

const CreatedFromUrl = Type.Object({ target: TargetView, receivers: Type.Array(ReceiverView) });

const ExportQuery = Type.Object({
  secrets: Type.Optional(
    Type.Boolean({
      default: false,
      description: `Put the secrets into the URL (needs the write scope); else each is replaced by ***.`,
    }),
  ),
});
const ExportedUrl = Type.Object({ url: Type.String({ description: urlDoc }) });

/** A receiver's name from its address: its first plain value (a chat id, a topic, an e-mail address). */
function receiverName(address: unknown, fallback: string): string {
  const first = Object.values(address as Record<string, unknown>).flat()[0];
  return typeof first === 'string' || typeof first === 'number' ? String(first).slice(0, 200) : fallback;
}

/** /targets/from-url and /targets/:id/url: a target and its receivers made from, and written as, one URL. */
export async function targetUrlRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;
  const tags = ['targets'];
  const audit = auditRecorder(options);

  app.post<{ Body: Static<typeof CreateFromUrl> }>(
    '/targets/from-url',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Create a target and its receivers from an Apprise-style URL',
        description:
          'One transaction: the target with its secrets sealed, and a receiver per chat, topic, channel or recipient list the URL names. Errors say what is wrong without quoting the URL.',
        body: CreateFromUrl,
        response: { 201: CreatedFromUrl, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const target = targetOfUrl(request.body.url);
      if (typeof target === 'string') {
        throw new BridgeError('NB_ERR_VALIDATION', `url ${target}`, [{ path: '/url', message: target }]);
      }
      const { channel } = target;
      const id = newId();
      const now = options.clock.now();
      const name = request.body.name ?? `${channel.kind} from URL`;
      const row: TargetRow = {
        id,
        owner_id: scope.principal.userId,
        kind: channel.kind,
        name,
        config: sealedConfig({
          box: options.secretBox,
          table: 'targets',
          rowId: id,
          kind: channel,
          incoming: target.config,
        }),
        concurrency: defaultTargetConcurrency,
        rate_limit: null,
        enabled: 1,
        created_at: now,
        updated_at: now,
      };
      const receivers: ReceiverRow[] = target.addresses.map((address, index) => {
        assertMatchesSchema(
          channel.addressSchema,
          address,
          `/addresses/${index}`,
          `receiver ${index + 1} the URL names (a "${channel.kind}" address)`,
          kindSchemasRoute.targets,
        );
        return {
          id: newId(),
          target_id: id,
          name: receiverName(address, name),
          address: JSON.stringify(address),
          options: '{}',
          enabled: 1,
          disabled_reason: null,
          quiet_hours: null,
          rate_limit: null,
          owner_id: null,
          created_at: now,
          updated_at: now,
        };
      });
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('targets').values(row).execute();
        if (receivers.length > 0) await trx.insertInto('receivers').values(receivers).execute();
        await audit(request, trx, {
          action: 'target.create',
          resourceType: 'target',
          resourceId: id,
          after: targetView(row),
          detail: { fromUrl: true, receiverIds: receivers.map((receiver) => receiver.id) },
        });
        for (const receiver of receivers) {
          await audit(request, trx, {
            action: 'receiver.create',
            resourceType: 'receiver',
            resourceId: receiver.id,
            after: receiverView(receiver),
          });
        }
      });
      await options.router.refresh();
      return reply.status(201).send({ target: targetView(row), receivers: receivers.map(receiverView) });
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof ExportQuery> }>(
    '/targets/:id/url',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Export a target and its receivers as an Apprise-style URL',
        description:
          'Secrets are replaced by *** unless ?secrets=true, which needs the write scope. Settings the URL form has no place for (a Telegram apiRoot, a webhook signing secret) are left out.',
        params: IdParams,
        querystring: ExportQuery,
        response: { 200: ExportedUrl, ...errorResponses(403, 404, 409) },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const withSecrets = request.query.secrets === true;
      if (withSecrets && !scopeAllows(scope.principal.granted, 'write')) {
        throw missingScope('write', scope.principal.granted, scope.principal.role);
      }
      const row = await loadTarget(options, scope, request.params.id);
      const channel = channelKind(row.kind);
      if (!channel?.url) {
        throw new BridgeError('NB_ERR_CONFLICT', `channel kind "${row.kind}" has no URL form to export as`);
      }
      const receivers = await db
        .selectFrom('receivers')
        .select('address')
        .where('target_id', '=', row.id)
        .orderBy('id')
        .execute();
      // Unsealed only here, for the URL; without ?secrets=true each secret goes out as the placeholder.
      const config = openFields(options.secretBox, parseJson(row.config), channel.secretFields, {
        table: 'targets',
        rowId: row.id,
      });
      const addresses = receivers.map((receiver) => parseJson(receiver.address));
      // Reading a target's secrets is worth a line in the audit log; a placeholder export is not.
      if (withSecrets) {
        await audit(request, db, {
          action: 'target.export-secrets',
          resourceType: 'target',
          resourceId: row.id,
        });
      }
      return { url: urlOfTarget(channel, config, addresses, withSecrets)! };
    },
  );
}
