import { setImmediate as turn } from 'node:timers/promises';
import { comparisonSets, type PeriodSpan } from '../comparison/comparable.ts';
import { compareGroup, type QuartileBand } from '../comparison/statistics.ts';
import { englandCode } from '../comparison/comparison.service.ts';
import type { Db } from '../db/database.ts';
import type { AreaType } from '../db/vocabulary.ts';
import type { GroupsService } from '../groups/groups.service.ts';
import { decodeComparableAcross } from '../metrics/comparable-across.ts';
import { NotFoundError } from '../shared/errors.ts';
import { httpUrlOrNull } from '../shared/url.ts';
import { groupBy } from '../shared/group-by.ts';
import type { Membership } from '../accounts/roles.ts';
import { publicSight, type Sight } from '../db/visibility.ts';
import * as repository from './data.repository.ts';
import {
  periodsByMetric,
  typeMask,
  withSight,
  type AnswerKey,
  type AnswerKeys,
  type Catalogue,
  type CataloguePeriod,
  type GroupMembers,
} from './data.catalogue.service.ts';
import type { DataFormat, DataQuery, PeriodSelection } from './data.schema.ts';
import {
  type DataAnswer,
  type DataObservation,
  type MetricMetadata,
  creditsFor,
} from './data.answer.ts';
import { checkCells, checkFormat, known, some } from './data.checks.ts';

function toMetadata(row: repository.MetricRow): MetricMetadata {
  return {
    slug: row.slug,
    title: row.title,
    subtitle: row.subtitle,
    description: row.description,
    unit: row.unit,
    measure: row.measure,
    decimalPlaces: row.decimal_places,
    polarity: row.polarity,
    theme: row.theme,
    source: {
      organisation: row.source_organisation,
      // Metadata imported before links were checked may hold any text: only http(s) is a link.
      url: httpUrlOrNull(row.source_url),
      licence: row.licence,
    },
    licence: row.licence,
    caveats: row.caveats,
  };
}

/**
 * Which of a metric's public periods (oldest first) a selection takes, among those that `holds`
 * accepts. `latest` walks back from the newest, so that an answer over every metric costs a
 * step or two per metric rather than a pass over all its periods.
 */
function selectPeriods<P extends repository.PeriodRow>(
  periods: readonly P[],
  selection: PeriodSelection,
  holds: (period: P) => boolean,
): P[] {
  switch (selection.kind) {
    case 'latest': {
      const chosen: P[] = [];
      for (let i = periods.length - 1; i >= 0 && chosen.length < selection.count; i--) {
        const period = periods[i];
        if (period && holds(period)) chosen.push(period);
      }
      return chosen.reverse();
    }
    case 'ids':
      return periods.filter((p) => selection.codes.includes(p.code) && holds(p));
    case 'range':
      return periods.filter(
        (p) => p.start_date >= selection.fromStart && p.start_date <= selection.toStart && holds(p),
      );
  }
}

/** The data version as answers depend on it: which, and how long until the next embargo ends. */
export interface DataState {
  version: number;
  /**
   * When the next embargo lifts, by this process's clock, never later than it does: taken from
   * before the version was read, since a version may be kept and handed to requests for a while.
   */
  nextLiftAt: number | null;
}

/**
 * Which keys the kept latest values answer (by metric) and which are stale: an embargo on the
 * key's period ended after its metric's values were kept. Fixed for a catalogue, so worked out
 * once for the keys it memoises.
 */
const keptKeysOf = new WeakMap<
  readonly AnswerKey[],
  { keyOf: Map<number, number>; stale: number[] }
>();
function keptKeys(keys: readonly AnswerKey[], catalogue: Catalogue) {
  let kept = keptKeysOf.get(keys);
  if (!kept) {
    kept = { keyOf: new Map<number, number>(), stale: [] };
    for (const [index, key] of keys.entries()) {
      const built = catalogue.latestBuilds.get(key.metricId);
      const lifted = key.period.lastLifted ?? null;
      if (built === undefined || (lifted !== null && lifted > built)) kept.stale.push(index);
      else kept.keyOf.set(key.metricId, index);
    }
    keptKeysOf.set(keys, kept);
  }
  return kept;
}

/** Area types combine freely (custom groups): the memo of every metric's keys stops growing. */
const maxMemoised = 64;

/** Whatever else happens, the catalogue is read again after this long. */
const catalogueMaxAge = 60_000;

