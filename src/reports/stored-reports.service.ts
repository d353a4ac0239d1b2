import { auditedBy } from '../accounts/actor.ts';
import { organisationsWhere } from '../accounts/access.ts';
import {
  mayChangeShared,
  maySeeShared,
  requireMaySave,
  type Sharer,
  type Visibility,
} from '../accounts/sharing.ts';
import type { AuditService } from '../admin/admin.service.ts';
import type { Db, Executor } from '../db/database.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { slug } from '../shared/svg.ts';
import { readDefinition, type ReportDefinition } from './report.schema.ts';
import * as repo from './stored-reports.repository.ts';

export type { StoredReportRecord } from './stored-reports.repository.ts';

/** Who changed a report, for the audit trail. */
export interface ReportActor {
  viewer: Sharer;
  email: string;
  address: string | null;
}

/** How a report is shared: its name, and who may see it. */
export interface ReportSharing {
  name: string;
  visibility: Visibility;
  organisationCode: string | null;
}

/** A stored report as read: its record, and its definition as checked by the schema. */
export interface StoredReport {
  record: repo.StoredReportRecord;
  report: ReportDefinition;
}

/** `12-scrutiny-pack`: a stored report's id, then its name's words for people only. */
const storedSlugPattern = /^(\d{1,9})(?:-[a-z0-9-]{0,200})?$/;

/** Whether `/reports/{slug}` names a stored report (ready-made slugs never start with a digit). */
export function isStoredSlug(text: string): boolean {
  return storedSlugPattern.test(text);
}

/**
 * What names a report for as long as it lasts: a stored report's id alone (its name's words
 * change when it is renamed, and any words still find it), a ready-made report's slug.
 */
export function lastingSlug(slug: string): string {
  return storedSlugPattern.exec(slug)?.[1] ?? slug;
}

/** The slug a stored report is addressed by: its id, then its name's words. */
export function storedSlug(record: { id: number; name: string }): string {
  return `${record.id}-${slug(record.name).slice(0, 60).replace(/-+$/, '')}`;
}

/** A new report's definition when it starts from nothing: one paragraph to change. */
function blankDefinition(name: string): ReportDefinition {
  return {
    version: 1,
    slug: 'new',
    revision: 1,
    name,
    title: `{area.name}: ${name}`,
    summary: name,
    audience: 'Say here who this report is for and how to read it.',
    sections: [
      {
        kind: 'text',
        heading: 'About this report',
        intro: ['This report compares {area.name} with {group.label}, using {period.label}.'],
      },
    ],
  };
}

/**
 * Reports people build (issue 18), shared as saved groups are: private, with an organisation,
 * or public. Made, changed and deleted by people who may save reports, each change kept as a
 * revision and audited in its own transaction; read by whoever may see it. A report someone may
 * not see is answered exactly as one that does not exist, so that its id tells nothing.
 */
