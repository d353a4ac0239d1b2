import type { AreaSummary, AreasService } from '../areas/areas.service.ts';
import type { Db } from '../db/database.ts';
import { councilTypes, type GroupsService } from '../groups/groups.service.ts';
import * as metricsRepository from '../metrics/metrics.repository.ts';
import { summariseCoverage } from '../metrics/metrics.service.ts';
import { NotFoundError } from '../shared/errors.ts';
import { groupBy } from '../shared/group-by.ts';
import * as repository from './comparison.repository.ts';
import type { AreaType } from '../db/vocabulary.ts';
import { publicSight, type Sight } from '../db/visibility.ts';
import { headlineMetrics } from './headlines.ts';
import { noFigureReason } from './no-figure.ts';
import * as profileRepository from './profile.repository.ts';
import { StampedCache } from './stamped-cache.ts';
import {
  comparability,
  compareGroup,
  groupStatistics,
  compareWithBenchmark,
  type AreaValue,
  type Measured,
} from './statistics.ts';
import { directionOfTravel, recentTrend, trendPeriods } from './trend.ts';
import {
  comparisonSets,
  existedDuring,
  partitionMembers,
  type LeftOut,
  type MemberFacts,
  type PeriodSpan,
} from './comparable.ts';
import { decodeComparableAcross, type ComparableAcross } from '../metrics/comparable-across.ts';

export const englandCode = 'E92000001';

type Profile = Awaited<ReturnType<ComparisonService['profile']>>;

/**
 * What a council's profile is built from: the data version (every write to values, metrics,
 * areas or groups bumps it), the last embargo to have ended (public data changes then with no
 * write) and the day (a group's members are the councils of today). The format names the kept
 * JSON's shape: change it whenever the profile's fields change, so that a store's kept profiles
 * are built again rather than read in an older shape.
 */
export function keptProfileStamp(
  kept: { version: number; lifted: string | null },
  now: Date,
): string {
  const format = 2;
  return `${format}|${kept.version}|${kept.lifted ?? ''}|${now.toISOString().slice(0, 10)}`;
}

/** A council and stored group ("default": the one its page shows unasked) of a kept profile. */
export type ClaimedProfile = profileRepository.ClaimedProfile;

/** A council's profile that the background builder claimed but could not build. */
export class ProfileBuildError extends Error {
  constructor(
    readonly profile: ClaimedProfile,
    cause: unknown,
  ) {
    super(`building the profile of ${profile.areaCode} (${profile.groupKey}) failed`, { cause });
  }
}

/**
 * A stored group id, or a list of GSS codes: typed in a custom group, or a saved group's members
 * as the route read them for who is asking (`saved` names it in the answer).
 */
export type GroupRequest =
  { id: string } | { codes: string[]; saved?: { id: string; label: string } };

export interface CompareRequest {
  metric: string;
  area: string;
  /** The group to compare with; the area's nearest neighbours if absent. */
  group?: GroupRequest;
  period: string;
}

const missing: Measured = { value: null, lci: null, uci: null, status: 'not-available' };

function measured(row: repository.ValueRow | undefined): Measured {
  return row ? { value: row.value, lci: row.lci, uci: row.uci, status: row.status } : missing;
}

/** A metric's period as a profile reads it: which of the area types asked for it covers. */
function withAreaTypes(row: repository.MetricPeriodRow) {
  return {
    code: row.code,
    label: row.label,
    startDate: row.startDate,
    endDate: row.endDate,
    areaTypes: Object.fromEntries(row.types.map((t) => [t, true])),
  };
}

/**
 * A period without public values of a metric, whether or not the period is stored: a period
 * that only hidden imports wrote must answer as one that does not exist, or the wording would
 * tell which periods an embargoed or restricted import holds.
 */
function noDataIn(slug: string, period: string) {
  return new NotFoundError(`Data for ${slug} in period`, period);
}

/** Groups whose membership follows the register's dates: a period's members existed in it. */
const periodAwareKinds: ReadonlySet<string> = new Set(['type', 'region', 'type-in-region']);

/** The members of a group compared with the subject in one period, and those left out. */
interface Split {
  compared: string[];
  leftOut: LeftOut[];
}

/** A subject left out of its own comparison keeps its figure, flagged, with no rank. */
function leftOutStanding(area: string, split: Split) {
  const own = split.leftOut.find((l) => l.code === area);
  return own ? { area, comparable: false as const, reason: own.reason } : undefined;
}

/** A metric as a profile reads it: its identity and the definition the reader sees. */
type ProfileMetric = Awaited<ReturnType<typeof metricsRepository.everyMetric>>[number];

type ProfilePeriod = ReturnType<typeof withAreaTypes>;