/** Where a value stands among the values it may be compared with, or why it is not ranked. */
interface Standing {
  rank: number | null;
  quartileBand: QuartileBand | null;
  /** Null when ranked among every area of the request that has a value. */
  note: string | null;
}

/**
 * Each value's standing among the rows of its (metric, period) key, keyed by "key|area". The
 * rows are split by the comparison rules (comparison/comparable.ts): a metric comparable only
 * within tiers is ranked set by set, and an area is never ranked in a period outside its
 * lifetime. Values that cannot be compared get no rank: their status or note says why.
 */
function rankWithin(
  rows: readonly repository.ValueRow[],
  keys: readonly AnswerKey[],
  areas: ReadonlyMap<number, repository.AreaRef>,
): Map<string, Standing> {
  const standings = new Map<string, Standing>();
  for (const [key, group] of groupBy(rows, (row) => row.key)) {
    const answerKey = keys[key];
    if (!answerKey) continue;
    const members = group.flatMap((r) => {
      const area = areas.get(r.area_id);
      return area ? [{ row: r, area }] : [];
    });
    const sets = comparisonSets(
      members.map((m) => m.area),
      decodeComparableAcross(answerKey.metric.comparable_across),
      periodSpan(answerKey.period),
    );
    const split = sets.filter((set) => set.codes.length > 0).length > 1;
    for (const set of sets) {
      for (const out of set.leftOut)
        standings.set(`${key}|${out.code}`, {
          rank: null,
          quartileBand: null,
          note: out.explanation,
        });
      const codes = new Set(set.codes);
      const ranked = members.filter((m) => codes.has(m.area.code));
      const note = split && set.label ? `ranked among the ${set.label} only` : null;
      const { standings: ranks } = compareGroup(
        ranked.map(({ row, area }) => ({
          area: area.code,
          value: row.value,
          lci: row.lci,
          uci: row.uci,
          status: row.status,
        })),
        answerKey.metric.polarity,
      );
      for (const s of ranks)
        standings.set(`${key}|${s.area}`, {
          rank: s.comparable ? s.rank : null,
          quartileBand: s.comparable ? s.quartileBand : null,
          note,
        });
    }
  }
  return standings;
}

function periodSpan(period: repository.PeriodRow): PeriodSpan {
  return { label: period.label, startDate: period.start_date, endDate: period.end_date };
}

/**
 * The most cells (keys × areas) one statement of an answer probes. PGlite serves every request on
 * one connection and cannot interrupt a statement: every metric of every council over 100
 * periods, read in one, took 6.6 s while every other request waited for the connection. Rows
 * cost PGlite most (about 25,000 a second): at this size a statement takes up to about 100 ms,
 * and other requests get the connection between them (5,000 made health checks' p95 twice as
 * long, and the heavy answer no faster). PGlite answers as soon as it is asked, so awaiting one
 * statement after another never let the server read a new request: each batch first gives the
 * event loop a turn.
 */
const cellsPerStatement = 2_500;
/** Counting sends no rows back: a count may probe more cells in about as long. */
const cellsPerCount = 50_000;

export class DataService {
  private cached: {
    version: number;
    /** When to refresh it behind the answers (epoch ms). */
    expires: number;
    /** When the next embargo ends: it must be read again before answering (epoch ms). */
    lifts: number;
    catalogue: Promise<Catalogue>;
  } | null = null;
  /**
   * Each catalogue row's metadata, made once: the JSON format serialises a metric's metadata
   * once per object, which matters when an answer lists every metric.
   */
  private readonly metadata = new WeakMap<repository.MetricRow, MetricMetadata>();

  constructor(
    private readonly db: Db,
    private readonly groups: GroupsService,
  ) {}

  /**
   * What a viewer may see beyond the public: the imports their organisations lodged or were
   * shared, until they are public. The public (null, or no memberships) has the empty sight.
   */
  async sightOf(viewer: { readonly memberships: readonly Membership[] } | null): Promise<Sight> {
    if (viewer === null || viewer.memberships.length === 0) return publicSight;
    const organisations = [...new Set(viewer.memberships.map((m) => m.organisation))];
    return repository.sightOf(this.db, organisations);
  }

  /**
   * Answers as query would, up to reading the values: its 404s and 400s, and nothing when the
   * values are there to read. A HEAD request gets this, which costs no more than a small answer.
   */
  async check(
    query: DataQuery,
    format: DataFormat,
    state?: DataState,
    sight: Sight = publicSight,
  ): Promise<void> {
    await this.plan(query, format, state, sight);
  }

