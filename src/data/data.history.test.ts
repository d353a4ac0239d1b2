import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { areaTypes, valueStatuses } from '../db/vocabulary.ts';
import { readOnsEls } from '../imports/els/els.reader.ts';
import type { MetricDefinition, ParsedSource } from '../imports/import.types.ts';
import { ImportService, type ImportOptions } from '../imports/imports.service.ts';
import { readTidyCsv } from '../imports/tabular/tabular.reader.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { importValues } from '../testing/values.ts';

function records(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true }) as Record<string, string>[];
}

/** The catalogue CSV's rows as the metric definitions a mapping file holds. */
function definitions(catalogue: string): MetricDefinition[] {
  const text = (value: string | undefined) => (value ? value : null);
  return records(catalogue).map((r) => ({
    slug: r.metric ?? '',
    title: r.title ?? '',
    subtitle: text(r.subtitle),
    description: text(r.description),
    unit: text(r.unit),
    measure: text(r.measure),
    decimalPlaces: Number(r.decimal_places),
    polarity: r.polarity as MetricDefinition['polarity'],
    theme: text(r.theme) as MetricDefinition['theme'],
    sourceOrganisation: text(r.source_organisation),
    sourceUrl: text(r.source_url),
    licence: text(r.licence),
    caveats: text(r.caveats),
    periodicity: text(r.periodicity),
  }));
}

/**
 * Reads an openlg CSV with the tidy-csv reader, in one pass: openlg's CSV leaves a missing value
 * empty and says why in the status column, which the reader takes as the value's status.
 */
async function readExport(file: string, metrics: MetricDefinition[]): Promise<ParsedSource> {
  return readTidyCsv(file, path.dirname(file), {
    name: 'openlg export',
    value: {
      area: { column: 'area' },
      period: { column: 'period' },
      measures: [
        { metric: { column: 'metric' }, value: 'value', lci: 'lci', uci: 'uci', status: 'status' },
      ],
      statusCodes: Object.fromEntries(valueStatuses.map((s) => [s, s])),
      ignore: ['area_name', 'period_label'],
      metrics,
    },
  });
}

