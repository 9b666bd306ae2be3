import { Type } from 'typebox';
import { severities } from '../domain/event.ts';
import { parseQuietHours, type QuietHoursInput, quietPolicies, weekdays } from '../domain/quiet-hours.ts';
import { DomainValidationError } from '../domain/validation-error.ts';
import { BridgeError } from '../errors.ts';
import { parseJson } from '../json.ts';

/** The `quietHours` field of receivers and rules; the checks JSON Schema cannot make are parseQuietHours's. */
export const QuietHoursField = Type.Union(
  [
    Type.Object(
      {
        timeZone: Type.Optional(
          Type.String({
            minLength: 1,
            maxLength: 64,
            description:
              "IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE.",
          }),
        ),
        days: Type.Optional(
          Type.Array(Type.Enum([...weekdays]), {
            maxItems: 7,
            description:
              'The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday.',
          }),
        ),
        start: Type.String({ description: 'Local time the window starts, HH:MM.', examples: ['22:00'] }),
        end: Type.String({
          description: 'Local time it ends, HH:MM; earlier than start means the next day.',
          examples: ['07:00'],
        }),
        policy: Type.Optional(
          Type.Enum([...quietPolicies], {
            description:
              'defer (default): send when the window ends; drop: never send; quiet: send now without sound.',
          }),
        ),
        bypassFrom: Type.Optional(
          Type.Enum([...severities], { description: 'Events of this severity or higher are sent as usual.' }),
        ),
      },
      { additionalProperties: false },
    ),
    Type.Null(),
  ],
  { description: 'Quiet hours; a rule’s replace its receivers’. null for none.' },
);

/** The column value for a `quietHours` the API was given: checked, stored as written; null for none. */
export function quietHoursColumn(input: QuietHoursInput | null, path = '/quietHours'): string | null {
  if (input === null) return null;
  try {
    parseQuietHours(input, 'UTC', path);
  } catch (error) {
    if (error instanceof DomainValidationError) {
      throw new BridgeError('NB_ERR_VALIDATION', error.message, [
        { path: error.path, message: error.message },
      ]);
    }
    throw error;
  }
  return JSON.stringify(input);
}

export function quietHoursView(column: string | null): QuietHoursInput | null {
  return column === null ? null : parseJson<QuietHoursInput>(column);
}
