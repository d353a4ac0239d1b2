/**
 * Writes the OpenAPI document to openlg's root (`npm run openapi`), formatted as the repository
 * formats JSON, so that a change to the API shows in review as a change to openapi.json.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import prettier from 'prettier';
import { buildOpenApiDocument } from '../src/api/openapi.ts';

export const openApiFile = path.resolve(fileURLToPath(import.meta.url), '../../openapi.json');

export async function renderOpenApiFile(): Promise<string> {
  const options = await prettier.resolveConfig(openApiFile);
  return prettier.format(JSON.stringify(buildOpenApiDocument()), {
    ...options,
    filepath: openApiFile,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeFile(openApiFile, await renderOpenApiFile());
  console.log(`Wrote ${path.relative(process.cwd(), openApiFile)}`);
}