/** Everything a profile is worked out from but the group's values (read by key once ranked). */
interface ProfileRead {
  area: AreaSummary;
  group: { id: string; label: string; kind: string };
  /** The area and its group's members. */
  codes: string[];
  facts: Map<string, MemberFacts>;
  metrics: readonly ProfileMetric[];
  history: readonly (repository.ValueRow & { startDate: string })[];
  /** Each metric's periods, oldest first, with the area types (of those compared) each covers. */
  periodsOf: ReadonlyMap<number, readonly ProfilePeriod[]>;
  /** The group's values read ahead, each metric's (by id) in one period: rankProfile reads the rest. */
  ahead?: { periodOf: ReadonlyMap<number, string>; values: readonly repository.ValueRow[] };
  /** The metrics (by slug) whose rows carry their recent figures; all when absent. */
  drawnRecent?: ReadonlySet<string>;
}

/** The area types a profile compares: the area's own and its group's members'. */
function typesCompared(area: { type: AreaType }, facts: Map<string, MemberFacts>): AreaType[] {
  return [...new Set([area.type, ...[...facts.values()].map((f) => f.type)])];
}

/** A metric of a profile: the area's own values, every period, and those up to its latest. */
interface ProfilePlan {
  metric: ProfileMetric;
  own: readonly repository.ValueRow[];
  all: readonly ProfilePeriod[];
  periods: readonly ProfilePeriod[];
}

/** Each metric's periods as a profile reads them, by metric. */
function periodsByMetric(
  rows: readonly repository.MetricPeriodRow[],
): Map<number, ProfilePeriod[]> {
  return new Map(
    [...groupBy(rows, (p) => p.metricId)].map(([id, list]) => [id, list.map(withAreaTypes)]),
  );
}

/**
 * Each metric of a profile with the area's own values and its periods up to the latest the area
 * has a comparable value in (beginning on or before `until`, if given).
 */
function planProfile(read: ProfileRead, until: string | undefined): ProfilePlan[] {
  const subject = read.facts.get(read.area.code);
  // Whether the area existed in a period, once a period: the metrics share a few hundred.
  const existed = new Map<string, boolean>();
  const lived = (period: ProfilePeriod) => {
    let answer = existed.get(period.code);
    if (answer === undefined) {
      answer = !subject || existedDuring(subject, period);
      existed.set(period.code, answer);
    }
    return answer;
  };
  const historyOf = groupBy(read.history, (h) => h.metricId);
  return read.metrics.map((metric) => {
    const known = read.periodsOf.get(metric.id) ?? [];
    const periods = until === undefined ? known : known.filter((p) => p.startDate <= until);
    const own = historyOf.get(metric.id) ?? [];
    // The latest comparable value; an abolished council's stops at its abolition: later
    // figures are not ranked.
    let at = -1;
    for (let i = own.length - 1; i >= 0 && at < 0; i -= 1) {
      const h = own[i];
      if (!h || !comparability(measured(h)).comparable) continue;
      const index = periods.findIndex((p) => p.code === h.period);
      const period = periods[index];
      if (period && lived(period)) at = index;
    }
    return { metric, own, all: periods, periods: at >= 0 ? periods.slice(0, at + 1) : [] };
  });
}

/** A profile's row of a metric: its latest figure against the group's, or why there is none. */
function profileRow(
  area: AreaSummary,
  { metric, own, all, periods }: ProfilePlan,
  splitFor: (across: string | null, period: ProfilePeriod) => Split,
  atPeriod: Map<string, repository.ValueRow> | undefined,
  withRecent: boolean,
) {
  const period = periods.at(-1);
  const base = {
    slug: metric.slug,
    title: metric.title,
    unit: metric.unit,
    decimalPlaces: metric.decimal_places,
    polarity: metric.polarity,
    theme: metric.theme,
    source: metric.source_organisation,
    licence: metric.licence,
  };
  if (!period)
    return { ...base, period: null, noFigure: noFigureReason({ area, periods: all, own }) };
  const ownBy = new Map(own.map((h) => [h.period, h]));
  const ownAt = (code: string) => measured(ownBy.get(code));
  const split = splitFor(metric.comparable_across, period);
  const groupValues: AreaValue[] = split.compared.map((code) => {
    const row = atPeriod?.get(code);
    return row
      ? { area: code, value: row.value, lci: row.lci, uci: row.uci, status: row.status }
      : { area: code, ...missing };
  });
  const comparison = compareGroup(groupValues, metric.polarity);
  const england = measured(atPeriod?.get(englandCode));
  const value = ownAt(period.code);
  const unpublished = ownBy.get(period.code)?.unpublished ?? false;
  const previous = periods.at(-2);
  const recent = periods.slice(-trendPeriods);
  // Assigned rather than spread into a new object: V8 spreads into an object this wide slowly
  // (a whole profile's rows, 13 → 9 ms; see profile.presenter.ts).
  return Object.assign(base, {
    period: { code: period.code, label: period.label },
    value,
    unpublished,
    standing: comparison.standings.find((s) => s.area === area.code) ?? null,
    rankedBy: comparison.rankedBy,
    groupMedian: comparison.statistics?.median ?? null,
    compared: split.compared.length,
    leftOut: split.leftOut,
    england: england.value,
    significance: compareWithBenchmark(value, england.value, metric.polarity),
    directionOfTravel: previous
      ? {
          from: { code: previous.code, label: previous.label },
          ...directionOfTravel(ownAt(previous.code), value, metric.polarity),
        }
      : null,
    recentTrend: recentTrend(
      recent.map((p) => ownAt(p.code)),
      metric.polarity,
    ),
    recent: withRecent ? periods.slice(-10).map((p) => ({ label: p.label, ...ownAt(p.code) })) : [],
  });
}

