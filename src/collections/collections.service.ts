import { auditedBy } from '../accounts/actor.ts';
import { createHash } from 'node:crypto';
import { requireAccess } from '../accounts/access.ts';
import { roleGrants, roles, type Membership } from '../accounts/roles.ts';
import type { AuditService } from '../admin/admin.service.ts';
import type { AreasService } from '../areas/areas.service.ts';
import type { Db } from '../db/database.ts';
import type { ObservationInput, ParsedSource } from '../imports/import.types.ts';
import type { ImportService, PublicationChoice } from '../imports/imports.service.ts';
import { parsePeriod } from '../periods/period.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import * as repo from './collections.repository.ts';
import type { ReadReturn } from './collections.schema.ts';
import type { ReturnState } from './collections.tables.ts';

export type {
  AskedMetric,
  CollectionRecord,
  CollectionSummary,
  LodgedValue,
  ReturnRecord,
} from './collections.repository.ts';

/** Who acts on a collection, for the checks and the audit trail. */
export interface CollectionActor {
  viewer: { readonly userId: number; readonly memberships: readonly Membership[] };
  email: string;
  address: string | null;
}

/** A new collection as the administrator's form gives it (the period as its ISO code). */
export interface NewCollection {
  title: string;
  period: string;
  /** The last day, 'YYYY-MM-DD': returns are due by its end (23:59:59 UTC). */
  deadline: string;
  metrics: readonly string[];
  councils: readonly string[];
}

/** A council's return as its form shows it: the collection, the metrics asked, what is saved. */
export interface ReturnView {
  collection: repo.CollectionRecord;
  metrics: repo.AskedMetric[];
  record: repo.ReturnRecord;
  values: repo.LodgedValue[];
  councilName: string;
}

/** What publishing did: the councils published, and those whose returns were not submitted. */
export interface PublishOutcome {
  published: string[];
  skipped: string[];
}

/** The organisation a council's code names, made the first time it is needed. */
export type OrganisationOf = (code: string) => Promise<{ id: number }>;

/** The roles reminded of a return: those that lodge a council's data (not administrators). */
export const lodgingRoles = roles.filter(
  (role) => role !== 'administrator' && roleGrants[role].includes('lodge-data'),
);

const subject = (id: number, code?: string) => `collection:${id}${code ? `/${code}` : ''}`;

/**
 * Data collections (issue 17): administrators ask councils for figures; each council's stewards
 * fill their return as a draft and submit it (their declaration that it is right); an
 * administrator publishes submitted returns, each as an import lodged by its council, now or
 * embargoed. Every change is audited in its own transaction.
 */