describe('round trips and the revision history', () => {
  let source: TestApp;
  let dir: string;
  const get = async (t: TestApp, url: string) => t.app.inject({ method: 'GET', url });

  before(async () => {
    source = await openTestApp();
    dir = await mkdtemp(path.join(tmpdir(), 'openlg-data-history-'));
    const folder = path.join(dataDir, 'metrics/ons-explore-local-statistics');
    await new ImportService(source.database).run(await readOnsEls(folder, dataDir));
  });
  after(() => source.close());

  it('re-imports a CSV from the API through tidy-csv into an empty database, identically', async () => {
    // Values with confidence intervals, suppressed and not-available ones, every area type.
    const query =
      'metric=gross-median-weekly-pay,cancer-diagnosis-at-stage-1-and-2,employment-rate' +
      `&areaType=${areaTypes.join(',')}&period=2000-01-01/P1Y..`;
    const exported = await get(source, `/api/v1/data.csv?${query}`);
    assert.equal(exported.statusCode, 200, exported.body);
    const rows = records(exported.body);
    for (const status of ['ok', 'suppressed', 'not-available'])
      assert.ok(
        rows.some((r) => r.status === status),
        `the export holds ${status} values`,
      );
    assert.ok(rows.some((r) => r.lci !== ''));
    const file = path.join(dir, 'export.csv');
    await writeFile(file, exported.rawPayload);
    const catalogue = (await get(source, '/api/v1/bulk/catalogue.csv')).body;

    const target = await openTestApp();
    try {
      assert.equal((await get(target, `/api/v1/data?${query}`)).statusCode, 404, 'empty');
      const exportedMetrics = new Set(rows.map((r) => r.metric));
      const summary = await new ImportService(target.database).run(
        await readExport(
          file,
          definitions(catalogue).filter((d) => exportedMetrics.has(d.slug)),
        ),
      );
      assert.equal(summary.rowsRejected, 0);
      assert.equal(summary.valuesInserted, rows.length);

      const again = await get(target, `/api/v1/data.csv?${query}`);
      const key = (r: Record<string, string>) => `${r.metric}|${r.area}|${r.period}`;
      const reimported = new Map(records(again.body).map((r) => [key(r), r]));
      assert.equal(reimported.size, rows.length);
      for (const row of rows) {
        const other = reimported.get(key(row));
        assert.ok(other, key(row));
        for (const column of ['value', 'lci', 'uci', 'status'])
          assert.equal(other[column], row[column], `${key(row)} ${column}`);
      }
      assert.equal(again.body, exported.body, 'byte for byte');
      const metadata = async (t: TestApp) =>
        (await get(t, `/api/v1/data?${query}&period=latest`)).json().metrics;
      assert.deepEqual(await metadata(target), await metadata(source));
    } finally {
      await target.close();
    }
  });

  describe('asOf', () => {
    let t: TestApp;
    const moments: Record<string, Date> = {};
    const ask = (query: string) =>
      get(t, `/api/v1/data?metric=history-test&area=E06000001,E06000002&${query}`);
    const values = async (query: string) => {
      const response = await ask(query);
      assert.equal(response.statusCode, 200, response.body);
      return (response.json().observations as { area: string; value: number }[]).map((o) => [
        o.area,
        o.value,
      ]);
    };

    /** Imports the test metric's two values, and notes the moment after the import. */
    async function importSet(
      name: string,
      slug: string,
      pair: [number, number],
      options: ImportOptions,
    ) {
      const values = { E06000001: pair[0], E06000002: pair[1] };
      await importValues(t.database, slug, '2024', values, options, { title: 'History test' });
      // Timestamps are stored to the microsecond and JavaScript keeps milliseconds.
      await sleep(5);
      moments[name] = new Date();
      await sleep(5);
    }

    before(async () => {
      t = await openTestApp();
      moments.start = new Date();
      await sleep(5);
      await importSet('first', 'history-test', [1, 2], {});
      await importSet('changed', 'history-test', [5, 2], {});
    });
    after(() => t.close());

    it('gives the value the public saw at a moment before a re-import changed it', async () => {
      assert.deepEqual(await values(''), [
        ['E06000001', 5],
        ['E06000002', 2],
      ]);
      assert.deepEqual(await values(`asOf=${moments.first?.toISOString()}`), [
        ['E06000001', 1],
        ['E06000002', 2],
      ]);
      assert.deepEqual(await values(`asOf=${moments.changed?.toISOString()}`), [
        ['E06000001', 5],
        ['E06000002', 2],
      ]);
      const csv = await ask(`asOf=${moments.first?.toISOString()}&format=csv`);
      assert.deepEqual(
        records(csv.body).map((r) => [r.area, r.value]),
        [
          ['E06000001', '1'],
          ['E06000002', '2'],
        ],
      );
      const ranked = await ask(`asOf=${moments.first?.toISOString()}&include=rank`);
      assert.deepEqual(
        ranked.json().observations.map((o: { rank: number }) => o.rank),
        [2, 1],
      );
      assert.equal(ranked.json().asOf, moments.first?.toISOString());
      const before = await ask(`asOf=${moments.start?.toISOString()}`);
      assert.equal(before.statusCode, 404, 'nothing was public before the first import');
      assert.match(before.json().detail, /history-test/);
    });

    it('never shows an embargoed or restricted state, now or at any moment', async () => {
      await importSet('embargoed', 'history-test', [7, 3], {
        publication: { state: 'embargoed', until: new Date(Date.now() + 86_400_000) },
      });
      // Until the embargo ends the public keeps seeing the values it saw, in every format.
      for (const moment of ['', 'embargoed', 'future']) {
        const asOf =
          moment === ''
            ? ''
            : `asOf=${moment === 'future' ? '2999-01-01' : moments[moment]?.toISOString()}`;
        assert.deepEqual(
          await values(asOf),
          [
            ['E06000001', 5],
            ['E06000002', 2],
          ],
          `${moment || 'now'}`,
        );
        for (const format of ['csv', 'jsonstat', 'csvw', 'xlsx']) {
          const response = await ask(`${asOf}&format=${format}`);
          assert.equal(response.statusCode, 200, `${moment || 'now'} as ${format}`);
          if (format === 'csv')
            assert.deepEqual(
              records(response.body).map((r) => [r.area, r.value]),
              [
                ['E06000001', '5'],
                ['E06000002', '2'],
              ],
            );
        }
      }
      await importSet('restricted', 'history-test', [9, 3], {
        publication: { state: 'restricted' },
      });
      for (const moment of ['', 'restricted', 'future'])
        for (const format of ['json', 'csv', 'jsonstat', 'csvw', 'xlsx']) {
          const asOf =
            moment === ''
              ? ''
              : `asOf=${moment === 'future' ? '2999-01-01' : moments[moment]?.toISOString()}`;
          const response = await ask(`${asOf}&format=${format}`);
          assert.equal(response.statusCode, 404, `${moment || 'now'} as ${format}`);
        }
      // The public states before the withdrawal stay in the history.
      for (const moment of ['changed', 'embargoed'])
        assert.deepEqual(await values(`asOf=${moments[moment]?.toISOString()}`), [
          ['E06000001', 5],
          ['E06000002', 2],
        ]);
    });

    it('keeps a public value public when it comes again, unchanged, under a later embargo', async () => {
      const query = 'metric=resent-test&area=E06000001,E06000002';
      const shown = async () =>
        (await get(t, `/api/v1/data?${query}`))
          .json()
          .observations.map((o: { area: string; value: number }) => [o.area, o.value]);
      await importSet('resent', 'resent-test', [1, 2], {});
      await importSet('resent-embargoed', 'resent-test', [1, 20], {
        publication: { state: 'embargoed', until: new Date(Date.now() + 86_400_000) },
      });
      assert.deepEqual(
        await shown(),
        [
          ['E06000001', 1],
          ['E06000002', 2],
        ],
        'the changed value waits for its embargo, and the public keeps the value it saw',
      );
      const csv = await get(t, `/api/v1/data?${query}&format=csv`);
      assert.deepEqual(
        records(csv.body).map((r) => [r.area, r.value]),
        [
          ['E06000001', '1'],
          ['E06000002', '2'],
        ],
      );
    });

    it('shows an embargoed value from the moment its embargo ends', async () => {
      const until = new Date(Date.now() + 1500);
      await importSet('lifting', 'lifting-test', [3, 4], {
        publication: { state: 'embargoed', until },
      });
      const query = 'metric=lifting-test&area=E06000001';
      assert.equal((await get(t, `/api/v1/data?${query}`)).statusCode, 404);
      await sleep(Math.max(0, until.getTime() - Date.now()) + 50);
      const now = await get(t, `/api/v1/data?${query}`);
      assert.equal(now.statusCode, 200);
      assert.equal(now.json().observations[0].value, 3);
      const during = await get(t, `/api/v1/data?${query}&asOf=${moments.lifting?.toISOString()}`);
      assert.equal(during.statusCode, 404, 'still under embargo at that moment');
      const later = await get(t, `/api/v1/data?${query}&asOf=${new Date().toISOString()}`);
      assert.equal(later.json().observations[0].value, 3);
    });
  });
});