export class ComparisonService {
  /** Every public metric, kept while the public data holds (see buildCouncilProfile). */
  private readonly everyMetricKept = new StampedCache<ProfileMetric[]>();
  /**
   * Every public metric's periods for a set of area types (the key), kept likewise: the demo's
   * councils compare 13 sets, under 1.3 MB of heap each.
   */
  private readonly periodsKept = new StampedCache<Map<number, ProfilePeriod[]>>(16);

  constructor(
    private readonly db: Db,
    private readonly areas: AreasService,
    private readonly groups: GroupsService,
  ) {}

  /** The register's facts (type, lifetime) of these areas, by code. */
  private async facts(codes: readonly string[]): Promise<Map<string, MemberFacts>> {
    const rows = await repository.areaFacts(this.db, codes);
    return new Map(
      rows.map((r) => [
        r.code,
        {
          code: r.code,
          name: r.short_name,
          type: r.type,
          validFrom: r.valid_from,
          validTo: r.valid_to,
        },
      ]),
    );
  }

  /**
   * Which of the codes are compared with the subject for a metric in a period, and why not. A
   * group that follows the register's dates (type, tier, region) has as members, in a period,
   * the councils that existed then: the others are not members, rather than left out.
   */
  private split(
    facts: Map<string, MemberFacts>,
    subject: string,
    codes: readonly string[],
    across: ComparableAcross,
    period: PeriodSpan,
    kind = 'custom',
  ): Split {
    const own = facts.get(subject);
    const members = codes.flatMap((code) => {
      const found = facts.get(code);
      return found ? [found] : [];
    });
    if (!own) return { compared: [...codes], leftOut: [] };
    const split = partitionMembers(own, members, across, period);
    if (!periodAwareKinds.has(kind)) return split;
    return {
      compared: split.compared,
      leftOut: split.leftOut.filter((l) => l.code === subject || l.reason !== 'outside-lifetime'),
    };
  }

  /** The group a comparison uses: a stored group, a custom list, or the area's neighbours. */
  private async resolveGroup(
    area: { code: string; type: AreaType },
    requested: CompareRequest['group'],
  ): Promise<{ group: { id: string; label: string; kind: string }; members: string[] }> {
    if (requested && 'codes' in requested) {
      const known = await this.areas.namesOf(requested.codes);
      const unknown = requested.codes.filter((c) => !known.has(c));
      if (unknown.length > 0) throw new NotFoundError('Area', unknown.join(', '));
      const { id, label } = requested.saved ?? {
        id: `custom:${requested.codes.join(',')}`,
        label: 'Custom group',
      };
      return { group: { id, label, kind: 'custom' }, members: requested.codes };
    }
    const id = requested?.id ?? (await this.groups.defaultGroupId(area));
    const found = await this.groups.memberCodes(id);
    return {
      group: { id: found.group.id, label: found.group.label, kind: found.group.kind },
      members: found.codes,
    };
  }

  /**
   * An area's headline metrics against a group, each at the latest period the area has a value
   * for: value, rank and quartile band, significance against England, direction of travel,
   * recent trend and the recent values for a sparkline. Every figure comes from primary-key
   * lookups: the area's own history, then the group's values in those periods. `until` (a
   * date) reads each metric as it stood then: its latest period beginning on or before it.
   * `at` (a past moment) reads the data as it was published then, from the values and their
   * revisions: slower, and never kept.
   */
  async profile(
    areaCode: string,
    requested?: CompareRequest['group'],
    slugs: readonly string[] = headlineMetrics,
    sight: Sight = publicSight,
    until?: string,
    at?: Date,
  ) {
    const grouped = await this.areaAndGroup(areaCode, requested);
    const { area, facts } = grouped;
    const bySlug = new Map(
      (await metricsRepository.findMetrics(this.db, slugs, sight, at)).map((m) => [m.slug, m]),
    );
    const metrics = slugs.flatMap((slug) => {
      const m = bySlug.get(slug);
      return m ? [m] : [];
    });
    const ids = metrics.map((m) => m.id);
    const [history, periodRows] = await Promise.all([
      repository.areaHistory(this.db, area.code, ids, sight, at),
      repository.metricPeriods(this.db, ids, typesCompared(area, facts), sight, at),
    ]);
    const read = { ...grouped, metrics, history, periodsOf: periodsByMetric(periodRows) };
    return this.rankProfile(read, sight, until, at);
  }

