import { compareGroup, groupStatistics } from '../comparison/statistics.ts';
import type { AreaType, Polarity } from '../db/vocabulary.ts';
import { directionOf, type Direction, type Figure, type Tolerance } from '../overview/direction.ts';
import type { Rule, RuleOf, RuleSet } from './rules.schema.ts';

/*
 * Early warning (issue 19): the rule set applied to published figures, a pure calculation so
 * that the rules the method note states are exactly the rules applied. Each flag carries the
 * figures that raised it, each with what it was compared with.
 */

/** One measure's figures for every council, as the overview reads them. */
export interface MeasureFigures {
  slug: string;
  title: string;
  polarity: Polarity;
  /** Every period any council has a figure in, oldest first. */
  periods: readonly string[];
  latest: string | null;
  /** area code → period code → figure. */
  figures: ReadonlyMap<string, ReadonlyMap<string, Figure>>;
}

/** A basket measure's rule for a change, as the overview judges it. */
export interface BasketMeasureRule {
  metric: string;
  polarity: Polarity | null;
  useIntervals: boolean;
  tolerance: Tolerance;
  methodChanges: readonly string[];
}

export interface BasketInput {
  slug: string;
  measures: readonly BasketMeasureRule[];
}

/** The overview's judgement of one measure for one council since a baseline. */
export interface KeptDirection {
  direction: Direction;
  baseline: { period: string | null; value: number | null };
  latest: { period: string | null; value: number | null };
}

export interface Council {
  code: string;
  type: AreaType;
  /** The councils it is compared with by default (its nearest neighbours), without itself. */
  group: readonly string[];
}

export interface Inputs {
  councils: readonly Council[];
  baskets: readonly BasketInput[];
  measures: ReadonlyMap<string, MeasureFigures | null>;
  /** basket → area → metric → direction since the low-and-worsening rule's baseline. */
  directions: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, KeptDirection>>>;
}

/** One figure behind a flag, and what it was set against. */
export interface Evidence {
  metric: string;
  title: string;
  period: string;
  value: number;
  /** The figure it was compared with: the group's median, the year before, a limit. */
  against: { label: string; period: string | null; value: number } | null;
  /** What the comparison found, in words with its numbers. */
  finding: string;
}

export interface Flag {
  area: string;
  rule: string;
  theme: string;
  summary: string;
  evidence: Evidence[];
}

const round = (value: number, places = 2) => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};

const judged = (polarity: Polarity): polarity is 'higher-is-better' | 'lower-is-better' =>
  polarity !== 'no-judgement';

function polarityOf(rule: BasketMeasureRule, held: MeasureFigures): Polarity {
  return rule.polarity ?? held.polarity;
}

/** The council's and its group's figures at the measure's latest period. */
function latestOfGroup(held: MeasureFigures, council: Council) {
  if (held.latest === null) return null;
  const latest = held.latest;
  const own = held.figures.get(council.code)?.get(latest);
  if (!own) return null;
  const values = [council.code, ...council.group].flatMap((area) => {
    const figure = held.figures.get(area)?.get(latest);
    // Only figures with a value are kept: each is an ordinary, comparable one.
    return figure
      ? [{ area, value: figure.value, lci: null, uci: null, status: 'ok' as const }]
      : [];
  });
  return { own, values };
}

