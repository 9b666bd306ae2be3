import { Type } from 'typebox';

/**
 * A token sent as `Authorization: Bearer …`, as a config field. Its form is the far side's own (opaque,
 * a JWT), but it is printable ASCII: anything else would break the header or hide a pasted line break.
 */
export function bearerTokenSchema(description: string) {
  return Type.String({ minLength: 1, maxLength: 2000, pattern: '^[\\x21-\\x7e]+$', description });
}