  /**
   * A profile from what was read for it: each metric at the latest period the area has a
   * comparable value for, ranked against the group's values then (read here, by key).
   */
  private async rankProfile(read: ProfileRead, sight: Sight, until?: string, at?: Date) {
    const { area, group, codes, facts, history } = read;
    const subject = facts.get(area.code);
    const plans = planProfile(read, until);
    const wanted = plans.flatMap(({ metric, periods }) =>
      periods.slice(-1).map((p) => ({ metricId: metric.id, period: p.code })),
    );
    const { ahead } = read;
    const chosen = new Map(wanted.map((k) => [k.metricId, k.period]));
    const values = [
      ...(ahead?.values.filter((v) => chosen.get(v.metricId) === v.period) ?? []),
      ...(await repository.valuesAtKeys(
        this.db,
        ahead ? wanted.filter((k) => ahead.periodOf.get(k.metricId) !== k.period) : wanted,
        [...codes, englandCode],
        sight,
        at,
      )),
    ];
    // Each metric was read at one period only: its values by area, without a key built per look.
    const valuesOf = new Map<number, Map<string, repository.ValueRow>>();
    for (const v of values) {
      const byArea = valuesOf.get(v.metricId) ?? new Map<string, repository.ValueRow>();
      byArea.set(v.code, v);
      valuesOf.set(v.metricId, byArea);
    }
    // Metrics alike in what they compare and when split the group alike: hundreds of a whole
    // profile's metrics share a handful of splits.
    const splits = new Map<string, Split>();
    const splitFor = (across: string | null, period: PeriodSpan & { code: string }) => {
      const key = `${across ?? ''}|${period.code}`;
      let split = splits.get(key);
      if (!split) {
        split = this.split(
          facts,
          area.code,
          codes,
          decodeComparableAcross(across),
          period,
          group.kind,
        );
        splits.set(key, split);
      }
      return split;
    };
    const drawn = read.drawnRecent;
    const rows = plans.map((plan) =>
      profileRow(
        area,
        plan,
        splitFor,
        valuesOf.get(plan.metric.id),
        drawn?.has(plan.metric.slug) ?? true,
      ),
    );
    // A profile's group is the one of the council's own time: today's, or its last day's.
    const day = subject?.validTo ?? new Date().toISOString().slice(0, 10);
    const then = { label: day, startDate: day, endDate: day };
    const size = codes.filter((code) => {
      const member = facts.get(code);
      return !member || !periodAwareKinds.has(group.kind) || existedDuring(member, then);
    }).length;
    // Whether any figure drawn on was seen through the reader's sight: the page says so.
    const unpublished = history.some((h) => h.unpublished) || values.some((v) => v.unpublished);
    return { area, group: { ...group, size }, metrics: rows, unpublished };
  }

  /**
   * A council's whole profile: the headline metrics in their reviewed order, then every other
   * public metric the council has a figure of (or a row saying why not), by slug; the recent
   * figures of headline metrics only. Kept in the database once built, for the group asked for
   * (not a custom one), until the data, an embargo or the day changes: see keptProfileStamp.
   * A reader who may see more than the public (a non-empty `sight`) gets theirs built afresh,
   * never kept.
   */
  async councilProfile(
    areaCode: string,
    requested?: CompareRequest['group'],
    sight: Sight = publicSight,
  ) {
    // A custom group is anyone's list of codes: built each time rather than kept.
    if ((requested && 'codes' in requested) || sight.length > 0)
      return this.buildCouncilProfile(areaCode, requested, sight);
    const groupKey = requested?.id ?? 'default';
    const [kept, area] = await Promise.all([
      profileRepository.keptProfile(this.db, areaCode, groupKey),
      this.areas.getSummary(areaCode),
    ]);
    const stamp = keptProfileStamp(kept, new Date());
    const body =
      kept.stamp === stamp && kept.body !== null
        ? kept.body
        : await this.buildAndKeep(areaCode, requested, groupKey, stamp);
    // Read back from its JSON even when just built, so that a kept profile and a fresh one
    // reach the page exactly alike.
    const profile = JSON.parse(body) as Omit<Profile, 'area'>;
    return { area, ...profile };
  }

  /**
   * The background builder's step: claims one council whose page's own profile (no group
   * chosen) is not kept for the state of the data now, builds it and keeps it. The council
   * claimed, or null when none is due. A failed build keeps its claim until it lapses, so the
   * council is tried again then rather than at once; the error is thrown with it.
   */
  async keepNextDueProfile(now: Date, claimSeconds: number): Promise<ClaimedProfile | null> {
    const stamp = keptProfileStamp(await profileRepository.publicState(this.db), now);
    const claimed = await profileRepository.claimDueProfile(
      this.db,
      stamp,
      councilTypes,
      claimSeconds,
    );
    if (!claimed) return null;
    const { areaCode, groupKey } = claimed;
    const requested = groupKey === 'default' ? undefined : { id: groupKey };
    try {
      await this.buildAndKeep(areaCode, requested, groupKey, stamp);
    } catch (error) {
      throw new ProfileBuildError(claimed, error);
    }
    return claimed;
  }