function lowAndWorsening(rule: RuleOf<'low-and-worsening'>, inputs: Inputs, council: Council) {
  const flags: Flag[] = [];
  for (const theme of rule.themes) {
    const basket = inputs.baskets.find((b) => b.slug === theme.basket);
    if (!basket) continue;
    const low: Evidence[] = [];
    const worse: Evidence[] = [];
    for (const measure of basket.measures) {
      const held = inputs.measures.get(measure.metric);
      if (!held) continue;
      const polarity = polarityOf(measure, held);
      const group = latestOfGroup(held, council);
      if (group && judged(polarity)) {
        const standing = compareGroup(group.values, polarity).standings.find(
          (s) => s.area === council.code,
        );
        const stats = groupStatistics(group.values.map((v) => v.value));
        if (standing?.comparable && standing.quartileBand === 4 && stats)
          low.push({
            metric: held.slug,
            title: held.title,
            period: group.own.period,
            value: group.own.value,
            against: { label: 'group median', period: group.own.period, value: stats.median },
            finding: `${standing.rank} of ${standing.outOf} in its group: the bottom quarter`,
          });
      }
      const kept = inputs.directions.get(basket.slug)?.get(council.code)?.get(measure.metric);
      if (kept?.direction === 'worsened' && kept.latest.value !== null && kept.latest.period)
        worse.push({
          metric: held.slug,
          title: held.title,
          period: kept.latest.period,
          value: kept.latest.value,
          against:
            kept.baseline.value === null
              ? null
              : { label: 'baseline', period: kept.baseline.period, value: kept.baseline.value },
          finding: `worse than at the ${rule.baseline} baseline`,
        });
    }
    if (low.length >= theme.bottomQuarter && worse.length >= theme.worsened)
      flags.push({
        area: council.code,
        rule: rule.id,
        theme: basket.slug,
        summary: `In the bottom quarter of its group on ${low.length} of ${basket.measures.length} measures, and worse than in ${rule.baseline} on ${worse.length}`,
        evidence: [...low, ...worse],
      });
  }
  return flags;
}

function sharpFalls(rule: RuleOf<'sharp-fall'>, inputs: Inputs, council: Council) {
  const flags: Flag[] = [];
  for (const basket of inputs.baskets.filter((b) => rule.baskets.includes(b.slug))) {
    const evidence: Evidence[] = [];
    for (const measure of basket.measures) {
      const held = inputs.measures.get(measure.metric);
      if (!held?.latest) continue;
      const at = held.periods.indexOf(held.latest);
      const previous = at > 0 ? held.periods[at - 1] : undefined;
      const ofArea = held.figures.get(council.code);
      const before = previous === undefined ? null : (ofArea?.get(previous) ?? null);
      const after = ofArea?.get(held.latest) ?? null;
      const outcome = directionOf(before, after, {
        polarity: polarityOf(measure, held),
        useIntervals: measure.useIntervals,
        tolerance: { relative: rule.relative },
        methodChanges: measure.methodChanges,
      });
      if (outcome.direction !== 'worsened' || !before || !after) continue;
      const change = before.value === 0 ? null : (after.value - before.value) / before.value;
      evidence.push({
        metric: held.slug,
        title: held.title,
        period: after.period,
        value: after.value,
        against: { label: 'period before', period: before.period, value: before.value },
        finding:
          outcome.decidedBy === 'intervals'
            ? 'worse, with the confidence intervals apart'
            : `worse by ${change === null ? 'a change from zero' : `${round(Math.abs(change) * 100, 1)}%`}`,
      });
    }
    if (evidence.length >= rule.atLeast)
      flags.push({
        area: council.code,
        rule: rule.id,
        theme: basket.slug,
        summary: `${evidence.length} of ${basket.measures.length} measures fell sharply in the latest period`,
        evidence,
      });
  }
  return flags;
}

/** The median of the absolute deviations from the median: the spread the outlier test uses. */
export function medianAbsoluteDeviation(values: readonly number[]) {
  const centre = groupStatistics(values);
  if (!centre) return null;
  const spread = groupStatistics(values.map((v) => Math.abs(v - centre.median)));
  return spread ? { median: centre.median, deviation: spread.median } : null;
}

function outliers(rule: RuleOf<'outlier'>, inputs: Inputs, council: Council) {
  const flags: Flag[] = [];
  for (const basket of inputs.baskets.filter((b) => rule.baskets.includes(b.slug))) {
    const evidence: Evidence[] = [];
    for (const measure of basket.measures) {
      const held = inputs.measures.get(measure.metric);
      if (!held) continue;
      const polarity = polarityOf(measure, held);
      const group = latestOfGroup(held, council);
      const spread = group ? medianAbsoluteDeviation(group.values.map((v) => v.value)) : null;
      // A group that mostly agrees exactly (no spread) gives no scale to judge a distance by.
      if (!group || !spread || spread.deviation === 0 || !judged(polarity)) continue;
      const distance = (group.own.value - spread.median) / (spread.deviation * rule.scale);
      const worse = polarity === 'higher-is-better' ? -distance : distance;
      if (worse <= rule.deviations) continue;
      evidence.push({
        metric: held.slug,
        title: held.title,
        period: group.own.period,
        value: group.own.value,
        against: { label: 'group median', period: group.own.period, value: spread.median },
        finding: `${round(worse, 1)} scaled median absolute deviations (${round(spread.deviation * rule.scale, 3)} each) the worse side of the median of ${group.values.length} councils`,
      });
    }
    if (evidence.length > 0)
      flags.push({
        area: council.code,
        rule: rule.id,
        theme: basket.slug,
        summary: `Far from similar councils on ${evidence.length} ${evidence.length === 1 ? 'measure' : 'measures'}`,
        evidence,
      });
  }
  return flags;
}

