import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';

/**
 * The figure a council's profile page shows for a metric: the first cell of the row its name
 * links from, or undefined when the page has no such row.
 */
export async function figureOnProfile(app: FastifyInstance, code: string, slug: string) {
  const page = await app.inject({ method: 'GET', url: `/areas/${code}` });
  assert.equal(page.statusCode, 200);
  const row = new RegExp(
    `href="/metrics/${slug}\\?area=${code}">[^<]*</a></th>\\s*<td[^>]*>([^<]*)<`,
  );
  return row.exec(page.body)?.[1];
}