  /** Builds a council's whole profile, keeps it under its group's key and stamp: its JSON. */
  private async buildAndKeep(
    areaCode: string,
    requested: { id: string } | undefined,
    groupKey: string,
    stamp: string,
  ): Promise<string> {
    const built = await this.buildCouncilProfile(areaCode, requested, publicSight, stamp);
    const body = JSON.stringify({
      group: built.group,
      metrics: built.metrics,
      unpublished: built.unpublished,
    });
    await profileRepository.keepProfile(this.db, { areaCode, groupKey, stamp, body });
    return body;
  }

  /**
   * A whole profile built: the headline metrics in their reviewed order, then every other
   * metric the reader sees that the council has a figure of, by slug. The council's history
   * (every metric it has) is read beside its group. `stamp` (see keptProfileStamp), given for
   * the public's, lets the reads that every council of the same types shares (the metrics and
   * their periods) be kept in memory until the public data changes: the first build after an
   * import reads them, the builder's next ones do not.
   */
  private async buildCouncilProfile(
    areaCode: string,
    requested?: CompareRequest['group'],
    sight: Sight = publicSight,
    stamp?: string,
  ) {
    const shared = stamp !== undefined && sight.length === 0 ? stamp : undefined;
    const every = await (shared === undefined
      ? metricsRepository.everyMetric(this.db, sight)
      : this.everyMetricKept.get(shared, '', () => metricsRepository.everyMetric(this.db)));
    const ids = every.map((m) => m.id);
    const [history, grouped] = await Promise.all([
      repository.areaHistory(this.db, areaCode, ids, sight),
      this.groupAhead(areaCode, requested, ids, sight, shared),
    ]);
    const has = new Set(history.map((h) => h.metricId));
    const headlines = new Set(headlineMetrics);
    const bySlug = new Map(every.map((m) => [m.slug, m]));
    const metrics = [
      ...headlineMetrics.flatMap((slug) => bySlug.get(slug) ?? []),
      ...every.filter((m) => has.has(m.id) && !headlines.has(m.slug)),
    ];
    // Only headline rows draw their recent figures (a sparkline): the others' were 40% of the
    // kept JSON, and working them out a fifth of the rows' time.
    return this.rankProfile({ ...grouped, metrics, history, drawnRecent: headlines }, sight);
  }

  /**
   * A whole profile's reads beside the council's history: the area and its group, each
   * metric's periods, and the group's values in each metric's latest period the council existed
   * in. The council has a figure then in most metrics; rankProfile reads the others' values.
   */
  private async groupAhead(
    areaCode: string,
    requested: CompareRequest['group'] | undefined,
    ids: readonly number[],
    sight: Sight,
    shared: string | undefined,
  ) {
    const grouped = await this.areaAndGroup(areaCode, requested);
    const { area, facts, codes } = grouped;
    const types = typesCompared(area, facts);
    const read = () => repository.metricPeriods(this.db, ids, types, sight).then(periodsByMetric);
    const periodsOf = await (shared === undefined
      ? read()
      : this.periodsKept.get(shared, [...types].sort().join(' '), read));
    const subject = facts.get(area.code);
    const periodOf = new Map<number, string>();
    for (const [metricId, periods] of periodsOf) {
      const period = periods.findLast((p) => !subject || existedDuring(subject, p));
      if (period) periodOf.set(metricId, period.code);
    }
    const keys = [...periodOf].map(([metricId, period]) => ({ metricId, period }));
    const values = await repository.valuesAtKeys(this.db, keys, [...codes, englandCode], sight);
    return { ...grouped, periodsOf, ahead: { periodOf, values } };
  }

  /** The area, the group a comparison of it uses, and the register's facts of both. */
  private async areaAndGroup(areaCode: string, requested?: CompareRequest['group']) {
    const area = await this.areas.getSummary(areaCode);
    const { group, members } = await this.resolveGroup(area, requested);
    const codes = [...new Set([area.code, ...members])];
    return { area, group, codes, facts: await this.facts(codes) };
  }

  /** The group a comparison of the area uses (its nearest neighbours unless asked), and members. */
  async groupOf(areaCode: string, requested?: CompareRequest['group']) {
    return this.resolveGroup(await this.areas.getSummary(areaCode), requested);
  }

