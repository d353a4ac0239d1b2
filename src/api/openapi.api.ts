import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from './openapi.ts';

/** The API's machine-readable description (registered in its scope: public-api.ts). */
export function registerOpenApiDocument(app: FastifyInstance) {
  // Built on first request, so that an undocumented parameter fails this endpoint and its
  // tests, not the start of the whole service.
  let openApi: ReturnType<typeof buildOpenApiDocument> | undefined;
  app.get('/api/v1/openapi.json', async () => (openApi ??= buildOpenApiDocument()));
}