  /**
   * The public values of some metrics for a set of areas and periods, now or as the public saw
   * them at a past moment, with ranks within the set and England's value when asked for. With a
   * signal, the work stops between its steps once the signal aborts (the client has gone).
   * With `state`, the data version read for this request after it arrived, the database is not
   * asked for it again.
   */
  async query(
    query: DataQuery,
    format: DataFormat,
    signal?: AbortSignal,
    state?: DataState,
    sight: Sight = publicSight,
  ): Promise<DataAnswer> {
    const include = query.include;
    const { asOf, catalogue, areas, metrics, credits, keys } = await this.plan(
      query,
      format,
      state,
      sight,
    );
    signal?.throwIfAborted();
    const areaById = new Map(areas.map((a) => [a.id, a]));
    const ordered = [...areaById.values()].sort((a, b) =>
      a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
    );
    const selection = { keys, areaIds: ordered.map((a) => a.id), asOf, sight };
    const paged = query.limit !== undefined || query.offset !== undefined;
    // "Latest" is one period a metric, the newest any of the areas' types has: each area's
    // latest value is in it or older (then it has none in it), so the kept latest values answer
    // it, for the public (they hold only what the public sees), whatever the areas' types.
    const rows =
      asOf === null &&
      sight.length === 0 &&
      !paged &&
      query.period.kind === 'latest' &&
      query.period.count === 1
        ? await this.latestRows(selection, keys, catalogue, query.metric === '*')
        : await this.valuesInBatches(selection, query, signal);
    signal?.throwIfAborted();
    const total = paged ? await this.countInBatches(selection, signal) : rows.length;
    // The keys of these rows, wanted only to rank a page against its whole keys or to look up
    // England's values: an area's whole profile would otherwise pay for a set of 5,478 for nothing.
    const pageKeys =
      paged || include.includes('benchmark') ? [...new Set(rows.map((r) => r.key))] : [];
    const ranks = include.includes('rank')
      ? rankWithin(
          paged ? await this.valuesOfKeys(selection, pageKeys, signal) : rows,
          keys,
          areaById,
        )
      : null;
    const benchmarks = include.includes('benchmark')
      ? await this.benchmarks(selection, pageKeys, catalogue)
      : null;
    signal?.throwIfAborted();

    const observations: DataObservation[] = [];
    for (const row of rows) {
      const key = keys[row.key];
      const area = areaById.get(row.area_id);
      if (!key || !area) continue;
      const observation: DataObservation = {
        metric: key.metric.slug,
        area: area.code,
        areaName: area.name,
        period: key.period.code,
        periodLabel: key.period.label,
        value: row.value,
        lci: row.lci,
        uci: row.uci,
        status: row.status,
      };
      if (ranks) {
        const standing = ranks.get(`${row.key}|${area.code}`);
        observation.rank = standing?.rank ?? null;
        observation.quartileBand = standing?.quartileBand ?? null;
        observation.rankNote = standing?.note ?? null;
      }
      if (benchmarks) observation.benchmark = benchmarks.get(row.key) ?? null;
      observations.push(observation);
    }
    return {
      metrics,
      observations,
      include,
      total,
      limit: query.limit ?? null,
      offset: query.offset ?? 0,
      ...credits,
      asOf,
    };
  }

  /** What an answer holds, checked against what one answer may hold, before any value is read. */
  private async plan(
    query: DataQuery,
    format: DataFormat,
    state: DataState | undefined,
    sight: Sight,
  ) {
    checkFormat(query, format);
    // A moment still to come would show values whose embargo has not ended: it means now.
    const asOf = query.asOf ? new Date(Math.min(query.asOf.getTime(), Date.now())) : null;

    const catalogue =
      sight.length === 0 ? await this.catalogue(state) : await this.sightedCatalogue(state, sight);
    const areas = await this.areaSet(query, catalogue);
    const types = new Set(areas.map((a) => a.type));
    const answer = await this.answerKeys(query, types, asOf, catalogue, sight);
    const { metricRows, keys, periodsPerMetric } = answer;
    if (query.period.kind === 'ids') {
      const held = new Set(keys.map((k) => k.period.code));
      const missing = query.period.codes.filter((c) => !held.has(c));
      if (missing.length > 0)
        throw new NotFoundError(
          `Public values of ${some(metricRows.map((m) => m.slug))} for these areas in period`,
          missing.join(', '),
        );
    }

    if (query.limit === undefined)
      checkCells({
        metrics: metricRows.length,
        areas: areas.length,
        periodsPerMetric,
        cells:
          format === 'jsonstat'
            ? metricRows.length * areas.length * new Set(keys.map((k) => k.periodId)).size
            : keys.length * areas.length,
        areaParameter: query.area ? 'area' : query.group ? 'group' : 'areaType',
        format,
      });

    return { asOf, catalogue, areas, ...answer };
  }