  /**
   * Several councils across several metrics, each metric at its latest public period (or its
   * latest beginning on or before `until`, a date): the compare page's table and small multiples.
   * `at` (a past moment) reads the data as it was published then.
   */
  async compareMany(
    areaCodes: readonly string[],
    slugs: readonly string[],
    sight: Sight = publicSight,
    until?: string,
    at?: Date,
  ) {
    const found = await metricsRepository.findMetrics(this.db, slugs, sight, at);
    const unknownMetric = slugs.find((slug) => !found.some((m) => m.slug === slug));
    if (unknownMetric) throw new NotFoundError('Metric', unknownMetric);
    const names = await this.areas.namesOf(areaCodes);
    const unknownArea = areaCodes.find((code) => !names.has(code));
    if (unknownArea) throw new NotFoundError('Area', unknownArea);
    const metrics = slugs.flatMap((slug) => found.filter((m) => m.slug === slug));
    const coverage = await metricsRepository.visibleCoverage(
      this.db,
      metrics.map((m) => m.id),
      sight,
      at,
    );
    const latest = new Map(
      metrics.map((m) => [
        m.id,
        summariseCoverage(coverage.filter((c) => c.metric_id === m.id))
          .periods.filter((p) => until === undefined || p.startDate <= until)
          .at(-1),
      ]),
    );
    const values = await repository.valuesAtKeys(
      this.db,
      metrics.flatMap((m) => {
        const period = latest.get(m.id);
        return period ? [{ metricId: m.id, period: period.code }] : [];
      }),
      areaCodes,
      sight,
      at,
    );
    const facts = await this.facts(areaCodes);
    return {
      areas: areaCodes.map((code) => ({ code, name: names.get(code) ?? code })),
      metrics: metrics.map((metric) => {
        const period = latest.get(metric.id);
        return {
          sets: period
            ? comparisonSets(
                areaCodes.flatMap((code) => facts.get(code) ?? []),
                decodeComparableAcross(metric.comparable_across),
                period,
              )
            : [],
          slug: metric.slug,
          title: metric.title,
          unit: metric.unit,
          decimalPlaces: metric.decimal_places,
          polarity: metric.polarity,
          period: period ? { code: period.code, label: period.label } : null,
          values: areaCodes.map((code) => {
            const row = values.find(
              (v) => v.metricId === metric.id && v.code === code && v.period === period?.code,
            );
            return {
              code,
              name: names.get(code) ?? code,
              ...measured(row),
              unpublished: row?.unpublished ?? false,
            };
          }),
        };
      }),
    };
  }

  /**
   * Every council of the area's group with its figure of each measure, each measure in the period
   * asked (a report reads the period its profile chose), split as the profile splits the group:
   * those compared in that period, and those left out. England's figure beside, for reference.
   * What a quadrant chart plots: primary-key lookups only, none of a measure page's map.
   */
  async groupFigures(
    areaCode: string,
    requested: CompareRequest['group'],
    wanted: readonly { slug: string; period: string }[],
    sight: Sight = publicSight,
  ) {
    const area = await this.areas.getSummary(areaCode);
    const { group, members } = await this.resolveGroup(area, requested);
    const codes = [...new Set([area.code, ...members])];
    const found = await metricsRepository.findMetrics(
      this.db,
      wanted.map((w) => w.slug),
      sight,
    );
    const facts = await this.facts(codes);
    const types = [...new Set([area.type, ...[...facts.values()].map((f) => f.type)])];
    const [periodRows, names] = await Promise.all([
      repository.metricPeriods(
        this.db,
        found.map((m) => m.id),
        types,
        sight,
      ),
      this.areas.namesOf([...codes, englandCode]),
    ]);
    const asked = wanted.flatMap(({ slug, period }) => {
      const metric = found.find((m) => m.slug === slug);
      const span = periodRows.find((p) => p.metricId === metric?.id && p.code === period);
      return metric && span ? [{ metric, period: span }] : [];
    });
    const values = await repository.valuesAtKeys(
      this.db,
      asked.map((a) => ({ metricId: a.metric.id, period: a.period.code })),
      [...codes, englandCode],
      sight,
    );
    return asked.map(({ metric, period }) => {
      const at = (code: string) =>
        values.find((v) => v.metricId === metric.id && v.period === period.code && v.code === code);
      const split = this.split(
        facts,
        area.code,
        codes,
        decodeComparableAcross(metric.comparable_across),
        period,
        group.kind,
      );
      return {
        slug: metric.slug,
        title: metric.title,
        unit: metric.unit,
        decimalPlaces: metric.decimal_places,
        polarity: metric.polarity,
        period: { code: period.code, label: period.label },
        members: split.compared.map((code) => ({
          code,
          name: names.get(code) ?? code,
          ...measured(at(code)),
          unpublished: at(code)?.unpublished ?? false,
        })),
        leftOut: split.leftOut,
        england: measured(at(englandCode)),
      };
    });
  }

