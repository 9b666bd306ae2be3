import { mkdirSync, writeFileSync } from 'node:fs';
import { documentPath, generatedFiles, schemaPath, serverOpenApiDocument } from './api-schema.ts';

/** `npm run client:generate`: rewrites openapi.json and src/generated/api-schema.ts from the server's routes. */
const files = await generatedFiles(await serverOpenApiDocument());
mkdirSync(new URL('.', schemaPath), { recursive: true });
writeFileSync(documentPath, files.document);
writeFileSync(schemaPath, files.schema);
console.error('client:generate: wrote packages/client/openapi.json and src/generated/api-schema.ts');