  /**
   * The metrics of an answer and its (metric, period) keys. Every metric's latest periods for
   * some area types are the same for every request until the catalogue changes, and they are
   * what an area's whole profile asks for: those are worked out once per catalogue.
   */
  private async answerKeys(
    query: DataQuery,
    types: ReadonlySet<AreaType>,
    asOf: Date | null,
    catalogue: Catalogue,
    sight: Sight,
  ): Promise<AnswerKeys> {
    const memoKey =
      asOf === null && sight.length === 0 && query.metric === '*' && query.period.kind === 'latest'
        ? `${query.period.count}|${[...types].sort().join(',')}`
        : null;
    const memo = memoKey === null ? undefined : catalogue.everyMetricLatest.get(memoKey);
    if (memo) return memo;
    const { metricRows, choose } = asOf
      ? await this.metricsAt(query.metric, types, asOf, query.period, sight)
      : this.metricsNow(query.metric, types, catalogue, query.period);
    const keys: AnswerKey[] = [];
    let periodsPerMetric = 0;
    for (const metric of metricRows) {
      const chosen = choose(metric.id);
      periodsPerMetric = Math.max(periodsPerMetric, chosen.length);
      for (const period of chosen)
        keys.push({ metricId: metric.id, periodId: period.period_id, metric, period });
    }
    const metrics = metricRows.map((row) => this.metadataOf(row));
    const answerKeys = {
      metricRows,
      metrics,
      credits: creditsFor(metrics),
      keys,
      periodsPerMetric,
    };
    if (memoKey !== null && catalogue.everyMetricLatest.size < maxMemoised)
      catalogue.everyMetricLatest.set(memoKey, answerKeys);
    return answerKeys;
  }

  /**
   * What every answer now starts from: the metrics the public may see, their public periods with
   * the area types holding values, and the areas. Read again before answering when the data
   * version changes or an embargo ends (which no write marks). Every writer bumps the version,
   * so the minute's refresh is only a safety net and happens behind the answer: at national
   * scale the catalogue takes a second or two to read.
   */
  private async catalogue(known?: DataState): Promise<Catalogue> {
    const state = known ?? (await this.readState());
    const now = Date.now();
    const cached = this.cached;
    if (cached && cached.version === state.version && now < cached.lifts) {
      if (now >= cached.expires) this.loadEntry(state, now);
      return cached.catalogue;
    }
    return this.loadEntry(state, now).catalogue;
  }

  /**
   * The catalogue as a reader with `sight` sees it: the public's, with the metrics and periods
   * of the values in their sight laid over it, read for this request alone.
   */
  private async sightedCatalogue(state: DataState | undefined, sight: Sight): Promise<Catalogue> {
    const [catalogue, coverage] = await Promise.all([
      this.catalogue(state),
      repository.sightCoverage(this.db, sight),
    ]);
    const metricIds = [...new Set(coverage.map((c) => c.metric_id))];
    const metrics = await repository.sightMetrics(this.db, sight, metricIds);
    return withSight(catalogue, metrics, coverage);
  }

  private async readState(): Promise<DataState> {
    const began = Date.now();
    const row = await repository.dataState(this.db);
    return {
      version: row.version,
      nextLiftAt:
        row.next_lift === null ? null : began + row.next_lift.getTime() - row.now.getTime(),
    };
  }

  private loadEntry(state: DataState, now: number) {
    const entry = {
      version: state.version,
      expires: now + catalogueMaxAge,
      lifts: state.nextLiftAt ?? Infinity,
      catalogue: this.loadCatalogue(),
    };
    const previous = this.cached;
    // A refresh stands in for its entry only once loaded; until then answers use the old one.
    if (previous && previous.version === state.version && now < previous.lifts) {
      previous.expires = Infinity;
      entry.catalogue.then(
        () => {
          if (this.cached === previous) this.cached = entry;
        },
        () => {
          previous.expires = now + catalogueMaxAge;
        },
      );
    } else {
      this.cached = entry;
      entry.catalogue.catch(() => {
        if (this.cached === entry) this.cached = null;
      });
    }
    return entry;
  }

