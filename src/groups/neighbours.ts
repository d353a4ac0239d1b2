/**
 * openlg nearest neighbours: pure maths, no I/O. Given each council's contextual features and a
 * model (features, transforms, weights), finds every council's k most similar councils.
 *
 * 1. Each feature is transformed against skew (log for sizes, counts, money and ratios that
 *    spread over orders of magnitude), then standardised to mean 0 and standard deviation 1
 *    across the councils of the model, so that no feature counts for more because of its unit.
 * 2. The distance between two councils is the weighted Euclidean distance
 *    d(a, b) = sqrt(Σ w_f (z_af − z_bf)² · W / W_ab), over the features both have, where W is the
 *    sum of all weights and W_ab the sum of the weights of the features both have; a pair that
 *    shares less than half the weight is not compared at all.
 * 3. Distances are rebased per council so that the most distant council in the model scores 1,
 *    and each neighbour gets a closeness band from the rebased distance.
 */

export type Transform = 'none' | 'log';

export interface FeatureSpec {
  metric: string;
  label: string;
  transform: Transform;
  weight: number;
}

export interface BandSpec {
  /** Upper bound (inclusive) of the rebased distance for this band. */
  upTo: number;
  band: string;
}

export interface ModelSpec {
  id: string;
  version: string;
  features: readonly FeatureSpec[];
  k: number;
  bands: readonly BandSpec[];
}

export interface AreaFeatures {
  code: string;
  /** Raw feature values by metric slug; a missing feature is simply absent. */
  values: Readonly<Record<string, number>>;
}

export interface FeatureContribution {
  metric: string;
  /** Share of the squared distance this feature accounts for, 0 to 1. */
  share: number;
  /** Standardised difference (z units), signed: neighbour minus subject; null if either lacks it. */
  difference: number | null;
}

export interface Neighbour {
  code: string;
  position: number;
  distance: number;
  rebased: number;
  band: string;
  contributions: FeatureContribution[];
}

function transform(value: number, kind: Transform): number | undefined {
  if (kind === 'none') return value;
  // log1p keeps zero counts finite; negative values cannot be logged and are refused.
  return value >= 0 ? Math.log1p(value) : undefined;
}

/** Transformed and standardised values per area; undefined where the area lacks the feature. */
export function standardise(
  areas: readonly AreaFeatures[],
  features: readonly FeatureSpec[],
): Map<string, (number | undefined)[]> {
  const columns = features.map((f) =>
    areas.map((a) => {
      const raw = a.values[f.metric];
      return raw === undefined || !Number.isFinite(raw) ? undefined : transform(raw, f.transform);
    }),
  );
  const scaled = columns.map((column) => {
    const present = column.filter((v): v is number => v !== undefined);
    const mean = present.reduce((s, v) => s + v, 0) / (present.length || 1);
    const variance = present.reduce((s, v) => s + (v - mean) ** 2, 0) / (present.length || 1);
    const sd = Math.sqrt(variance);
    return column.map((v) => (v === undefined ? undefined : sd > 0 ? (v - mean) / sd : 0));
  });
  return new Map(areas.map((a, i) => [a.code, scaled.map((column) => column[i])]));
}

export function bandFor(rebased: number, bands: readonly BandSpec[]): string {
  return (bands.find((b) => rebased <= b.upTo) ?? bands.at(-1))?.band ?? 'not banded';
}

/** Every area's k nearest neighbours under the model, nearest first. */
export function nearestNeighbours(
  areas: readonly AreaFeatures[],
  model: ModelSpec,
  k = model.k,
): Map<string, Neighbour[]> {
  const z = standardise(areas, model.features);
  const weights = model.features.map((f) => f.weight);
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const codes = areas.map((a) => a.code);
  const result = new Map<string, Neighbour[]>();
  for (const subject of codes) {
    const zs = z.get(subject) ?? [];
    const candidates: { code: string; distance: number; parts: number[] }[] = [];
    for (const other of codes) {
      if (other === subject) continue;
      const zo = z.get(other) ?? [];
      let shared = 0;
      const parts = weights.map((w, f) => {
        const a = zs[f];
        const b = zo[f];
        if (a === undefined || b === undefined) return 0;
        shared += w;
        return w * (b - a) ** 2;
      });
      if (shared < totalWeight / 2) continue;
      const sum = parts.reduce((s, p) => s + p, 0);
      candidates.push({ code: other, distance: Math.sqrt((sum * totalWeight) / shared), parts });
    }
    candidates.sort((a, b) => a.distance - b.distance || a.code.localeCompare(b.code));
    const farthest = candidates.at(-1)?.distance ?? 0;
    result.set(
      subject,
      candidates.slice(0, k).map((c, i) => {
        const sum = c.parts.reduce((s, p) => s + p, 0);
        const rebased = farthest > 0 ? c.distance / farthest : 0;
        return {
          code: c.code,
          position: i + 1,
          distance: c.distance,
          rebased,
          band: bandFor(rebased, model.bands),
          contributions: model.features.map((f, fi) => {
            const a = zs[fi];
            const b = z.get(c.code)?.[fi];
            return {
              metric: f.metric,
              share: sum > 0 ? (c.parts[fi] ?? 0) / sum : 0,
              difference: a === undefined || b === undefined ? null : b - a,
            };
          }),
        };
      }),
    );
  }
  return result;
}

/**
 * Mean overlap of two sets of neighbour lists: for each subject in both, how many of the first
 * `top` neighbours appear in both lists.
 */
export function meanOverlap(
  a: ReadonlyMap<string, readonly string[]>,
  b: ReadonlyMap<string, readonly string[]>,
  top = 10,
): { subjects: number; meanOverlap: number } {
  let subjects = 0;
  let total = 0;
  for (const [subject, list] of a) {
    const other = b.get(subject);
    if (!other) continue;
    const set = new Set(other.slice(0, top));
    total += list.slice(0, top).filter((code) => set.has(code)).length;
    subjects++;
  }
  return { subjects, meanOverlap: subjects > 0 ? total / subjects : 0 };
}
