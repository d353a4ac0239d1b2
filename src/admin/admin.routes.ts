import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireAccess } from '../accounts/access.ts';
import { signInFirst } from '../accounts/next-path.ts';
import type { Database } from '../db/database.ts';
import type { AuditRow } from './admin.service.ts';
import { AuditService, type AuditQuery } from './admin.service.ts';

/** The address of another page of the same filtered trail. */
export function pageAddress(path: string, query: AuditQuery, page: number): string {
  const params = new URLSearchParams();
  for (const name of ['action', 'email', 'from', 'to'] as const) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

const shortJson = (value: unknown) => {
  if (value === null || value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

const asRow = (event: AuditRow) => ({
  ...event,
  when: `${event.at.toISOString().slice(0, 19).replace('T', ' ')} UTC`,
  who: event.userEmail ?? event.actor ?? '',
  change: [shortJson(event.before), shortJson(event.after)].filter(Boolean).join(' → '),
});

/**
 * Administration: the audit trail, read by administrators only (requireAccess 'read-audit'), at
 * /admin/audit for people signed in and GET /api/v1/audit for an administrator's API key
 * (admin.api.ts). Both are for the reader alone: `private, no-store`, never kept.
 */
export function registerAdminRoutes(app: FastifyInstance, database: Database) {
  const audit = new AuditService(database.db);

  app.get('/admin/audit', async (request: FastifyRequest, reply) => {
    reply.header('cache-control', 'private, no-store');
    if (!request.viewer) return signInFirst(request, reply);
    requireAccess(request.viewer, 'read-audit', null);
    const page = await audit.page(request.query);
    const at = (n: number) => pageAddress('/admin/audit', page.query, n);
    return reply.render('admin/views/audit.njk', {
      title: 'Audit trail',
      query: page.query,
      actionItems: [
        { value: '', text: 'Any action' },
        ...(await audit.actions()).map((action) => ({
          value: action,
          text: action,
          selected: action === page.query.action,
        })),
      ],
      events: page.events.map(asRow),
      pagination: {
        previous: page.query.page > 1 ? { href: at(page.query.page - 1) } : null,
        next: page.hasNext ? { href: at(page.query.page + 1) } : null,
      },
    });
  });
}
