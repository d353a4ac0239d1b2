import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { dataDir } from '../../testing/app.ts';
import { useImportDatabase } from '../../testing/fixtures.ts';
import { importValues } from '../../testing/values.ts';
import { elsSlug, readOnsEls } from '../els/els.reader.ts';
import { readMappingFile, mappingsDir } from '../sources.ts';
import { readTidyCsv, readWideCsv } from './tabular.reader.ts';

const gcseFile = path.join(
  dataDir,
  'metrics/ons-explore-local-statistics/gcses-in-english-and-maths.csv',
);

/** Every stored value of a metric as "area|period|value|status" lines, sorted. */
async function valuesOf(database: Database, slug: string): Promise<string[]> {
  const result = await sql<{ line: string }>`
    select concat_ws('|', a.code, p.code, o.value::text, o.status) as line
    from observations o join metrics m on m.id = o.metric_id
    join areas a on a.id = o.area_id join periods p on p.id = o.period_id
    where m.slug = ${slug} order by 1`.execute(database.db);
  return result.rows.map((r) => r.line);
}

describe('tabular kinds on real files', () => {
  const store = useImportDatabase();

  it('imports a wide pivot of a real ONS file to exactly the values of the ONS import', async () => {
    await store.imports.run(await readOnsEls(gcseFile, dataDir));
    // Pivot the published file: one row per area, one column per period.
    const rows = parse(await readFile(gcseFile), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    const periods = [...new Set(rows.map((r) => r.period ?? ''))].sort();
    const byArea = new Map<string, Map<string, string>>();
    for (const r of rows) {
      const cells = byArea.get(r.areacd ?? '') ?? new Map<string, string>();
      cells.set(r.period ?? '', r.observation === '' ? `(${r.status})` : (r.observation ?? ''));
      byArea.set(r.areacd ?? '', cells);
    }
    const lines = [
      ['areacd', ...periods].join(','),
      ...[...byArea].map(([code, cells]) =>
        [code, ...periods.map((p) => cells.get(p) ?? '(absent)')].join(','),
      ),
    ];
    const dir = await mkdtemp(path.join(tmpdir(), 'openlg-wide-'));
    const file = path.join(dir, 'gcse-wide.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const parsed = await readWideCsv(file, dir, {
      name: 'test',
      value: {
        area: { column: 'areacd' },
        metric: 'gcses-wide',
        missingValues: { '(x)': 'not-available', '(u)': 'suppressed', '(absent)': 'not-available' },
        metrics: [{ slug: 'gcses-wide', title: 'GCSEs (wide copy)', polarity: 'higher-is-better' }],
      },
    });
    assert.deepEqual(parsed.problems, []);
    const summary = await store.imports.run(parsed);
    assert.equal(summary.rowsRejected, 0);
    // The pivot fills areas absent in a period with "not available"; the rest must match exactly.
    const ons = await valuesOf(store.database, 'gcses-in-english-and-maths');
    const wide = new Set(await valuesOf(store.database, 'gcses-wide'));
    assert.ok(ons.length > 3000, String(ons.length));
    for (const line of ons) assert.ok(wide.has(line), line);
  });

  it('loads a real file of four measures named by label in one run, as a dry run said it would', async () => {
    const file = path.join(
      dataDir,
      'metrics/ons-explore-local-statistics/engagement-with-culture-and-heritage.csv',
    );
    await store.imports.run(await readOnsEls(file, dataDir));
    const labels = {
      'Engaged with the arts': 'culture-arts',
      'Visited a heritage site': 'culture-heritage',
      'Visited a museum or gallery': 'culture-museums',
      'Visited a public library': 'culture-libraries',
    };
    const read = () =>
      readTidyCsv(file, dataDir, {
        name: 'culture.json',
        value: {
          area: { column: 'areacd' },
          period: { column: 'period' },
          measures: [
            {
              metric: { column: 'indicator', codes: labels },
              value: 'observation',
              lci: 'lci_95',
              uci: 'uci_95',
            },
          ],
          metrics: Object.entries(labels).map(([title, slug]) => ({
            slug,
            title,
            unit: '%',
            polarity: 'higher-is-better',
          })),
        },
      });
    const dry = await store.imports.run(await read(), { dryRun: true });
    assert.deepEqual(await valuesOf(store.database, 'culture-arts'), []);
    const real = await store.imports.run(await read());
    assert.equal(real.rowsRejected, 0);
    const counts = (s: typeof real) => [
      s.rowsRead,
      s.valuesInserted,
      s.valuesUpdated,
      s.valuesUnchanged,
      s.rowsDuplicated,
      s.metricsCreated,
      s.metricsUpdated,
      JSON.stringify(s.rowsForAreasNotHeld),
    ];
    assert.deepEqual(counts(dry), counts(real));
    assert.equal(real.metricsCreated, 4);
    for (const [title, slug] of Object.entries(labels)) {
      const els = await valuesOf(store.database, elsSlug(title));
      assert.ok(els.length > 250, title);
      assert.deepEqual(await valuesOf(store.database, slug), els, title);
    }
  });

  it('keeps which area types a mapped metric compares across', async () => {
    const comparableAcross = [['county'], ['district', 'unitary']] as const;
    await importValues(
      store.database,
      'tiered-test',
      '2024',
      { E10000002: 1, E07000004: 2 },
      {},
      {
        comparableAcross: comparableAcross.map((set) => [...set]),
      },
    );
    const stored = await sql<{ comparable_across: string }>`
      select d.comparable_across from metric_definitions d join metrics m on m.id = d.metric_id
      where m.slug = 'tiered-test'`.execute(store.database.db);
    assert.deepEqual(stored.rows, [{ comparable_across: 'county|district,unitary' }]);
  });

  it("says once, in the file's own words, that a metric on many rows is not defined", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'openlg-undefined-'));
    const file = path.join(dir, 'asc.csv');
    await writeFile(
      file,
      'LA,Year,Measure,Rate\n' +
        ['E06000001', 'E06000002', 'E06000003'].map((la) => `${la},2023-24,ASC1,5`).join('\n'),
    );
    const parsed = await readTidyCsv(file, dir, {
      name: 'asc.json',
      value: {
        area: { column: 'LA' },
        period: { column: 'Year' },
        measures: [{ metric: { column: 'Measure', codes: { ASC1: 'asc-one' } }, value: 'Rate' }],
      },
    });
    await assert.rejects(store.imports.run(parsed), {
      message:
        'asc.csv, rows 2–4 (3 rows), column "Measure": no definition for metric "asc-one": openlg does not hold it and the source does not define it; define it in the mapping\'s "metrics" (slug, title and polarity at least: see docs/importing.md), or with --title and --polarity',
    });
  });

  it('imports the mySociety deprivation and population files through their reviewed mappings', async () => {
    for (const [file, mapping, metric, area, expected] of [
      [
        'metrics/mysociety-composite-imd/la_imd.csv',
        'mysociety-composite-imd.json',
        'composite-deprivation-score',
        'E06000001',
        /^E06000001\|2019-01-01\/P1Y\|3[0-9.]+\|ok$/,
      ],
      [
        'areas/mysociety-uk-local-authorities.csv',
        'mysociety-population.json',
        'resident-population',
        'E06000001',
        /^E06000001\|2020-06-30\/P1D\|93836\|ok$/,
      ],
    ] as const) {
      const parsed = await readTidyCsv(path.join(dataDir, file), dataDir, {
        name: mapping,
        value: await readMappingFile(path.join(mappingsDir, mapping)),
      });
      const summary = await store.imports.run(parsed);
      assert.equal(summary.rowsRejected, 0, file);
      const line = (await valuesOf(store.database, metric)).find((l) => l.startsWith(area));
      assert.match(line ?? '', expected);
      const again = await store.imports.run(
        await readTidyCsv(path.join(dataDir, file), dataDir, {
          name: mapping,
          value: await readMappingFile(path.join(mappingsDir, mapping)),
        }),
      );
      assert.equal(again.valuesInserted + again.valuesUpdated, 0, `${file} again`);
    }
  });
});
