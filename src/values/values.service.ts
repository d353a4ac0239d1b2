import { createHash } from 'node:crypto';
import { requireAccess } from '../accounts/access.ts';
import { mayAct } from '../accounts/roles.ts';
import type { Viewer } from '../accounts/accounts.service.ts';
import type { AuditService } from '../admin/admin.service.ts';
import type { DataService } from '../data/data.service.ts';
import type { Db } from '../db/database.ts';
import type { Sight } from '../db/visibility.ts';
import type { ValueStatus } from '../db/vocabulary.ts';
import type { ImportService, PublicationChoice } from '../imports/imports.service.ts';
import { parsePeriod } from '../periods/period.ts';
import { ForbiddenError, NotFoundError } from '../shared/errors.ts';
import * as repo from './values.repository.ts';

export type { PublishedState } from './values.repository.ts';

/** One council's value of a metric in a period, by slug, GSS code and period code. */
export interface ValueTarget {
  slug: string;
  code: string;
  period: string;
}

/** A value as a steward states it in a correction. */
export interface Correction {
  value: number | null;
  lci: number | null;
  uci: number | null;
  status: ValueStatus;
  /** Why it changed, for the audit trail and the import's notes. */
  reason: string;
}

/** A period's value now, with what it was before, as the reader may see them. */
export interface PeriodHistory {
  current: repo.CurrentValue;
  /** The name of who lodged it, shown to their own organisation only; null otherwise. */
  lodgedBy: string | null;
  /** Whether the reader may correct it: their organisation lodged it and they may lodge data. */
  correctable: boolean;
  earlier: (repo.Revision & { lodgedBy: string | null })[];
}

const memberOf = (viewer: Viewer | null, organisation: string | null) =>
  organisation !== null &&
  (viewer?.memberships.some((m) => m.organisation === organisation) ?? false);

/** Whether someone may correct what `organisation` lodged: the one check, in roles.ts. */
const mayLodgeFor = (viewer: Viewer | null, organisation: string | null) =>
  viewer !== null &&
  organisation !== null &&
  mayAct(viewer.memberships, 'lodge-data', organisation);

/**
 * Each value's page: a council's values of a metric with their history, as the reader may see
 * them, and the corrections a steward makes to what their organisation lodged. A correction is
 * an import of one value, lodged as the value was (its embargo or restriction kept), so it keeps
 * the revision history every import keeps.
 */
export class ValuesService {
  constructor(
    private readonly db: Db,
    private readonly imports: ImportService,
    private readonly data: DataService,
    private readonly audit: AuditService,
  ) {}

  async history(viewer: Viewer | null, slug: string, code: string) {
    const sight = await this.data.sightOf(viewer);
    const { metric, area } = await this.find(slug, code, sight);
    const [current, earlier] = await Promise.all([
      repo.currentValues(this.db, metric.id, area.id, sight),
      repo.revisions(this.db, metric.id, area.id, sight),
    ]);
    if (current.length === 0 && earlier.length === 0)
      throw new NotFoundError(`Values of ${slug} for area`, code);
    const lodgedBy = (p: repo.Provenance) =>
      memberOf(viewer, p.organisation_code) ? p.created_by : null;
    const periods: PeriodHistory[] = current.map((row) => ({
      current: row,
      lodgedBy: lodgedBy(row),
      correctable: row.own && mayLodgeFor(viewer, row.organisation_code),
      earlier: earlier
        .filter((r) => r.period_code === row.period_code)
        .map((r) => ({ ...r, lodgedBy: lodgedBy(r) })),
    }));
    return { metric, area, periods, sighted: sight.length > 0 };
  }

  /** The value a steward may correct, or 404 / 403 as history would refuse it. */
  async correctable(viewer: Viewer | null, target: ValueTarget) {
    const { slug, code } = target;
    const { metric, area, periods } = await this.history(viewer, slug, code);
    const period = periods.find((p) => p.current.period_code === target.period);
    if (!period) throw new NotFoundError(`Value of ${slug} for ${code} in period`, target.period);
    if (!period.correctable) {
      // The public is sent to sign in, someone without the role is told so; the rest are told
      // what may be corrected here.
      requireAccess(viewer, 'lodge-data', period.current.organisation_code);
      throw new ForbiddenError('Only values an organisation lodged can be corrected here');
    }
    return { metric, area, period };
  }

  /** Corrects a value its organisation lodged, kept published, embargoed or restricted as it was. */
  async correct(viewer: Viewer, address: string, target: ValueTarget, correction: Correction) {
    const { metric, area, period } = await this.correctable(viewer, target);
    const current = period.current;
    const parsedPeriod = parsePeriod(current.period_code);
    if (!parsedPeriod.ok || current.organisation_id === null)
      throw new NotFoundError('Value', target.period);
    const file = `correction by ${viewer.email}`;
    const summary = await this.imports.run(
      {
        kind: 'correction',
        source: `Correction of ${metric.slug} for ${area.code} in ${current.period_label}`,
        files: [{ name: file, checksum: checksum(target, correction) }],
        metrics: [],
        observations: [
          {
            metricSlug: metric.slug,
            area: { scheme: 'gss', value: area.code },
            period: parsedPeriod.period,
            value: correction.value,
            lci: correction.lci,
            uci: correction.uci,
            numerator: null,
            denominator: null,
            status: correction.status,
            file,
            row: 1,
          },
        ],
        problems: [],
        notes: [correction.reason],
      },
      {
        command: 'correction (web form)',
        publication: keptPublication(current),
        lodging: {
          organisationId: current.organisation_id,
          userId: viewer.userId,
          actor: viewer.email,
          audience: await repo.audienceOf(this.db, current.import_id),
        },
      },
    );
    await this.audit.record({
      userId: viewer.userId,
      actor: viewer.email,
      address,
      action: 'value-corrected',
      subject: `${metric.slug} ${area.code} ${current.period_code}`,
      before: { value: current.value, lci: current.lci, uci: current.uci, status: current.status },
      after: { ...correction, importId: summary.importId },
    });
    return summary;
  }

  /**
   * Every state of an area's values of these metrics the public was shown, oldest first, each
   * with when it became public: what a public feed of changes tells. Public only, never sighted.
   */
  async publishedStates(slugs: readonly string[], code: string): Promise<repo.PublishedState[]> {
    const area = await repo.findArea(this.db, code);
    if (!area) throw new NotFoundError('Area', code);
    return repo.publishedStates(this.db, slugs, area.id);
  }

  private async find(slug: string, code: string, sight: Sight) {
    const [metric, area] = await Promise.all([
      repo.findMetric(this.db, slug, sight),
      repo.findArea(this.db, code),
    ]);
    if (!metric) throw new NotFoundError('Metric', slug);
    if (!area) throw new NotFoundError('Area', code);
    return { metric, area };
  }
}

/** A correction stays as public as the value it corrects: its embargo or restriction is kept. */
function keptPublication(current: repo.CurrentValue): PublicationChoice {
  const until = current.embargo_until;
  if (current.publication === 'published' || (until !== null && until <= new Date()))
    return { state: 'published' };
  if (current.publication === 'embargoed' && until !== null) return { state: 'embargoed', until };
  return { state: 'restricted', until };
}

function checksum(target: object, correction: Correction): string {
  return createHash('sha256')
    .update(JSON.stringify({ target, correction, at: Date.now() }))
    .digest('hex');
}
