import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { createApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';

/** Where the generated files live, checked in: the document for other tools, the types for this package. */
export const documentPath = new URL('../openapi.json', import.meta.url);
export const schemaPath = new URL('../src/generated/api-schema.ts', import.meta.url);

const banner =
  "// Generated from the server's OpenAPI document by `npm run client:generate`; do not edit.\n" +
  '// A test (packages/client/test/generated-schema.test.ts) fails when it is not current.\n\n';

/**
 * The server's OpenAPI document, built in-process: the real app on a throwaway SQLite database answers
 * GET /api/v1/openapi.json through inject(), so nothing listens and nothing outside is started.
 */
export async function serverOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nb-openapi-'));
  try {
    const app = await createApp(loadConfig({ NB_DATA_DIR: dataDir, NB_LOG_LEVEL: 'silent', PORT: '0' }));
    try {
      const response = await app.http.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      if (response.statusCode !== 200) throw new Error(`openapi.json answered ${response.statusCode}`);
      return response.json();
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The two generated files' contents for a document: the document as JSON and its TypeScript types. */
export async function generatedFiles(
  document: Record<string, unknown>,
): Promise<{ document: string; schema: string }> {
  // Sorted keys: a route added anywhere in the server changes the generated file in one place.
  const ast = await openapiTS(document as never, { alphabetize: true, silent: true });
  return { document: `${JSON.stringify(document, null, 2)}\n`, schema: banner + astToString(ast) };
}
