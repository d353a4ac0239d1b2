/**
 * A deterministic generator of synthetic values for scale tests: the same seed and sizes always
 * give the same rows. Values have realistic spreads (a log-normal level per metric, a lasting
 * effect per area, a gentle trend and noise), some metrics carry 95% confidence intervals, and a
 * few values are missing with a typed reason. Every metric says "(synthetic)" in its title.
 * Pure: the script in scripts/synthetic.ts writes the files.
 */

/** Mulberry32: small, fast and good enough to spread synthetic values. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
function normal(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export interface SyntheticMetric {
  slug: string;
  title: string;
  unit: string;
  decimalPlaces: number;
  polarity: 'higher-is-better' | 'lower-is-better' | 'no-judgement';
  withIntervals: boolean;
}

export function syntheticMetrics(count: number, seed: number): SyntheticMetric[] {
  const random = seededRandom(seed);
  const polarities = ['higher-is-better', 'lower-is-better', 'no-judgement'] as const;
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(5, '0');
    const percentage = random() < 0.5;
    return {
      slug: `synthetic-${n}`,
      title: `Synthetic measure ${n} (synthetic)`,
      unit: percentage ? '%' : 'per 1,000',
      decimalPlaces: 1,
      polarity: polarities[Math.floor(random() * 3)] ?? 'no-judgement',
      withIntervals: random() < 0.3,
    };
  });
}

export interface SyntheticRow {
  metric: string;
  area: string;
  /** Calendar years, oldest first, as ISO intervals. */
  period: string;
  value: string;
  lci: string;
  uci: string;
  /** '' for a value, 'x' not available, 'c' suppressed. */
  status: '' | 'x' | 'c';
}

/** Every row of one metric: areas × periods, deterministic for the seed and the metric. */
export function* syntheticRows(
  metric: SyntheticMetric,
  index: number,
  areas: readonly string[],
  firstYear: number,
  years: number,
  seed: number,
): Generator<SyntheticRow> {
  const random = seededRandom(seed * 1_000_003 + index);
  const level = Math.exp(2 + normal(random));
  const spread = 0.05 + random() * 0.25;
  const trend = normal(random) * 0.01;
  const effects = areas.map(() => normal(random) * spread);
  const cap = metric.unit === '%' ? 100 : Number.POSITIVE_INFINITY;
  for (let y = 0; y < years; y++)
    for (const [a, area] of areas.entries()) {
      const period = `${firstYear + y}-01-01/P1Y`;
      const draw = random();
      const base = { metric: metric.slug, area, period, lci: '', uci: '' };
      if (draw < 0.02) {
        yield { ...base, value: '', status: 'x' };
        continue;
      }
      if (draw < 0.03) {
        yield { ...base, value: '', status: 'c' };
        continue;
      }
      const raw = level * Math.exp((effects[a] ?? 0) + trend * y + normal(random) * 0.03);
      const value = Math.min(cap, raw);
      const round = (v: number) => (Math.round(v * 10) / 10).toFixed(1);
      const half = value * (0.02 + random() * 0.08);
      yield {
        ...base,
        value: round(value),
        ...(metric.withIntervals ? { lci: round(value - half), uci: round(value + half) } : {}),
        status: '',
      };
    }
}
