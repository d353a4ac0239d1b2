import { valueStatuses } from '../../db/vocabulary.ts';
import type { DataAnswer } from '../data.answer.ts';
import { csvColumns } from './csv.ts';

type Datatype =
  string | { base: string; format?: string; minInclusive?: number; maxInclusive?: number };

const columns: Record<
  string,
  { title: string; description: string; datatype: Datatype; required: boolean }
> = {
  metric: {
    title: 'Metric',
    description: 'The metric slug; the notes describe each metric.',
    datatype: { base: 'string', format: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    required: true,
  },
  area: {
    title: 'Area code',
    description: 'The ONS GSS code of the area.',
    datatype: { base: 'string', format: '^[EWSNK][0-9]{8}$' },
    required: true,
  },
  area_name: {
    title: 'Area',
    description: 'The short name of the area.',
    datatype: 'string',
    required: true,
  },
  period: {
    title: 'Period',
    description: 'The period as an ISO 8601 interval: start date and duration.',
    datatype: { base: 'string', format: '^\\d{4}-\\d{2}-\\d{2}/P\\d+[YMD]$' },
    required: true,
  },
  period_label: {
    title: 'Period label',
    description: 'The period as people write it, e.g. 2023/24.',
    datatype: 'string',
    required: true,
  },
  value: {
    title: 'Value',
    description: "The value, in the metric's unit; empty when missing, and the status says why.",
    datatype: 'double',
    required: false,
  },
  lci: {
    title: 'Lower 95% confidence limit',
    description: 'Empty when the publisher gives no confidence interval.',
    datatype: 'double',
    required: false,
  },
  uci: {
    title: 'Upper 95% confidence limit',
    description: 'Empty when the publisher gives no confidence interval.',
    datatype: 'double',
    required: false,
  },
  status: {
    title: 'Status',
    description:
      'ok, a caveat (low-reliability, provisional, estimated) or why the value is missing ' +
      '(not-available, suppressed, not-applicable).',
    datatype: { base: 'string', format: `^(${valueStatuses.join('|')})$` },
    required: true,
  },
  rank: {
    title: 'Rank',
    description:
      'Rank among the areas of the request for the metric and period that it may be compared ' +
      'with, 1 = best (for metrics without a polarity, the highest); tied values share a rank. ' +
      'Empty when the value cannot be ranked (its status or rank_note says why).',
    datatype: { base: 'integer', minInclusive: 1 },
    required: false,
  },
  quartile_band: {
    title: 'Quartile band',
    description: 'The quarter of the areas of the request the value falls in, 1 = best.',
    datatype: { base: 'integer', minInclusive: 1, maxInclusive: 4 },
    required: false,
  },
  rank_note: {
    title: 'Rank note',
    description:
      'Why the value is ranked among only some areas of the request (a measure whose figures ' +
      'for one tier of council are not comparable with another tier’s ranks each tier on its ' +
      'own) or not at all (the area did not exist in the period); empty when ranked among all.',
    datatype: 'string',
    required: false,
  },
  benchmark: {
    title: 'England value',
    description: "England's value (E92000001) for the metric and period; empty when none.",
    datatype: 'double',
    required: false,
  },
};

/**
 * A W3C CSVW metadata document (https://www.w3.org/TR/tabular-metadata/) for the CSV at
 * `csvUrl` (relative URLs resolve against the document's own URL): its dialect, columns with
 * datatypes, primary key, the licence, and a note per metric with its title and unit.
 */
export function answerCsvw(answer: DataAnswer, csvUrl: string) {
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'en' }],
    url: csvUrl,
    'dc:title': `openlg: ${answer.metrics.map((m) => m.title).join('; ')}`,
    'dc:publisher': 'openlg',
    'dc:license': answer.licence,
    'dc:source': answer.attribution,
    ...(answer.asOf ? { 'dc:date': answer.asOf.toISOString() } : {}),
    dialect: {
      encoding: 'utf-8',
      lineTerminators: ['\r\n'],
      delimiter: ',',
      quoteChar: '"',
      doubleQuote: true,
      header: true,
      headerRowCount: 1,
    },
    tableSchema: {
      columns: csvColumns(answer.include).map((name) => {
        const column = columns[name];
        return {
          name,
          titles: name,
          'dc:title': column?.title ?? name,
          'dc:description': column?.description ?? '',
          datatype: column?.datatype ?? 'string',
          required: column?.required ?? false,
        };
      }),
      primaryKey: ['metric', 'area', 'period'],
    },
    notes: answer.metrics.map((m) => ({
      'dc:identifier': m.slug,
      'dc:title': m.title,
      ...(m.description ? { 'dc:description': m.description } : {}),
      ...(m.unit ? { 'schema:unitText': m.unit } : {}),
      ...(m.source.organisation ? { 'dc:publisher': m.source.organisation } : {}),
      ...(m.source.url ? { 'dc:source': m.source.url } : {}),
      ...(m.licence ? { 'dc:license': m.licence } : {}),
    })),
  };
}
