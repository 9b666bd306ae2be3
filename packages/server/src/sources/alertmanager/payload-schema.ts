import { Type } from 'typebox';
import { maybe, maybeText } from '../payload-shape.ts';

const strings = maybe(Type.Record(Type.String(), Type.String()));

/** Alertmanager's webhook payload as map-alerts.ts reads it: labels and annotations are strings. */
export const AlertmanagerPayloadSchema = Type.Object({
  version: maybeText(),
  groupKey: maybeText(),
  truncatedAlerts: maybe(Type.Number()),
  status: maybeText(),
  receiver: maybeText(),
  groupLabels: strings,
  commonLabels: strings,
  commonAnnotations: strings,
  externalURL: maybeText(),
  alerts: Type.Array(
    Type.Object({
      status: maybeText(),
      labels: strings,
      annotations: strings,
      startsAt: maybeText(),
      endsAt: maybeText(),
      generatorURL: maybeText(),
      fingerprint: maybeText(),
    }),
  ),
});