function aboveLevel(rule: RuleOf<'above'>, inputs: Inputs, council: Council): Flag[] {
  const held = inputs.measures.get(rule.metric);
  const figure = held?.latest ? held.figures.get(council.code)?.get(held.latest) : undefined;
  if (!held || !figure || !(figure.value > rule.level)) return [];
  return [
    {
      area: council.code,
      rule: rule.id,
      theme: rule.theme,
      summary: `${held.title}: ${round(figure.value, 1)}, above ${rule.level}`,
      evidence: [
        {
          metric: held.slug,
          title: held.title,
          period: figure.period,
          value: figure.value,
          against: { label: 'level', period: null, value: rule.level },
          finding: `above the rule’s level of ${rule.level}`,
        },
      ],
    },
  ];
}

/** The largest rise without a referendum for this council in this period, in %; null if unknown. */
function limitOf(
  rule: RuleOf<'referendum-limit'>,
  council: Council,
  period: string,
  before: number,
) {
  const principle = rule.principles.find((p) => p.period === period);
  if (!principle) return null;
  if ((rule.socialCareTypes as readonly string[]).includes(council.type))
    return principle.socialCare;
  if (council.type !== 'district') return null;
  return Math.max(principle.district, (principle.districtPounds / before) * 100);
}

function atReferendumLimit(rule: RuleOf<'referendum-limit'>, inputs: Inputs, council: Council) {
  const held = inputs.measures.get(rule.metric);
  const ofArea = held?.figures.get(council.code);
  if (!held || !ofArea || held.periods.length <= rule.years) return [];
  const evidence: Evidence[] = [];
  const latest = held.periods.length - 1;
  for (let i = latest; i > latest - rule.years; i--) {
    const after = ofArea.get(held.periods[i] ?? '');
    const before = ofArea.get(held.periods[i - 1] ?? '');
    if (!after || !before || before.value <= 0) return [];
    const limit = limitOf(rule, council, after.period, before.value);
    const rise = (after.value / before.value - 1) * 100;
    if (limit === null || rise < limit - rule.slack) return [];
    evidence.push({
      metric: held.slug,
      title: held.title,
      period: after.period,
      value: after.value,
      against: { label: 'year before', period: before.period, value: before.value },
      finding: `up ${round(rise)}%: at the limit of ${round(limit)}% (a referendum is needed at or above it)`,
    });
  }
  return [
    {
      area: council.code,
      rule: rule.id,
      theme: rule.theme,
      summary: `Band D raised to the referendum limit in each of the latest ${rule.years} years`,
      evidence: evidence.reverse(),
    },
  ];
}

function applyRule(rule: Rule, inputs: Inputs, council: Council): Flag[] {
  switch (rule.kind) {
    case 'low-and-worsening':
      return lowAndWorsening(rule, inputs, council);
    case 'sharp-fall':
      return sharpFalls(rule, inputs, council);
    case 'outlier':
      return outliers(rule, inputs, council);
    case 'above':
      return aboveLevel(rule, inputs, council);
    case 'referendum-limit':
      return atReferendumLimit(rule, inputs, council);
  }
}

/** Every flag the rules raise on every council, council by council in the order given. */
export function evaluate(rules: RuleSet, inputs: Inputs): Flag[] {
  return inputs.councils.flatMap((council) =>
    rules.rules.flatMap((rule) => applyRule(rule, inputs, council)),
  );
}