  private async loadCatalogue(): Promise<Catalogue> {
    const [metrics, coverage, areas, latestBuilds] = await Promise.all([
      repository.publicMetrics(this.db),
      repository.publicCoverage(this.db),
      repository.allAreas(this.db),
      repository.latestValueBuilds(this.db),
    ]);
    const byType = groupBy(areas, (area) => area.type);
    return {
      metrics: new Map(metrics.map((m) => [m.slug, m])),
      periods: periodsByMetric(coverage),
      areas: new Map(areas.map((a) => [a.code, a])),
      areasOfType: byType,
      latestBuilds,
      everyMetricLatest: new Map(),
      groups: new Map(),
    };
  }

  private metadataOf(row: repository.MetricRow): MetricMetadata {
    let metadata = this.metadata.get(row);
    if (!metadata) {
      metadata = toMetadata(row);
      this.metadata.set(row, metadata);
    }
    return metadata;
  }

  /** The metrics asked for with public values now, in the order asked; 404 naming any other. */
  private metricsNow(
    slugs: readonly string[] | '*',
    types: ReadonlySet<AreaType>,
    catalogue: Catalogue,
    selection: PeriodSelection,
  ) {
    const metricRows =
      slugs === '*' ? [...catalogue.metrics.values()] : known(slugs, catalogue.metrics, 'Metric');
    const wanted = typeMask(types);
    const holds = (p: CataloguePeriod) => (p.types & wanted) !== 0;
    return {
      metricRows,
      choose: (metricId: number) =>
        selectPeriods(catalogue.periods.get(metricId) ?? [], selection, holds),
    };
  }

  /**
   * The metrics asked for that held public values at a past moment, defined as the public saw
   * them then: a metric the public could not see then is as unknown as one that does not exist.
   */
  private async metricsAt(
    slugs: readonly string[] | '*',
    types: ReadonlySet<AreaType>,
    asOf: Date,
    selection: PeriodSelection,
    sight: Sight,
  ) {
    const found = await repository.findMetrics(this.db, slugs, asOf, sight);
    const periods = await repository.publicPeriodsAt(
      this.db,
      found.map((m) => m.id),
      [...types],
      asOf,
      sight,
    );
    const periodsOf = groupBy(periods, (period) => period.metric_id);
    const bySlug = new Map(found.filter((m) => periodsOf.has(m.id)).map((m) => [m.slug, m]));
    return {
      metricRows:
        slugs === '*'
          ? [...bySlug.values()]
          : known(slugs, bySlug, `Metric with public values at ${asOf.toISOString()}`),
      choose: (metricId: number) =>
        selectPeriods(periodsOf.get(metricId) ?? [], selection, (p) => p.for_areas),
    };
  }

  /** The areas an answer covers: listed codes, a group's members, or all areas of some types. */
  private async areaSet(query: DataQuery, catalogue: Catalogue): Promise<repository.AreaRef[]> {
    if (query.areaType)
      return [...new Set(query.areaType)].flatMap((t) => catalogue.areasOfType.get(t) ?? []);
    let codes: string[];
    const groupId = query.group?.id;
    if (groupId !== undefined) {
      const { group, codes: members } = await this.groupMembers(groupId, catalogue);
      // A neighbours group lists the council's neighbours; the council belongs in the set too.
      codes = [...new Set([...(group.subject ? [group.subject] : []), ...members])];
    } else codes = query.group?.codes ?? query.area ?? [];
    return known(codes, catalogue.areas, 'Area');
  }

  /** A group's members, read once for a catalogue: a group is read by many answers. */
  private async groupMembers(id: string, catalogue: Catalogue): Promise<GroupMembers> {
    let members = catalogue.groups.get(id);
    if (!members) {
      members = await this.groups.memberCodes(id);
      catalogue.groups.set(id, members);
    }
    return members;
  }

