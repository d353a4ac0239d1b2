import type { Period } from '../periods/period.ts';
import type { AreaType, Polarity, Theme, ValueStatus } from '../db/vocabulary.ts';
import type { DataProblem } from '../shared/errors.ts';

/** A metric as the catalogue describes it; sources fill what they know, a reviewed file the rest. */
export interface MetricDefinition {
  slug: string;
  title: string;
  subtitle: string | null;
  description: string | null;
  unit: string | null;
  measure: string | null;
  decimalPlaces: number;
  polarity: Polarity;
  theme: Theme | null;
  sourceOrganisation: string | null;
  sourceUrl: string | null;
  licence: string | null;
  caveats: string | null;
  periodicity: string | null;
  /**
   * The sets of area types whose values are comparable with each other (a county's own share of
   * council tax is not comparable with a unitary's whole charge); absent: all of them.
   */
  comparableAcross?: readonly (readonly AreaType[])[];
}

/**
 * How a source row names its area. Readers never resolve areas themselves: the import service
 * resolves every reference against the stored register (GSS code, former code, DfE LA number or
 * a known spelling) and reports what it cannot resolve.
 */
export type AreaReference =
  | { scheme: 'gss'; value: string }
  | { scheme: 'dfe-la'; value: string }
  | { scheme: 'mysociety'; value: string }
  | { scheme: 'mhclg-ecode'; value: string }
  | { scheme: 'name'; value: string };

/** A value with its confidence interval, counts and typed status, as sources give it. */
export interface MeasuredValue {
  value: number | null;
  lci: number | null;
  uci: number | null;
  numerator: number | null;
  denominator: number | null;
  status: ValueStatus;
}

export interface ObservationInput extends MeasuredValue {
  metricSlug: string;
  area: AreaReference;
  period: Period;
  /** Where the value came from, for error messages. */
  file: string;
  row: number;
  /** The file's own headers of the columns read, so that errors name them, not internal fields. */
  columns?: ObservationColumns;
}

export interface ObservationColumns {
  metric?: string;
  area?: string;
  value?: string;
  lci?: string;
}

/** One file (or folder) read and checked, not yet resolved or stored. */
export interface ParsedSource {
  kind: string;
  source: string;
  files: { name: string; checksum: string }[];
  metrics: MetricDefinition[];
  observations: ObservationInput[];
  problems: DataProblem[];
  notes: string[];
}
