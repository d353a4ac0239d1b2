import type { Db } from '../db/database.ts';
import { coverageSummaries } from '../metrics/metrics.service.ts';
import { NotFoundError } from '../shared/errors.ts';
import { httpUrlOrNull } from '../shared/url.ts';
import type { CsvDownload } from './data.answer.ts';
import * as repository from './data.repository.ts';
import { byteOrderMark, csvLine, observationColumns, observationFields } from './formats/csv.ts';

async function* withHeader(body: AsyncIterable<string>): AsyncGenerator<string> {
  yield byteOrderMark + csvLine(observationColumns);
  yield* body;
}

/**
 * The bulk files (`/api/v1/bulk/…`): every public value of a metric, or of every metric, and
 * the catalogue of metrics, each read and sent a period at a time. Public only, by design: a
 * bulk file is the same for everyone, so that anyone can mirror it.
 */
export class BulkService {
  constructor(private readonly db: Db) {}

  /** Every public value of one metric, period by period: never the whole metric in memory. */
  async metricCsv(slug: string): Promise<CsvDownload> {
    const [metric] = await repository.findMetrics(this.db, [slug]);
    const periods = metric ? await repository.publicPeriodsOf(this.db, metric.id) : [];
    if (!metric || periods.length === 0) throw new NotFoundError('Metric', slug);
    return { filename: `${slug}.csv`, chunks: withHeader(this.metricChunks(metric, periods)) };
  }

  /** Every public value of every public metric, metric by metric, period by period. */
  async allCsv(): Promise<CsvDownload> {
    const metrics = await repository.publicMetrics(this.db);
    return { filename: 'openlg-all.csv', chunks: withHeader(this.allChunks(metrics)) };
  }

  private async *allChunks(metrics: readonly repository.MetricRow[]): AsyncGenerator<string> {
    for (const metric of metrics)
      yield* this.metricChunks(metric, await repository.publicPeriodsOf(this.db, metric.id));
  }

  private async *metricChunks(
    metric: repository.MetricRow,
    periods: readonly { id: number; code: string; label: string }[],
  ): AsyncGenerator<string> {
    for (const period of periods) {
      const rows = await repository.publicValuesOf(this.db, metric.id, period.id);
      let chunk = '';
      for (const r of rows)
        chunk += csvLine(
          observationFields({
            metric: metric.slug,
            area: r.code,
            areaName: r.name,
            period: period.code,
            periodLabel: period.label,
            value: r.value,
            lci: r.lci,
            uci: r.uci,
            status: r.status,
          }),
        );
      if (chunk) yield chunk;
    }
  }

  /** One row per public metric: its metadata, coverage and where to download its values. */
  async catalogueCsv(): Promise<string> {
    const metrics = await repository.publicMetrics(this.db);
    const coverage = await coverageSummaries(
      this.db,
      metrics.map((m) => m.id),
    );
    const lines = [
      byteOrderMark +
        csvLine([
          'metric',
          'title',
          'subtitle',
          'description',
          'unit',
          'measure',
          'decimal_places',
          'polarity',
          'theme',
          'source_organisation',
          'source_url',
          'licence',
          'caveats',
          'periodicity',
          'area_types',
          'first_period',
          'last_period',
          'periods',
          'last_updated',
          'csv',
        ]),
    ];
    for (const m of metrics) {
      const summary = coverage.get(m.id);
      lines.push(
        csvLine([
          m.slug,
          m.title,
          m.subtitle,
          m.description,
          m.unit,
          m.measure,
          m.decimal_places,
          m.polarity,
          m.theme,
          m.source_organisation,
          httpUrlOrNull(m.source_url),
          m.licence,
          m.caveats,
          m.periodicity,
          summary?.areaTypes.join(' ') ?? null,
          summary?.firstPeriod?.code ?? null,
          summary?.lastPeriod?.code ?? null,
          summary?.periodCount ?? 0,
          summary?.lastUpdated ?? null,
          `/api/v1/bulk/metrics/${m.slug}.csv`,
        ]),
      );
    }
    return lines.join('');
  }
}
