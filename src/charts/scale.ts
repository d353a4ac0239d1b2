/** Axis scales: round tick steps and the domain they cover. */
import { isRatioUnit } from './format.ts';

export interface Ticks {
  /** The axis runs from the first tick to the last. */
  values: number[];
  /** Decimal places the step needs, so labels read "70%" rather than "70.0%". */
  decimals: number;
}

/**
 * Ticks at 1, 2 or 5 times a power of ten, about `target` of them, covering [low, high]: the
 * step nearest (on a log scale) to the span divided by the target, as in d3's tickIncrement.
 */
export function niceTicks(low: number, high: number, target = 5): Ticks {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high))
    throw new RangeError(`Ticks need a finite, non-empty range, not ${low} to ${high}`);
  const rough = (high - low) / target;
  const power = Math.floor(Math.log10(rough));
  const base = 10 ** power;
  const error = rough / base;
  const multiple =
    error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  // Ticks are counted in whole steps and scaled once, so 0.1 + 0.2 never shows as 0.30000000000000004.
  const stepPower = multiple === 10 ? power + 1 : power;
  const stepMultiple = multiple === 10 ? 1 : multiple;
  const decimals = Math.max(0, -stepPower);
  const toValue = (i: number) =>
    stepPower >= 0 ? i * stepMultiple * 10 ** stepPower : (i * stepMultiple) / 10 ** -stepPower;
  const first = Math.floor(low / toValue(1) + 1e-9);
  const last = Math.ceil(high / toValue(1) - 1e-9);
  const values: number[] = [];
  for (let i = first; i <= last; i++) values.push(Number(toValue(i).toFixed(decimals)) || 0);
  return { values, decimals };
}

/**
 * The range a value axis must cover. For shares and rates (percentages, "per N", proportions)
 * the axis starts at zero when the data lie no further from zero than their own spread, e.g.
 * 2% to 6% is drawn from 0%, but 60% to 75% is drawn from about 60%, where a zero baseline would
 * flatten every difference; other measures (money, counts, years) are drawn over their own range,
 * since a line's position, unlike a bar's length, does not need a zero to be read truthfully.
 * Data that cross zero always include it. A single value gets a little room either side.
 */
export function valueDomain(values: readonly number[], unit: string | null): [number, number] {
  if (values.length === 0) return [0, 1];
  let low = Math.min(...values);
  let high = Math.max(...values);
  const spread = high - low;
  if (isRatioUnit(unit)) {
    if (low >= 0 && low <= spread) low = 0;
    if (high <= 0 && -high <= spread) high = 0;
  }
  if (low === high) {
    const room = low === 0 ? 1 : Math.abs(low) * 0.1;
    return isRatioUnit(unit) && low >= 0 && low - room < 0
      ? [0, high + room]
      : [low - room, high + room];
  }
  return [low, high];
}
