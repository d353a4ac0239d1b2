import type { AccountsService } from '../accounts/accounts.service.ts';
import { auditedBy, type PageActor } from '../accounts/actor.ts';
import type { Sharer } from '../accounts/sharing.ts';
import type { AuditService } from '../admin/admin.service.ts';
import type { AreasService } from '../areas/areas.service.ts';
import type { DataService } from '../data/data.service.ts';
import type { Db, Executor } from '../db/database.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { formatMoment } from '../shared/format.ts';
import { describeChange, type FigureChange } from './report.changes.ts';
import type { ReportChangesService } from './report-changes.service.ts';
import type { ReportsService } from './report.service.ts';
import { lastingSlug } from './stored-reports.service.ts';
import * as repo from './report-subscriptions.repository.ts';

export type { Subscription } from './report-subscriptions.repository.ts';

/** The most subscriptions one person may hold: each costs two readings of a report a run. */
export const subscriptionLimit = 50;

/** The person holds as many subscriptions as they may: they must stop one to ask for another. */
export class TooManySubscriptionsError extends BadRequestError {
  constructor() {
    super(
      `You can have up to ${subscriptionLimit} report emails: stop one before asking for another`,
    );
  }
}

/** A subscription as its person's list shows it. */
export interface ListedSubscription extends repo.Subscription {
  /** The report's name, or null when they may no longer see it (the next run drops it). */
  reportName: string | null;
  areaName: string;
}

/**
 * Subscriptions to reports (issue 18): a signed-in person asks to be emailed when the figures of
 * a report they may see, run for an area, change; and stops. Each change is audited.
 */
export class ReportSubscriptionsService {
  constructor(
    private readonly db: Db,
    private readonly deps: { reports: ReportsService; areas: AreasService; audit: AuditService },
  ) {}

  /** The person's subscription to the report for the area, if they have one. */
  find(viewer: Sharer, slug: string, area: string): Promise<repo.Subscription | undefined> {
    return repo.findSubscription(this.db, {
      userId: viewer.userId,
      slug: lastingSlug(slug),
      area,
    });
  }

  async list(viewer: Sharer): Promise<ListedSubscription[]> {
    const found = await repo.subscriptionsOf(this.db, viewer.userId);
    const names = await this.deps.areas.namesOf([...new Set(found.map((s) => s.area))]);
    return Promise.all(
      found.map(async (s) => ({
        ...s,
        reportName: await this.deps.reports.open(s.slug, viewer).then(
          (r) => r.name,
          () => null,
        ),
        areaName: names.get(s.area) ?? s.area,
      })),
    );
  }

  /** Subscribes the person to a report they may see, for an area; told from now on. */
  async subscribe(by: PageActor, slug: string, areaCode: string): Promise<repo.Subscription> {
    const report = await this.deps.reports.open(slug, by.viewer);
    const area = await this.deps.areas.getSummary(areaCode.toUpperCase());
    const key = { userId: by.viewer.userId, slug: lastingSlug(report.slug), area: area.code };
    return this.db.transaction().execute(async (trx) => {
      await repo.lockSubscriber(trx, key.userId);
      const had = await repo.findSubscription(trx, key);
      if (had) return had;
      if ((await repo.countSubscriptions(trx, key.userId)) >= subscriptionLimit)
        throw new TooManySubscriptionsError();
      const made = await repo.insertSubscription(trx, key, new Date());
      await this.record(by, 'report-subscribed', made, trx);
      return made;
    });
  }

  /** Stops one of the person's subscriptions; not found if it is not theirs. */
  async stop(by: PageActor, id: number): Promise<repo.Subscription> {
    return this.db.transaction().execute(async (trx) => {
      const gone = await repo.deleteSubscription(trx, id, by.viewer.userId);
      if (!gone) throw new NotFoundError('Subscription', String(id));
      await this.record(by, 'report-unsubscribed', gone, trx);
      return gone;
    });
  }

  private record(by: PageActor, action: string, s: repo.Subscription, trx: Executor) {
    return this.deps.audit.record(
      {
        ...auditedBy(by),
        action,
        subject: subscriptionSubject(s),
        after: { report: s.slug, area: s.area },
      },
      trx,
    );
  }
}

/** How the audit trail names a subscription. */
function subscriptionSubject(s: repo.Subscription): string {
  return `report:${s.slug}/${s.area}`;
}

/** What one run of the report emails did, for the log. */
export interface MailingRun {
  checked: number;
  /** Emails sent: one a subscription whose figures changed. */
  sent: number;
  /** Subscriptions dropped: their person may no longer see the report. */
  dropped: number;
  failed: number;
}

/** The most subscriptions one run looks at; the rest, told longest ago, wait for the next. */
const runSize = 500;

