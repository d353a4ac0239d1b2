/**
 * What the data API answers: metrics with their metadata, observations and whom to credit,
 * before any format writes them.
 */
import type { QuartileBand } from '../comparison/statistics.ts';
import type { Polarity, Theme, ValueStatus } from '../db/vocabulary.ts';
import type { IncludeOption } from './data.schema.ts';

export interface MetricMetadata {
  slug: string;
  title: string;
  subtitle: string | null;
  description: string | null;
  unit: string | null;
  measure: string | null;
  decimalPlaces: number;
  polarity: Polarity;
  theme: Theme | null;
  source: { organisation: string | null; url: string | null; licence: string | null };
  licence: string | null;
  caveats: string | null;
}

/** One value of an answer. rank, quartileBand and benchmark are there when asked for. */
export interface DataObservation {
  metric: string;
  area: string;
  areaName: string;
  period: string;
  periodLabel: string;
  value: number | null;
  lci: number | null;
  uci: number | null;
  status: ValueStatus;
  /** Null when the value cannot be ranked (its status says why). */
  rank?: number | null;
  quartileBand?: QuartileBand | null;
  /**
   * Why the value is ranked among only some of the areas (another tier's figures are not
   * comparable) or not at all (the area did not exist then); null when ranked among all.
   */
  rankNote?: string | null;
  /** England's value for the same metric and period; null when England has none. */
  benchmark?: number | null;
}

export interface DataAnswer {
  metrics: MetricMetadata[];
  observations: DataObservation[];
  include: readonly IncludeOption[];
  /** Observations in the whole selection; more than observations.length when paged. */
  total: number;
  limit: number | null;
  offset: number;
  attribution: string;
  licence: string;
  /** The moment the values are shown as of, when the request asked for one. */
  asOf: Date | null;
}

export interface CsvDownload {
  filename: string;
  chunks: AsyncIterable<string>;
}

const openGovernmentLicence = 'Open Government Licence v3.0';

/** Who to credit and under what terms, from the metrics an answer holds. */
export function creditsFor(metrics: readonly MetricMetadata[]): {
  attribution: string;
  licence: string;
} {
  const distinct = (values: (string | null)[]) =>
    [...new Set(values.filter((v): v is string => v !== null && v !== ''))].sort();
  const licences = distinct(metrics.map((m) => m.licence));
  const sources = distinct(metrics.map((m) => m.source.organisation));
  const unlicensed = metrics.some((m) => !m.licence);
  const licence =
    [...licences, ...(unlicensed ? ["see the source's terms"] : [])].join('; ') ||
    "See the source's terms";
  const terms =
    licences.length === 1 && licences[0] === openGovernmentLicence && !unlicensed
      ? `Contains public sector information licensed under the ${openGovernmentLicence}.`
      : `Licence: ${licence}.`;
  return {
    attribution: `${sources.length > 0 ? `Source: ${sources.join('; ')}. ` : ''}${terms} Compiled by openlg.`,
    licence,
  };
}
