import type { FastifyInstance } from 'fastify';
import { requireAccess } from '../accounts/access.ts';
import type { Database } from '../db/database.ts';
import { pageAddress } from './admin.routes.ts';
import { AuditService, auditPageSize, type AuditRow } from './admin.service.ts';

const asJson = (event: AuditRow) => ({
  id: event.id,
  at: event.at.toISOString(),
  userEmail: event.userEmail,
  actor: event.actor,
  address: event.address,
  action: event.action,
  subject: event.subject,
  before: event.before ?? null,
  after: event.after ?? null,
});

/**
 * The audit trail on the API, for an administrator's API key (registered in its scope:
 * public-api.ts); `privateAnswer`: the reader's alone, never public, kept or validated.
 */
export function registerAdminApi(app: FastifyInstance, database: Database) {
  const audit = new AuditService(database.db);

  app.get('/api/v1/audit', { config: { privateAnswer: true } }, async (request, reply) => {
    requireAccess(request.apiKey, 'read-audit', null);
    const page = await audit.page(request.query);
    reply.header('cache-control', 'private, no-store');
    return {
      events: page.events.map(asJson),
      page: page.query.page,
      pageSize: auditPageSize,
      next: page.hasNext ? pageAddress('/api/v1/audit', page.query, page.query.page + 1) : null,
    };
  });
}