export class CollectionsService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      areas: AreasService;
      imports: ImportService;
      audit: AuditService;
      organisationOf: OrganisationOf;
    },
  ) {}

  /** Every collection, for the administrators' list. */
  async list(viewer: CollectionActor['viewer'] | null): Promise<repo.CollectionSummary[]> {
    requireAccess(viewer, 'manage-service', null);
    return repo.listCollections(this.db);
  }

  /** Every collection, for the operator's command line (no viewer: the operator). */
  listForOperator(): Promise<repo.CollectionSummary[]> {
    return repo.listCollections(this.db);
  }

  async create(by: CollectionActor, input: NewCollection): Promise<number> {
    requireAccess(by.viewer, 'manage-service', null);
    return this.store(input, auditedBy(by));
  }

  /**
   * The demo's illustrative collection, made by the operator once, in a store just loaded with
   * the demo data and holding no collection: of those of its metrics the store holds (none, no
   * collection).
   */
  async createForDemo(input: NewCollection): Promise<number | null> {
    if ((await repo.listCollections(this.db)).length > 0) return null;
    const held = await repo.askedMetrics(this.db, input.metrics);
    const metrics = input.metrics.filter((slug) => held.has(slug));
    if (metrics.length === 0) return null;
    return this.store(
      { ...input, metrics },
      { userId: null, actor: 'openlg (demo)', address: null },
    );
  }

  private async store(
    input: NewCollection,
    by: { userId: number | null; actor: string; address: string | null },
  ): Promise<number> {
    const period = parsePeriod(input.period);
    if (!period.ok) throw new BadRequestError('Enter a period such as 2024/25', 'period');
    const metrics = await repo.askedMetrics(this.db, input.metrics);
    const unknownMetric = input.metrics.find((slug) => !metrics.has(slug));
    if (unknownMetric)
      throw new BadRequestError(`No metric has the slug ${unknownMetric}`, 'metrics');
    const names = await this.deps.areas.namesOf(input.councils);
    const unknownCouncil = input.councils.find((code) => !names.has(code));
    if (unknownCouncil)
      throw new BadRequestError(`No council has the code ${unknownCouncil}`, 'councils');
    const fields: repo.CollectionInput = {
      title: input.title,
      periodCode: period.period.code,
      deadline: new Date(`${input.deadline}T23:59:59Z`),
      createdBy: by.userId,
      metricSlugs: input.metrics,
      areaCodes: input.councils,
    };
    return this.db.transaction().execute(async (trx) => {
      const id = await repo.insertCollection(trx, fields);
      await this.deps.audit.record(
        {
          ...by,
          action: 'collection-created',
          subject: subject(id),
          after: { ...fields, metricSlugs: [...input.metrics], areaCodes: [...input.councils] },
        },
        trx,
      );
      return id;
    });
  }

  /** A collection and its metrics' words, or not found. */
  private async collection(id: number) {
    const collection = await repo.findCollection(this.db, id);
    if (!collection) throw new NotFoundError('Collection', String(id));
    const asked = await repo.askedMetrics(this.db, collection.metricSlugs);
    const metrics = collection.metricSlugs.flatMap((slug) => asked.get(slug) ?? []);
    return { collection, metrics };
  }

  /** The tracker: a collection's returns (of one state, if asked), with council names. */
  async tracker(viewer: CollectionActor['viewer'] | null, id: number, state?: ReturnState) {
    requireAccess(viewer, 'manage-service', null);
    const { collection, metrics } = await this.collection(id);
    const returns = await repo.listReturns(this.db, id, state);
    const all = state ? await repo.listReturns(this.db, id) : returns;
    const names = await this.deps.areas.namesOf(all.map((r) => r.areaCode));
    const reminded = await repo.sentReminders(this.db, id);
    return { collection, metrics, returns, names, all, reminded };
  }

  /** The collections asking a council for figures, for its stewards. */
  async forCouncil(viewer: CollectionActor['viewer'] | null, code: string) {
    requireAccess(viewer, 'lodge-data', code);
    return repo.collectionsAsking(this.db, code);
  }

  /** A council's return for its form: not found unless the collection asks that council. */
  async returnFor(
    viewer: CollectionActor['viewer'] | null,
    id: number,
    code: string,
  ): Promise<ReturnView> {
    requireAccess(viewer, 'lodge-data', code);
    const { collection, metrics } = await this.collection(id);
    const record = await repo.findReturn(this.db, id, code);
    if (!record) throw new NotFoundError('Return', `${id}/${code}`);
    const values = await repo.returnValues(this.db, id, code);
    const councilName = (await this.deps.areas.namesOf([code])).get(code) ?? code;
    return { collection, metrics, record, values, councilName };
  }

  /**
   * Saves a council's return as a draft or submits it. A submitted return may be saved again
   * (it goes back to draft) until it is published; after that, corrections are lodged as data.
   */
  async save(by: CollectionActor, id: number, code: string, form: ReadReturn): Promise<void> {
    const view = await this.returnFor(by.viewer, id, code);
    if (view.record.state === 'published')
      throw new BadRequestError('This return is published: it can no longer be changed', '');
    const asked = new Set(view.metrics.map((m) => m.slug));
    if (form.values.some((v) => !asked.has(v.metricSlug)))
      throw new BadRequestError('The return names a metric the collection does not ask for', '');
    if (form.intent === 'submitted' && form.values.length !== asked.size)
      throw new BadRequestError('Give every figure, or say why it is missing, to submit', '');
    await this.db.transaction().execute(async (trx) => {
      await repo.saveReturn(
        trx,
        { collectionId: id, areaCode: code },
        { state: form.intent, values: form.values, userId: by.viewer.userId },
      );
      await this.deps.audit.record(
        {
          ...auditedBy(by),
          action:
            form.intent === 'submitted' ? 'collection-return-submitted' : 'collection-draft-saved',
          subject: subject(id, code),
          before: { state: view.record.state, values: view.values },
          after: { state: form.intent, values: form.values },
        },
        trx,
      );
    });
  }

  /**
   * Publishes submitted returns (one council's, or every submitted one): each is imported as
   * lodged by its council and the steward who submitted it, published now or embargoed, then
   * marked published and audited. The import is its own transaction: should marking fail after
   * it, publishing again imports the same figures, which writes nothing, and marks it then.
   */
  async publish(
    by: CollectionActor,
    id: number,
    council: string | null,
    publication: PublicationChoice,
  ): Promise<PublishOutcome> {
    requireAccess(by.viewer, 'manage-service', null);
    const { collection } = await this.collection(id);
    const returns = await repo.listReturns(this.db, id);
    const chosen = council === null ? returns : returns.filter((r) => r.areaCode === council);
    if (council !== null && chosen.length === 0)
      throw new NotFoundError('Return', `${id}/${council}`);
    const outcome: PublishOutcome = { published: [], skipped: [] };
    for (const record of chosen) {
      if (record.state !== 'submitted') {
        outcome.skipped.push(record.areaCode);
        continue;
      }
      await this.publishOne(by, collection, record, publication);
      outcome.published.push(record.areaCode);
    }
    return outcome;
  }

  private async publishOne(
    by: CollectionActor,
    collection: repo.CollectionRecord,
    record: repo.ReturnRecord,
    publication: PublicationChoice,
  ): Promise<void> {
    const key = { collectionId: collection.id, areaCode: record.areaCode };
    const values = await repo.returnValues(this.db, key.collectionId, key.areaCode);
    const organisation = await this.deps.organisationOf(record.areaCode);
    const summary = await this.deps.imports.run(asSource(collection, record.areaCode, values), {
      publication,
      lodging: {
        organisationId: organisation.id,
        userId: record.submittedBy ?? by.viewer.userId,
        actor: record.submittedByEmail ?? by.email,
        audience: [],
      },
      command: `data collection ${collection.id} (${collection.title}), published by ${by.email}`,
    });
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.markPublished(trx, key, by.viewer.userId, summary.importId))) return;
      await this.deps.audit.record(
        {
          ...auditedBy(by),
          action: 'collection-return-published',
          subject: subject(collection.id, record.areaCode),
          before: { state: 'submitted' },
          after: {
            state: 'published',
            publication: publication.state,
            until: 'until' in publication ? (publication.until?.toISOString() ?? null) : null,
            importId: summary.importId,
          },
        },
        trx,
      );
    });
  }
}

/** A council's return as an import reads a source: one row a metric, by GSS code. */
export function asSource(
  collection: repo.CollectionRecord,
  areaCode: string,
  values: readonly repo.LodgedValue[],
): ParsedSource {
  const period = parsePeriod(collection.periodCode);
  if (!period.ok) throw new Error(`collection ${collection.id} has a bad period`);
  const file = `collection-${collection.id}-${areaCode}`;
  const observations = values.map((v, index): ObservationInput => ({
    metricSlug: v.metricSlug,
    area: { scheme: 'gss', value: areaCode },
    period: period.period,
    value: v.value,
    lci: null,
    uci: null,
    numerator: null,
    denominator: null,
    status: v.status,
    file,
    row: index + 1,
  }));
  return {
    kind: 'collection',
    source: `${collection.title} (${areaCode})`,
    // The figures' own fingerprint, as a file's checksum is: what was published can be checked.
    files: [
      { name: file, checksum: createHash('sha256').update(JSON.stringify(values)).digest('hex') },
    ],
    metrics: [],
    observations,
    problems: [],
    notes: [],
  };
}