  /**
   * compareMany with what the compare page shows beside it: each metric's England figure in its
   * latest period, and the councils' and England's figures over the metric's last periods (up
   * to `span`), for the trend chart. One index lookup for every figure shown, and no other.
   */
  async compareOverTime(
    areaCodes: readonly string[],
    slugs: readonly string[],
    sight: Sight = publicSight,
    span = 10,
  ) {
    const [latest, metrics] = await Promise.all([
      this.compareMany(areaCodes, slugs, sight),
      metricsRepository.findMetrics(this.db, slugs, sight),
    ]);
    const coverage = await metricsRepository.visibleCoverage(
      this.db,
      metrics.map((m) => m.id),
      sight,
    );
    const series = new Map(
      metrics.map((m) => [
        m.slug,
        {
          id: m.id,
          periods: summariseCoverage(coverage.filter((c) => c.metric_id === m.id)).periods.slice(
            -span,
          ),
        },
      ]),
    );
    const values = await repository.valuesAtKeys(
      this.db,
      [...series.values()].flatMap((s) =>
        s.periods.map((p) => ({ metricId: s.id, period: p.code })),
      ),
      [...areaCodes, englandCode],
      sight,
    );
    const figure = (metricId: number, code: string, period: string | undefined) =>
      measured(
        values.find((v) => v.metricId === metricId && v.code === code && v.period === period),
      );
    return {
      areas: latest.areas,
      // Whether any figure shown was seen through the reader's sight: the page says so.
      unpublished:
        values.some((v) => v.unpublished) ||
        latest.metrics.some((m) => m.values.some((v) => v.unpublished)),
      metrics: latest.metrics.map((m) => {
        const { id, periods } = series.get(m.slug) ?? { id: -1, periods: [] };
        return {
          ...m,
          england: figure(id, englandCode, m.period?.code),
          overTime: {
            periods: periods.map((p) => ({ code: p.code, label: p.label })),
            areas: areaCodes.map((code) => periods.map((p) => figure(id, code, p.code))),
            england: periods.map((p) => figure(id, englandCode, p.code)),
          },
        };
      }),
    };
  }

  /** A metric and its public periods, oldest first; NotFound when it has none. */
  private async metricPeriods(slug: string, sight: Sight, at?: Date) {
    const metric = await metricsRepository.findMetric(this.db, slug, sight, at);
    if (!metric) throw new NotFoundError('Metric', slug);
    const periods = summariseCoverage(
      await metricsRepository.visibleCoverage(this.db, [metric.id], sight, at),
    ).periods;
    if (periods.length === 0) throw new NotFoundError('Metric', slug);
    return { metric, periods };
  }

  /**
   * What a metric page shows for one area and group: every member's figure in the chosen period
   * (for the ranked chart and table), the area, the group median and England over time, and every
   * council of the area's tier in that period (for the map). `at` (a past moment) reads the
   * data as it was published then.
   */
  async metricPage(
    slug: string,
    options: { area: string; group?: CompareRequest['group']; period: string },
    sight: Sight = publicSight,
    at?: Date,
  ) {
    // Independent reads go together: on PostgreSQL each waits on its own connection, and the
    // page's time is the longest chain of reads, not their sum.
    const reading = this.areas.getSummary(options.area);
    // Awaited below: a missing metric is the error told first, as when read one after the other.
    reading.catch(() => {});
    const { metric, periods } = await this.metricPeriods(slug, sight, at);
    const area = await reading;
    const upper = this.groups.defaultModel(area.type) === 'openlg-upper-tier';
    const [{ group, members }, { codes: tier }] = await Promise.all([
      this.resolveGroup(area, options.group),
      this.groups.memberCodes(upper ? 'tier:upper' : 'tier:lower'),
    ]);
    const codes = [...new Set([area.code, ...members])];
    const index =
      options.period === 'latest'
        ? periods.length - 1
        : periods.findIndex((p) => p.code === options.period);
    const period = periods[index];
    if (!period) throw noDataIn(metric.slug, options.period);
    const series = periods.slice(Math.max(0, index - 19), index + 1);
    const [overTime, mapValues, names, shapes, facts] = await Promise.all([
      repository.valuesFor(
        this.db,
        [metric.id],
        series.map((p) => p.code),
        [...codes, englandCode],
        sight,
        at,
      ),
      repository.valuesFor(this.db, [metric.id], [period.code], tier, sight, at),
      this.areas.namesOf([...new Set([...codes, ...tier])]),
      this.areas.layerShapes(upper ? 'utla' : 'ltla'),
      this.facts([...new Set([...codes, ...tier])]),
    ]);
    const figure = (rows: repository.ValueRow[], code: string, periodCode: string) =>
      measured(rows.find((r) => r.code === code && r.period === periodCode));
    const named = (code: string, m: Measured) => ({ code, name: names.get(code) ?? code, ...m });
    const across = decodeComparableAcross(metric.comparable_across);
    const split = this.split(facts, area.code, codes, across, period, group.kind);
    const onMap = new Set(this.split(facts, area.code, tier, across, period).compared);
    return {
      metric,
      area,
      unpublished: overTime.some((r) => r.unpublished) || mapValues.some((r) => r.unpublished),
      group: { ...group, size: split.compared.length },
      period: { code: period.code, label: period.label },
      periods: periods.map((p) => ({ code: p.code, label: p.label })),
      members: split.compared.map((code) => named(code, figure(overTime, code, period.code))),
      leftOut: split.leftOut,
      subjectLeftOut: split.leftOut.some((l) => l.code === area.code)
        ? named(area.code, figure(overTime, area.code, period.code))
        : null,
      overTime: {
        periods: series.map((p) => ({ code: p.code, label: p.label })),
        area: series.map((p) => figure(overTime, area.code, p.code)),
        england: series.map((p) => figure(overTime, englandCode, p.code)),
        groupMedian: series.map((p) => {
          const median = groupStatistics(
            this.split(facts, area.code, codes, across, p, group.kind).compared.flatMap((code) => {
              const c = comparability(figure(overTime, code, p.code));
              return c.comparable ? [c.value] : [];
            }),
          )?.median;
          return median === undefined
            ? { value: null, status: 'not-available' as const }
            : { value: median, status: 'ok' as const };
        }),
      },
      map: {
        tier: upper ? 'upper' : 'lower',
        shapes,
        // Councils not comparable with this one, or not existing then, are drawn without a value.
        areas: tier.flatMap((code) =>
          onMap.has(code) ? [named(code, figure(mapValues, code, period.code))] : [],
        ),
      },
    };
  }

