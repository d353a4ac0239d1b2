import { z } from 'zod';
import { appendAudit, type AuditEvent } from '../accounts/accounts.repository.ts';
import type { Db, Executor } from '../db/database.ts';
import { parseInput } from '../shared/validation.ts';
import { auditActions, findAuditEvents, type AuditRow } from './admin.repository.ts';

export type { AuditRow } from './admin.repository.ts';

/** Events a page (or an API answer) shows. */
export const auditPageSize = 50;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date, such as 2026-12-03' })
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), {
    error: 'must be a real date, such as 2026-12-03',
  });

/** The audit trail's filters, as the page's form and the API's query name them. */
export const auditQuery = z
  .object({
    action: z
      .string()
      .trim()
      .max(64)
      .regex(/^[a-z-]*$/, { error: 'must be an action such as sign-in' })
      .optional(),
    email: z.string().trim().max(320).optional(),
    from: z.union([z.literal(''), day]).optional(),
    to: z.union([z.literal(''), day]).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  })
  .strict();

export type AuditQuery = z.infer<typeof auditQuery>;

export interface AuditPage {
  query: AuditQuery;
  events: AuditRow[];
  hasNext: boolean;
}

const dayAfter = (text: string) => new Date(Date.parse(`${text}T00:00:00Z`) + 86_400_000);

/** The audit trail: read by those requireAccess lets read it, appended to by every change. */
export class AuditService {
  constructor(private readonly db: Db) {}

  /**
   * Appends one event: a change a person made outside the accounts feature (a saved group),
   * written in the change's own transaction when given one, so that neither is kept alone.
   */
  record(event: AuditEvent, executor: Executor = this.db): Promise<void> {
    return appendAudit(executor, event);
  }

  /** One page of events, newest first; dates are whole days in UTC, `to` included. */
  async page(input: unknown): Promise<AuditPage> {
    const query = parseInput(auditQuery, input);
    const rows = await findAuditEvents(
      this.db,
      {
        action: query.action || undefined,
        email: query.email || undefined,
        from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
        before: query.to ? dayAfter(query.to) : undefined,
      },
      (query.page - 1) * auditPageSize,
      auditPageSize + 1,
    );
    return { query, events: rows.slice(0, auditPageSize), hasNext: rows.length > auditPageSize };
  }

  actions(): Promise<string[]> {
    return auditActions(this.db);
  }
}
