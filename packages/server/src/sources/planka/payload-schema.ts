import { Type } from 'typebox';
import { maybe, maybeText } from '../payload-shape.ts';

const record = Type.Record(Type.String(), Type.Unknown());

/** Planka's webhook body as map-event.ts reads it; the items themselves are read field by field. */
export const PlankaPayloadSchema = Type.Object({
  event: Type.String(),
  data: maybe(
    Type.Object({ item: maybe(record), included: maybe(Type.Record(Type.String(), Type.Array(record))) }),
  ),
  prevData: maybe(Type.Object({ item: maybe(record) })),
  user: maybe(Type.Object({ name: maybeText(), username: maybeText() })),
});
