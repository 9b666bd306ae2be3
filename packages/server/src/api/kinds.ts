import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { channelKinds } from '../channels/registry.ts';
import { messageFormats } from '../render/message.ts';
import { sourceKinds } from '../sources/registry.ts';
import { RateLimitShape } from './rate-limit-field.ts';
import { errorResponses } from './schemas.ts';

const JsonSchema = Type.Unknown({ description: 'A JSON Schema (draft 2020-12).' });

const SourceKindView = Type.Object({
  kind: Type.String(),
  description: Type.String(),
  configSchema: JsonSchema,
  secretFields: Type.Array(Type.String(), { description: 'Write-only config fields.' }),
  push: Type.Boolean({ description: 'Receives webhooks at /hooks/<source id>.' }),
  builtIn: Type.Boolean({
    description: 'Created by the bridge; cannot be created or deleted through the API.',
  }),
  eventTypes: Type.Array(Type.String(), {
    description:
      'The event types this kind makes, a glob for an open-ended family (`github.**`), for rule editors to offer.',
  }),
});

const ChannelKindView = Type.Object({
  kind: Type.String(),
  description: Type.String(),
  configSchema: JsonSchema,
  addressSchema: JsonSchema,
  secretFields: Type.Array(Type.String(), { description: 'Write-only config fields.' }),
  formats: Type.Array(Type.Enum(messageFormats), { description: 'Best first.' }),
  candidates: Type.Boolean({
    description:
      'Two-way: chats that write to a target of this kind are offered as receivers at GET /targets/{id}/candidates.',
  }),
  limits: Type.Object({
    textMax: Type.Optional(Type.Integer()),
    captionMax: Type.Optional(Type.Integer()),
    titleMax: Type.Optional(Type.Integer()),
    attachmentsMax: Type.Optional(Type.Integer()),
    bytesMax: Type.Optional(Type.Integer()),
    rate: Type.Optional(
      Type.Object(
        { target: Type.Optional(RateLimitShape), receiver: Type.Optional(RateLimitShape) },
        { description: "The far side's own rate limits, enforced beside the user's." },
      ),
    ),
  }),
});

/** /kinds: which sources and channels this build has, with the schemas a UI needs to build its forms. */
export async function kindRoutes(app: FastifyInstance): Promise<void> {
  const tags = ['kinds'];

  app.get(
    '/kinds/sources',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'List the kinds of sources',
        response: { 200: Type.Object({ items: Type.Array(SourceKindView) }), ...errorResponses() },
      },
    },
    async () => ({
      items: sourceKinds.map((kind) => ({
        kind: kind.kind,
        description: kind.description,
        configSchema: kind.configSchema,
        secretFields: [...kind.secretFields],
        push: kind.ingress !== undefined,
        builtIn: kind.builtIn === true,
        eventTypes: [...(kind.eventTypes ?? [])],
      })),
    }),
  );

  app.get(
    '/kinds/channels',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'List the kinds of channels (targets)',
        response: { 200: Type.Object({ items: Type.Array(ChannelKindView) }), ...errorResponses() },
      },
    },
    async () => ({
      items: channelKinds.map((kind) => ({
        kind: kind.kind,
        description: kind.description,
        configSchema: kind.configSchema,
        addressSchema: kind.addressSchema,
        secretFields: [...kind.secretFields],
        formats: [...kind.formats],
        // Only a channel that listens (a bot) learns of chats it could send to.
        candidates: kind.inbound !== undefined,
        limits: Object.fromEntries(Object.entries(kind.limits).filter(([, value]) => value !== undefined)),
      })),
    }),
  );
}
