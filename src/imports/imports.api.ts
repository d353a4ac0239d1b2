import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { parseInput } from '../shared/validation.ts';
import { importListQuery } from './imports.schema.ts';

/** Imports on the open data API (registered in its scope: public-api.ts). */
export function registerImportApi(app: FastifyInstance, { imports }: Services) {
  // Provenance is public: which files, with which checksums, wrote the published figures.
  app.get('/api/v1/imports', async (request) => {
    const { limit } = parseInput(importListQuery, request.query);
    return { imports: await imports.listImports(limit) };
  });
}
