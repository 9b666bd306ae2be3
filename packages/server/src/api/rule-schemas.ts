import { Type } from 'typebox';
import { ConditionSchema, conditionsMax } from '../domain/conditions.ts';
import { ruleDedupWindowMaxSeconds } from '../domain/rule-dedup.ts';
import { ruleEventTypesMax } from '../domain/rule-matcher.ts';
import { QuietHoursField } from './quiet-hours-field.ts';
import { Id, IsoTime, Name } from './schemas.ts';

/**
 * The rule fields; `defaults` only for creation. An update schema must carry none, or the validator would
 * fill every omitted field with its default and a PATCH of the name would reset the rest.
 */
function ruleFields(defaults: boolean) {
  const d = <T>(value: T) => (defaults ? { default: value } : {});
  return {
    name: Name,
    enabled: Type.Boolean(d(true)),
    priority: Type.Integer({
      minimum: -1_000_000,
      maximum: 1_000_000,
      ...d(0),
      description: 'Higher runs first.',
    }),
    sourceIds: Type.Union([Type.Array(Id, { maxItems: 1000 }), Type.Null()], {
      ...d(null),
      description: 'null matches every source.',
    }),
    eventTypes: Type.Array(Type.String({ maxLength: 200 }), {
      maxItems: ruleEventTypesMax,
      ...d([]),
      description:
        'Globs over dot.case types: `*` is one segment, `**` any number. Empty matches every type. Stored lowercased, as event types are.',
    }),
    conditions: Type.Array(ConditionSchema, {
      maxItems: conditionsMax,
      ...d([]),
      description: 'All must hold.',
    }),
    templateId: Type.Union([Id, Type.Null()], { ...d(null), description: 'null uses the default template.' }),
    receiverIds: Type.Array(Id, { maxItems: 1000, ...d([]) }),
    stop: Type.Boolean({ ...d(false), description: 'When this rule matches, skip rules of lower priority.' }),
    maxAttempts: Type.Union([Type.Integer({ minimum: 1, maximum: 1000 }), Type.Null()], {
      ...d(null),
      description: 'null uses NB_MAX_ATTEMPTS.',
    }),
    quietHours: Type.Union(QuietHoursField.anyOf, {
      ...d(null),
      description: "The rule's quiet hours, used instead of its receivers'; null leaves theirs.",
    }),
    dedup: Type.Union(
      [
        Type.Object(
          {
            windowSeconds: Type.Integer({ minimum: 1, maximum: ruleDedupWindowMaxSeconds }),
            by: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
                maxItems: 10,
                description: 'Event fields whose values make a repeat; default type and title.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      {
        ...d(null),
        description:
          'Drop an event whose `by` fields equal those of one this rule sent to the receiver in the last `windowSeconds`, beyond the ingest dedup. null: none.',
      },
    ),
    reach: Type.Union([Type.Literal('own'), Type.Literal('all')], {
      ...d('own'),
      description:
        "Whose events the rule sees: `own`, its owner's; `all`, everyone's. Setting or keeping `all` needs a token with the admin scope, and `all` counts only while the owner is an admin.",
    }),
  };
}

export function ruleBody(defaults: boolean, nameRequired: boolean) {
  const f = ruleFields(defaults);
  return Type.Object(
    {
      name: nameRequired ? f.name : Type.Optional(f.name),
      enabled: Type.Optional(f.enabled),
      priority: Type.Optional(f.priority),
      sourceIds: Type.Optional(f.sourceIds),
      eventTypes: Type.Optional(f.eventTypes),
      conditions: Type.Optional(f.conditions),
      templateId: Type.Optional(f.templateId),
      receiverIds: Type.Optional(f.receiverIds),
      stop: Type.Optional(f.stop),
      maxAttempts: Type.Optional(f.maxAttempts),
      quietHours: Type.Optional(f.quietHours),
      dedup: Type.Optional(f.dedup),
      reach: Type.Optional(f.reach),
    },
    { additionalProperties: false },
  );
}

export const RuleView = Type.Object({
  id: Id,
  ...ruleFields(false),
  ownerId: Id,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});

/** A rule to create: only `name` is required. */
export const CreateRule = ruleBody(true, true);
/** A rule change: every field optional, none defaulted. */
export const UpdateRule = ruleBody(false, false);