export class StoredReportsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /** The organisations a report of `viewer`'s may belong to: where they may save reports. */
  organisationsFor(viewer: Sharer | null): string[] {
    return organisationsWhere(viewer, 'save-reports');
  }

  /** The reports `viewer` may see, by name: their own, their organisations', and public ones. */
  async visibleTo(viewer: Sharer | null): Promise<StoredReport[]> {
    const records =
      viewer === null
        ? await repo.listStoredReports(this.db, { visibility: 'public' })
        : await repo.listStoredReports(this.db, {
            ownerUserId: viewer.userId,
            organisations: [...new Set(viewer.memberships.map((m) => m.organisation))],
            visibility: 'public',
          });
    return records.map(checked);
  }

  /** The report `/reports/{slug}` names, if `viewer` may see it; else not found. */
  async usable(viewer: Sharer | null, slugText: string): Promise<StoredReport> {
    const id = storedSlugPattern.exec(slugText)?.[1];
    const record = id === undefined ? null : await repo.findStoredReport(this.db, Number(id));
    if (!record || !maySeeShared(viewer, record)) throw new NotFoundError('Report', slugText);
    return checked(record);
  }

  /** The report for `viewer` to change: not found unless seen, refused unless theirs. */
  async changeable(viewer: Sharer, slugText: string): Promise<StoredReport> {
    const found = await this.usable(viewer, slugText);
    if (!mayChangeShared(viewer, found.record))
      throw new ForbiddenError('Only the person who saved this report may change it');
    return found;
  }

  /** A new report: from nothing, or a copy of `from` (a report the viewer may see). */
  async create(
    by: ReportActor,
    sharing: ReportSharing,
    from: ReportDefinition | null,
  ): Promise<StoredReport> {
    const input = this.checkedChange(by.viewer, sharing, from ?? blankDefinition(sharing.name));
    const id = await this.db.transaction().execute(async (trx) => {
      const made = await repo.insertStoredReport(trx, by.viewer.userId, input, from?.slug ?? null);
      await this.record(by, 'stored-report-created', made, undefined, input, trx);
      return made;
    });
    return this.usable(by.viewer, String(id));
  }

  /**
   * The demo account's report, public, unless it has made one already: made by openlg, not by
   * a person, and audited as such. Its id, or null when there was one.
   */
  async createForDemo(
    ownerUserId: number,
    organisationCode: string,
    definition: unknown,
  ): Promise<number | null> {
    if ((await repo.listStoredReports(this.db, { ownerUserId })).length > 0) return null;
    const read = readDefinition(definition);
    if (!read.ok) throw new Error(`The demo report does not read: ${read.problems.join('; ')}`);
    const { name } = read.report;
    const input = {
      name,
      visibility: 'public' as const,
      organisationCode,
      definition: read.report,
    };
    return this.db.transaction().execute(async (trx) => {
      const id = await repo.insertStoredReport(trx, ownerUserId, input, null);
      const by = { userId: null, actor: 'openlg (demo)', address: null };
      await this.audit.record(
        { ...by, action: 'stored-report-created', subject: `report:${id}`, after: input },
        trx,
      );
      return id;
    });
  }

  /** Saves a change to the report's sharing or definition as its next revision. */
  async update(
    by: ReportActor,
    slugText: string,
    sharing: ReportSharing,
    definition: unknown,
  ): Promise<StoredReport> {
    const before = await this.changeable(by.viewer, slugText);
    const input = this.checkedChange(by.viewer, sharing, definition, before.record);
    const id = before.record.id;
    await this.db.transaction().execute(async (trx) => {
      await repo.updateStoredReport(trx, id, by.viewer.userId, input);
      await this.record(by, 'stored-report-updated', id, described(before.record), input, trx);
    });
    return this.usable(by.viewer, String(id));
  }

  async remove(by: ReportActor, slugText: string): Promise<StoredReport> {
    const before = await this.changeable(by.viewer, slugText);
    const id = before.record.id;
    await this.db.transaction().execute(async (trx) => {
      await repo.deleteStoredReport(trx, id);
      await this.record(by, 'stored-report-deleted', id, described(before.record), undefined, trx);
    });
    return before;
  }

  /**
   * The change as it will be stored, once the viewer may make it: saving needs `save-reports`
   * (in the report's organisation when it has one), and the definition must pass the schema.
   */
  private checkedChange(
    viewer: Sharer,
    sharing: ReportSharing,
    definition: unknown,
    before?: repo.StoredReportRecord,
  ): repo.StoredReportInput {
    const name = sharing.name.trim();
    if (name === '' || name.length > 100)
      throw new BadRequestError('Give the report a name of 1 to 100 characters', 'name');
    if (sharing.visibility === 'organisation' && sharing.organisationCode === null)
      throw new BadRequestError('Choose the organisation to share the report with', 'organisation');
    requireMaySave(viewer, sharing.organisationCode, before);
    const read = readDefinition({ ...asObject(definition), name, revision: 1 });
    if (!read.ok) throw new BadRequestError(`The report cannot be saved: ${read.problems[0]}`);
    return {
      name,
      visibility: sharing.visibility,
      organisationCode: sharing.organisationCode,
      definition: read.report,
    };
  }

  private record(
    by: ReportActor,
    action: string,
    id: number,
    before: unknown,
    after: repo.StoredReportInput | undefined,
    trx: Executor,
  ) {
    return this.audit.record(
      {
        ...auditedBy(by),
        action,
        subject: `report:${id}`,
        before,
        after,
      },
      trx,
    );
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * A record with its definition checked, addressed by its stored slug and numbered by the
 * record's revision. A definition that no longer passes the schema is a fault of openlg's, not
 * the reader's: the page says so through the one error handler.
 */
function checked(record: repo.StoredReportRecord): StoredReport {
  const read = readDefinition({
    ...asObject(record.definition),
    slug: storedSlug(record),
    name: record.name,
    revision: record.revision,
  });
  if (!read.ok)
    throw new Error(`Stored report ${record.id} no longer reads: ${read.problems.join('; ')}`);
  return { record, report: read.report };
}

/** A stored report as the audit trail records it before a change. */
function described(record: repo.StoredReportRecord): repo.StoredReportInput {
  const { name, visibility, organisationCode, definition } = record;
  return { name, visibility, organisationCode, definition };
}