/** The email telling a subscriber of a report's changes. */
function changesMail(
  person: { name: string; email: string },
  told: { report: string; council: string; since: Date; link: string; stop: string },
  changes: readonly FigureChange[],
): MailMessage {
  const count = changes.length === 1 ? '1 figure has' : `${changes.length} figures have`;
  return {
    to: person.email,
    subject: `${told.report} for ${told.council}: ${count} changed`,
    text: [
      `Dear ${person.name}`,
      `In the report “${told.report}” for ${told.council}, ${count} changed since ${formatMoment(told.since)}:`,
      changes.map((c) => `- ${describeChange(c)}`).join('\n'),
      `Open the report:\n${told.link}`,
      `You are sent this because you asked to be emailed when these figures change. To stop, go to:\n${told.stop}`,
      'openlg',
    ].join('\n\n'),
  };
}

/**
 * Emails each subscriber when the figures of their report for its area have changed since they
 * were last told. The report is opened as the person is now (their memberships today): one they
 * may no longer see is dropped and tells them nothing, and its changes are read with their own
 * sight alone. Which changes were told lives in the row (`told_through`), moved on in the
 * transaction that sends the email and claims the row (`for update skip locked`, and only if
 * nobody moved it since it was read): any number of processes may run this at once, and nobody
 * is told twice; a mail that fails rolls the claim back, and the next run tries again.
 */
export class ReportMailings {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      reports: ReportsService;
      changes: ReportChangesService;
      data: DataService;
      areas: AreasService;
      audit: AuditService;
      accounts: Pick<AccountsService, 'memberships'>;
      mailer: Mailer;
      /** The site's address, for the links in the email. */
      baseUrl: string;
      /** Told of a subscription that could not be looked at, for the log; tried again next run. */
      failure: (subscription: repo.Subscription, error: unknown) => void;
    },
  ) {}

  async run(now: Date = new Date()): Promise<MailingRun> {
    const outcome: MailingRun = { checked: 0, sent: 0, dropped: 0, failed: 0 };
    for (const subscription of await repo.dueSubscriptions(this.db, now, runSize)) {
      outcome.checked += 1;
      try {
        const told = await this.tell(subscription, now);
        if (told === 'sent') outcome.sent += 1;
        if (told === 'dropped') outcome.dropped += 1;
      } catch (error) {
        // One report that cannot be read (an area since removed) holds up no one else's.
        outcome.failed += 1;
        this.deps.failure(subscription, error);
      }
    }
    return outcome;
  }

  /**
   * Tells one subscriber what changed from `told_through` to `now`, both readings at a moment
   * (`asOf: now`, not "the latest"): a value published while the run reads is told next time,
   * never twice. With no change, `told_through` moves on all the same: the next run compares
   * with a recent reading, which is what the person would be told of, and reads less history.
   */
  private async tell(s: repo.Subscription, now: Date): Promise<'sent' | 'quiet' | 'dropped'> {
    const memberships = await this.deps.accounts.memberships(s.userId);
    const person: Sharer = { userId: s.userId, memberships };
    const report = await this.deps.reports.open(s.slug, person).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (!report) return this.drop(s);
    const sight = await this.deps.data.sightOf(person);
    const options = { area: s.area, year: null, asOf: now };
    const changes = await this.deps.changes.since(report, options, sight, s.toldThrough);
    const to = await repo.subscriber(this.db, s.userId);
    const council = changes.length > 0 ? await this.deps.areas.getSummary(s.area) : null;
    return this.db.transaction().execute(async (trx) => {
      if (!(await repo.claimSubscription(trx, s.id, s.toldThrough))) return 'quiet';
      await repo.moveToldThrough(trx, s.id, now);
      if (!to || !council) return 'quiet';
      const base = this.deps.baseUrl;
      const told = {
        report: report.name,
        council: council.name,
        since: s.toldThrough,
        link: `${base}/reports/${s.slug}?area=${s.area}`,
        stop: `${base}/account/subscriptions`,
      };
      await this.deps.mailer.send(changesMail(to, told, changes));
      return 'sent';
    });
  }

  /** Drops a subscription to a report its person may no longer see, and records why. */
  private async drop(s: repo.Subscription): Promise<'dropped' | 'quiet'> {
    return this.db.transaction().execute(async (trx) => {
      if (!(await repo.claimSubscription(trx, s.id, s.toldThrough))) return 'quiet';
      await repo.deleteSubscription(trx, s.id);
      await this.deps.audit.record(
        {
          userId: null,
          actor: 'openlg (report emails)',
          address: null,
          action: 'report-subscription-dropped',
          subject: subscriptionSubject(s),
          after: { user: s.userId, why: 'may no longer see the report' },
        },
        trx,
      );
      return 'dropped';
    });
  }
}
