import type { FastifyRequest } from 'fastify';
import type { DataService } from '../data/data.service.ts';
import type { Sight } from '../db/visibility.ts';

/**
 * What the API key's holder may see beyond the public (nothing without a key). A key that
 * reads with a sight is reading what is not yet public: that is audited, once per request.
 */
export async function keySight(request: FastifyRequest, data: DataService): Promise<Sight> {
  const sight = await data.sightOf(request.apiKey);
  if (sight.length > 0 && request.apiKey)
    await request.server.apiKeys.recordSightedRead(
      request.apiKey,
      { address: request.ip },
      request.url,
      sight,
    );
  return sight;
}
