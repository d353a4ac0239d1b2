import type { FastifyRequest } from 'fastify';
import { BadRequestError } from '../shared/errors.ts';

/**
 * Refuses a NUL character in any path segment or query parameter, for every route at once.
 * PostgreSQL cannot hold NUL in text, so such input failed deep in a query as a 500; no code,
 * slug, search or date ever contains one.
 */
export function refuseNul(request: FastifyRequest): void {
  for (const input of [request.params, request.query]) {
    if (typeof input !== 'object' || input === null) continue;
    for (const [name, value] of Object.entries(input)) {
      const values: unknown[] = Array.isArray(value) ? value : [value];
      if (values.some((v) => typeof v === 'string' && v.includes('\0')))
        throw new BadRequestError(
          `${name}: must not contain a NUL character (%00)`,
          name === '*' ? undefined : name,
        );
    }
  }
}