  /**
   * The selection's rows, in its order, from the latest values kept for its areas, when each of
   * its keys is its metric's latest period for those areas. A metric whose kept values are stale
   * (an embargo on its key period ended after they were built) is read the long way.
   */
  private async latestRows(
    selection: repository.ValueSelection,
    keys: readonly AnswerKey[],
    catalogue: Catalogue,
    everyMetric: boolean,
  ): Promise<repository.ValueRow[]> {
    const { keyOf, stale } = keptKeys(keys, catalogue);
    const kept = await repository.latestValues(
      this.db,
      selection.areaIds,
      everyMetric ? null : [...keyOf.keys()],
    );
    // A slot per cell of the answer (at most maxCells), in its order: key, then area.
    const areaCount = selection.areaIds.length;
    const position = new Map(selection.areaIds.map((id, i) => [id, i]));
    const slots: (repository.ValueRow | undefined)[] = new Array<undefined>(
      keys.length * areaCount,
    ).fill(undefined);
    for (const row of kept) {
      const key = keyOf.get(row.metric_id);
      const area = position.get(row.area_id);
      if (key === undefined || area === undefined || keys[key]?.periodId !== row.period_id)
        continue;
      slots[key * areaCount + area] = Object.assign(row, { key });
    }
    if (stale.length > 0)
      for (const row of await this.valuesOfKeys(selection, stale)) {
        const area = position.get(row.area_id);
        if (area !== undefined) slots[row.key * areaCount + area] = row;
      }
    return slots.filter((row) => row !== undefined);
  }

  /** The whole selection's values for some of its keys, numbered by the selection's keys. */
  private async valuesOfKeys(
    selection: repository.ValueSelection,
    keyIndexes: readonly number[],
    signal?: AbortSignal,
  ): Promise<repository.ValueRow[]> {
    const keys = keyIndexes.map((i) => selection.keys[i]).filter((k) => k !== undefined);
    const rows = await this.valuesInBatches({ ...selection, keys }, {}, signal);
    return rows.map((r) => ({ ...r, key: keyIndexes[r.key] ?? -1 }));
  }

  /** How many keys one statement reads or counts (see cellsPerStatement). */
  private static keysPerStatement(selection: repository.ValueSelection, cells: number): number {
    return Math.max(1, Math.floor(cells / Math.max(1, selection.areaIds.length)));
  }

  /**
   * The values of a selection, or one page of them (limit, offset), in the same order as one
   * statement would give them, read a few keys at a time: a page stops reading once it is full,
   * and the keys before the page are only counted.
   */
  private async valuesInBatches(
    selection: repository.ValueSelection,
    page: { limit?: number | undefined; offset?: number | undefined },
    signal?: AbortSignal,
  ): Promise<repository.ValueRow[]> {
    const step = DataService.keysPerStatement(selection, cellsPerStatement);
    const wanted = page.limit ?? Number.POSITIVE_INFINITY;
    let skip = page.offset ?? 0;
    const rows: repository.ValueRow[] = [];
    for (let start = 0; start < selection.keys.length && rows.length < wanted; start += step) {
      await turn();
      signal?.throwIfAborted();
      const part = { ...selection, keys: selection.keys.slice(start, start + step) };
      if (skip > 0) {
        const held = await repository.countValues(this.db, part);
        if (held <= skip) {
          skip -= held;
          continue;
        }
      }
      for (const row of await repository.valuesFor(this.db, part)) {
        if (skip > 0) skip -= 1;
        else if (rows.length < wanted) rows.push({ ...row, key: row.key + start });
      }
    }
    return rows;
  }

  private async countInBatches(
    selection: repository.ValueSelection,
    signal?: AbortSignal,
  ): Promise<number> {
    const step = DataService.keysPerStatement(selection, cellsPerCount);
    let total = 0;
    for (let start = 0; start < selection.keys.length; start += step) {
      await turn();
      signal?.throwIfAborted();
      const part = { ...selection, keys: selection.keys.slice(start, start + step) };
      total += await repository.countValues(this.db, part);
    }
    return total;
  }

  /** England's value for each of these keys, whether or not England is among the areas. */
  private async benchmarks(
    selection: repository.ValueSelection,
    keyIndexes: readonly number[],
    catalogue: Catalogue,
  ): Promise<Map<number, number | null>> {
    const england = catalogue.areas.get(englandCode);
    if (!england) return new Map();
    const rows = await this.valuesOfKeys({ ...selection, areaIds: [england.id] }, keyIndexes);
    return new Map(rows.map((r) => [r.key, r.value]));
  }
}
