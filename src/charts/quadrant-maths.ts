/**
 * The arithmetic of a value-for-money quadrant: a group's councils, cost against outcome, split
 * at the group's medians into four quadrants named by the outcome's polarity ("Lower cost,
 * better outcome"). Pure, and a leaf: it knows figures and polarities, not where they came from.
 *
 * The cost is named as a cost whatever its polarity ("lower cost", never "better cost"): the
 * measures a report sets on that axis are spending and unit costs, which openlg does not judge.
 * The outcome is "better" or "worse" when its polarity says which is better, else "higher" or
 * "lower". A council exactly on a median is in no quadrant, and says so.
 */
import type { NotComparableReason } from '../comparison/statistics.ts';
import type { Polarity } from '../db/vocabulary.ts';

/** Why a council has no place on an axis: its figure is missing, or it is not compared. */
export type MissingFigure = NotComparableReason | 'not-compared';

/** A council's figure on one axis: a number, or why there is none. */
export type AxisFigure = number | MissingFigure;

export interface QuadrantPoint {
  code: string;
  name: string;
  cost: AxisFigure;
  outcome: AxisFigure;
}

/** Where a figure lies against its median. */
export type Side = 'lower' | 'median' | 'higher';

export type Placement =
  | { kind: 'placed'; cost: Side; outcome: Side }
  | { kind: 'missing'; cost: MissingFigure | null; outcome: MissingFigure | null };

export interface Quadrants {
  /** Each axis's median over the councils with a figure on it; null when none has one. */
  medians: { cost: number | null; outcome: number | null };
  /** One per point, in the points' order. */
  placements: Placement[];
}

/** The median of the values (the mean of the middle two of an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

function numbers(figures: readonly AxisFigure[]): number[] {
  return figures.filter((f): f is number => typeof f === 'number' && Number.isFinite(f));
}

function side(value: number, middle: number): Side {
  return value < middle ? 'lower' : value > middle ? 'higher' : 'median';
}

/** Each point's place against the group's medians of cost and outcome. */
export function placeInQuadrants(points: readonly QuadrantPoint[]): Quadrants {
  const medians = {
    cost: median(numbers(points.map((p) => p.cost))),
    outcome: median(numbers(points.map((p) => p.outcome))),
  };
  const placements = points.map((p): Placement => {
    const { cost, outcome } = p;
    if (typeof cost !== 'number' || typeof outcome !== 'number')
      return {
        kind: 'missing',
        cost: typeof cost === 'number' ? null : cost,
        outcome: typeof outcome === 'number' ? null : outcome,
      };
    // Both figures are numbers, so neither median is null.
    return {
      kind: 'placed',
      cost: side(cost, medians.cost ?? cost),
      outcome: side(outcome, medians.outcome ?? outcome),
    };
  });
  return { medians, placements };
}

/** "better" or "worse" when the polarity judges the side, null when it does not. */
export function outcomeJudgement(
  outcome: 'lower' | 'higher',
  polarity: Polarity,
): 'better' | 'worse' | null {
  if (polarity === 'no-judgement') return null;
  return (outcome === 'higher') === (polarity === 'higher-is-better') ? 'better' : 'worse';
}

/** The outcome's side in words: "better outcome", "higher outcome", "median outcome". */
function outcomeWords(outcome: Side, polarity: Polarity): string {
  if (outcome === 'median') return 'median outcome';
  return `${outcomeJudgement(outcome, polarity) ?? outcome} outcome`;
}

/** A quadrant's (or a half's) name: "Lower cost, better outcome", "Median cost, worse outcome". */
export function placeWords(cost: Side, outcome: Side, polarity: Polarity): string {
  const costWords = { lower: 'Lower cost', median: 'Median cost', higher: 'Higher cost' }[cost];
  return `${costWords}, ${outcomeWords(outcome, polarity)}`;
}

const missingWords: Record<MissingFigure, string> = {
  'not-available': 'not available',
  suppressed: 'suppressed',
  'not-applicable': 'not applicable',
  'no-value': 'not available',
  'not-compared': 'not compared in the period',
};

/** What the table says of a point: its quadrant, or the figures it lacks and why. */
export function placementWords(placement: Placement, polarity: Polarity): string {
  if (placement.kind === 'placed') return placeWords(placement.cost, placement.outcome, polarity);
  const lacking = [
    ...(placement.cost === null ? [] : [`cost ${missingWords[placement.cost]}`]),
    ...(placement.outcome === null ? [] : [`outcome ${missingWords[placement.outcome]}`]),
  ];
  return `Not placed: ${lacking.join(', ')}`;
}

/** The four quadrants, the one of lower cost and better outcome first when the outcome is judged. */
export function quadrantsInOrder(
  polarity: Polarity,
): { cost: 'lower' | 'higher'; outcome: 'lower' | 'higher' }[] {
  const better = polarity === 'lower-is-better' ? 'lower' : 'higher';
  const worse = better === 'higher' ? 'lower' : 'higher';
  return [
    { cost: 'lower', outcome: better },
    { cost: 'higher', outcome: better },
    { cost: 'lower', outcome: worse },
    { cost: 'higher', outcome: worse },
  ];
}
