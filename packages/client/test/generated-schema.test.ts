import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentPath, generatedFiles, schemaPath, serverOpenApiDocument } from '../scripts/api-schema.ts';

/**
 * The checked-in openapi.json and src/generated/api-schema.ts are what the server's routes make now: a
 * route or schema changed in the server without `npm run client:generate` fails here, so the published
 * client never drifts from the API.
 */
describe('the generated API types', () => {
  it('are current with the server’s OpenAPI document (run `npm run client:generate` if not)', async () => {
    const expected = await generatedFiles(await serverOpenApiDocument());
    const message = 'out of date: run `npm run client:generate` and commit the result';
    expect(
      readFileSync(documentPath, 'utf8') === expected.document,
      `packages/client/openapi.json is ${message}`,
    ).toBe(true);
    expect(
      readFileSync(schemaPath, 'utf8') === expected.schema,
      `src/generated/api-schema.ts is ${message}`,
    ).toBe(true);
  });
});
