import { type TSchema, Type } from 'typebox';
import { schemaProblems } from '../schema-check.ts';

/**
 * A kind's parser checks the parts of a payload it reads against a schema before it reads them, so a
 * field of the wrong type is a 400 naming that field instead of a TypeError deep in the mapping.
 * Fields the kind does not read are not checked: senders add fields all the time.
 */

/** A field a sender may leave out or send as null (GitHub sends `"body": null` for an empty issue). */
export const maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

export const maybeText = () => maybe(Type.String());

export interface ShapeProblem {
  ok: false;
  code: 'NB_ERR_VALIDATION';
  message: string;
  /** The JSON pointer of the wrong field; '' for the whole body. */
  path: string;
}

/** The first way `value` breaks `schema`, as a parse failure naming the field; undefined when it fits. */
export function shapeProblem(schema: TSchema, value: unknown, what: string): ShapeProblem | undefined {
  const [first] = schemaProblems(schema, value, 1);
  if (!first) return undefined;
  const where = first.path ? `field ${first.path}` : 'the body';
  return {
    ok: false,
    code: 'NB_ERR_VALIDATION',
    message: `${what}: ${where} ${first.message}`,
    path: first.path,
  };
}
