import type { RuleOf } from '../early-warning/rules.schema.ts';

/*
 * The council-tax lever prefilled from a council's real figures (issue 21), pure: the council
 * tax requirement and Band D of the latest year openlg holds for the council, and the largest
 * rise the referendum principles allow in the year after, which the simulation is about. The
 * principles are the early-warning rules' own (early-warning/ready-made-rules.ts), so that both
 * features read one list.
 */

type ReferendumRule = RuleOf<'referendum-limit'>;

/** One year's figures for the council, as the data service answered them. */
export interface CouncilTaxFigures {
  /** The period's code, such as 2025-04-01/P1Y, and label, such as 2025/26. */
  period: string;
  label: string;
  /** The council's own council tax requirement: its parishes' precepts taken out. */
  requirementPounds: number | null;
  bandDPounds: number | null;
}

export interface CouncilTaxPrefill {
  /** The year the lever is for: the year after the figures, as 2026/27. */
  year: string;
  /** The year of the figures read, as 2025/26. */
  figuresYear: string;
  requirementPounds: number;
  bandDPennies: number;
  limitBasisPoints: number;
  /** The year of the principles the limit follows, and the report that sets them out. */
  principlesYear: string;
  principlesSource: string;
  /** True when openlg holds no principles for the lever's year, so the latest were used. */
  principlesAssumed: boolean;
}

/**
 * Why a council's lever cannot be prefilled: no figures held, no principles held, or an
 * authority the principles held do not cover (fire, police and combined authorities).
 */
export type PrefillGap =
  { kind: 'no-figures' } | { kind: 'no-principles' } | { kind: 'type-not-covered'; type: string };

const yearLabel = (startYear: number) =>
  `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;

const startYearOf = (period: string) => Number(period.slice(0, 4));

/**
 * The largest rise, in basis points, that is not excessive: a rise of the principle's percent
 * or more is, so it is 0.01 percentage points below; for a shire district a rise of up to the
 * principle's pounds on Band D is allowed where that is more. Null for a type the principles
 * do not cover.
 */
export function referendumLimitBasisPoints(
  rule: ReferendumRule,
  principle: ReferendumRule['principles'][number],
  councilType: string,
  bandDPennies: number,
): number | null {
  if ((rule.socialCareTypes as readonly string[]).includes(councilType))
    return Math.round(principle.socialCare * 100) - 1;
  if (councilType !== 'district') return null;
  const byPercent = Math.round(principle.district * 100) - 1;
  const byPounds = Math.floor((principle.districtPounds * 100 * 10_000) / bandDPennies);
  return Math.max(byPercent, byPounds);
}

/** The lever's figures from the council's years of figures and the principles; or why not. */
export function councilTaxPrefill(
  rule: ReferendumRule,
  councilType: string,
  years: readonly CouncilTaxFigures[],
): CouncilTaxPrefill | PrefillGap {
  const latest = [...years]
    .filter((y) => y.requirementPounds !== null && y.bandDPounds !== null && y.bandDPounds > 0)
    .sort((a, b) => a.period.localeCompare(b.period))
    .at(-1);
  if (!latest || latest.requirementPounds === null || latest.bandDPounds === null)
    return { kind: 'no-figures' };
  const leverYear = startYearOf(latest.period) + 1;
  const principles = [...rule.principles].sort((a, b) => a.period.localeCompare(b.period));
  const exact = principles.find((p) => startYearOf(p.period) === leverYear);
  const principle = exact ?? principles.at(-1);
  if (!principle) return { kind: 'no-principles' };
  const bandDPennies = Math.round(latest.bandDPounds * 100);
  const limit = referendumLimitBasisPoints(rule, principle, councilType, bandDPennies);
  if (limit === null) return { kind: 'type-not-covered', type: councilType };
  return {
    year: yearLabel(leverYear),
    figuresYear: latest.label,
    requirementPounds: Math.round(latest.requirementPounds),
    bandDPennies,
    limitBasisPoints: limit,
    principlesYear: yearLabel(startYearOf(principle.period)),
    principlesSource: principle.source,
    principlesAssumed: exact === undefined,
  };
}