  /**
   * One area against a group for one metric and period: its value, rank, quartile band,
   * significance against England, its region and the group median, direction of travel since the
   * previous period, the recent trend, and the group's statistics.
   */
  async compare(request: CompareRequest, sight: Sight = publicSight) {
    const metric = await metricsRepository.findMetric(this.db, request.metric, sight);
    if (!metric) throw new NotFoundError('Metric', request.metric);
    const area = await this.areas.getSummary(request.area);

    const { group, members } = await this.resolveGroup(area, request.group);
    const codes = [...new Set([area.code, ...members])];

    const coverage = summariseCoverage(
      await metricsRepository.visibleCoverage(this.db, [metric.id], sight),
    );
    const periods = coverage.periods;
    if (periods.length === 0) throw new NotFoundError('Metric', request.metric);
    let index = periods.length - 1;
    if (request.period !== 'latest') {
      index = periods.findIndex((p) => p.code === request.period);
      if (index < 0) throw noDataIn(metric.slug, request.period);
    }
    const window = periods.slice(Math.max(0, index - trendPeriods + 1), index + 1);
    const period = periods[index];
    if (!period) throw noDataIn(metric.slug, request.period);
    const region = area.parents.region?.code;
    const rows = await repository.valuesFor(
      this.db,
      [metric.id],
      window.map((p) => p.code),
      [...codes, englandCode, ...(region ? [region] : [])],
      sight,
    );
    const at = (code: string, periodCode: string) =>
      measured(rows.find((r) => r.code === code && r.period === periodCode));

    const split = this.split(
      await this.facts(codes),
      area.code,
      codes,
      decodeComparableAcross(metric.comparable_across),
      period,
      group.kind,
    );
    const values: AreaValue[] = split.compared.map((code) => ({
      area: code,
      ...at(code, period.code),
    }));
    const comparison = compareGroup(values, metric.polarity);
    if (!comparison.statistics)
      throw new NotFoundError(
        `Data for ${metric.slug} in the group ${group.id} in period`,
        period.code,
      );
    const subject = at(area.code, period.code);
    const england = at(englandCode, period.code);
    const regional = region ? at(region, period.code) : missing;
    const previous = window.at(-2);
    const names = await this.areas.namesOf(codes);
    const standing =
      comparison.standings.find((s) => s.area === area.code) ?? leftOutStanding(area.code, split);
    return {
      metric: {
        slug: metric.slug,
        title: metric.title,
        unit: metric.unit,
        decimalPlaces: metric.decimal_places,
        polarity: metric.polarity,
      },
      area: { code: area.code, name: area.shortName, type: area.type },
      group: {
        ...group,
        size: split.compared.length,
        membershipPeriod: { code: period.code, label: period.label },
      },
      period: { code: period.code, label: period.label },
      value: subject,
      leftOut: split.leftOut,
      standing,
      rankedBy: comparison.rankedBy,
      benchmarks: {
        england: { code: englandCode, ...england },
        region: region ? { code: region, ...regional } : null,
        groupMedian: comparison.statistics.median,
      },
      significance: {
        england: compareWithBenchmark(subject, england.value, metric.polarity),
        region: compareWithBenchmark(subject, regional.value, metric.polarity),
        groupMedian: compareWithBenchmark(subject, comparison.statistics.median, metric.polarity),
      },
      directionOfTravel: previous
        ? {
            from: { code: previous.code, label: previous.label },
            ...directionOfTravel(at(area.code, previous.code), subject, metric.polarity),
          }
        : null,
      recentTrend: {
        from: window[0] ? { code: window[0].code, label: window[0].label } : null,
        ...recentTrend(
          window.map((p) => at(area.code, p.code)),
          metric.polarity,
        ),
      },
      statistics: comparison.statistics,
      standings: comparison.standings.map((s) => ({ ...s, name: names.get(s.area) ?? s.area })),
    };
  }
}
