import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { buildApp } from '../app/app.ts';
import { createServices } from '../app/services.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { readMhclgCtr } from '../imports/ctr/ctr.reader.ts';
import { ImportService } from '../imports/imports.service.ts';
import { demoTargets } from '../imports/sources.ts';
import { dataDir, openRegisterDatabase } from '../testing/app.ts';
import { observation, parsedSource, period } from '../testing/fixtures.ts';
import { readyMadeCalculated } from './calculated.catalogue.ts';
import { withCalculated } from './calculated.service.ts';

/*
 * The ready-made calculated metrics on the real council tax workbooks and population, checked
 * against the same figures read independently from the data folder's CSV files.
 */

const ctrCsv = path.join(
  dataDir,
  'metrics/mhclg-council-tax/council_tax_requirement_band_d_2014-15_to_2022-23.csv',
);
const populationCsv = path.join(dataDir, 'areas/mysociety-uk-local-authorities.csv');

async function csvRows(file: string): Promise<Record<string, string>[]> {
  return parse(await readFile(file), { columns: true, bom: true }) as Record<string, string>[];
}

/** "2019-20" as the period code openlg stores. */
const financialYear = (year: string) => `${year.slice(0, 4)}-04-01/P1Y`;

/** A figure of the CSV; a blank cell is none. */
const figure = (text: string | undefined) => (text ? Number(text) : null);

/**
 * Each authority's requirement and tax base by GSS code and period, straight from the CSV. The
 * mayoral combined authorities whose precept the workbooks split into a police and a general
 * part (Greater Manchester, West Yorkshire) are left out: the CSV holds only their totals.
 */
async function councilTaxFromCsv() {
  const byCell = new Map<string, { requirement: number; base: number | null }>();
  for (const row of await csvRows(ctrCsv)) {
    const code = row.ecode === 'Eng' ? 'E92000001' : row.gss_code;
    const requirement = figure(row.council_tax_requirement_gbp);
    if (!code || !row.year || requirement === null || row.class === 'PCC') continue;
    if (row.ecode === 'E6348' || row.ecode === 'E6353') continue;
    byCell.set(`${code}|${financialYear(row.year)}`, {
      requirement,
      base: figure(row.taxbase_band_d_equivalents),
    });
  }
  return byCell;
}

async function populationFromCsv() {
  const byCode = new Map<string, number>();
  for (const row of await csvRows(populationCsv))
    if (row['gss-code'] && row['pop-2020']) byCode.set(row['gss-code'], Number(row['pop-2020']));
  return byCode;
}

/** A calculated metric's stored values (value and status) by GSS code and period. */
async function stored(database: Database, slug: string) {
  const rows = await database.db
    .selectFrom('observations as o')
    .innerJoin('metrics as m', 'm.id', 'o.metric_id')
    .innerJoin('areas as a', 'a.id', 'o.area_id')
    .innerJoin('periods as p', 'p.id', 'o.period_id')
    .select(['a.code', 'p.code as period', 'o.value', 'o.status', 'o.publication'])
    .where('m.slug', '=', slug)
    .execute();
  return new Map(rows.map((r) => [`${r.code}|${r.period}`, r]));
}

function near(actual: number | null | undefined, expected: number, what: string) {
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) <= Math.abs(expected) * 1e-9,
    `${what}: ${actual} is not ${expected}`,
  );
}

describe('calculated metrics on the real council tax and population data', () => {
  let database: Database;
  let services: ReturnType<typeof withCalculated>;

  before(async () => {
    database = await openRegisterDatabase();
    services = withCalculated(database);
    const population = (await demoTargets(dataDir)).find((t) =>
      t.mapping?.name.endsWith('mysociety-population.json'),
    );
    assert.ok(population, 'the demo loads the population');
    await services.imports.run(
      await population.kind.read(population.target, dataDir, population.mapping),
    );
    await services.calculated.installReadyMade();
    // The workbooks' import calculates every ready-made metric as it commits.
    const ctr = await services.imports.run(
      await readMhclgCtr(path.join(dataDir, 'metrics/mhclg-council-tax/source_xlsx'), dataDir),
    );
    assert.deepEqual(ctr.followUps?.map((f) => f.source).sort(), [
      'council-tax-requirement-change',
      'council-tax-requirement-per-band-d-dwelling',
      'council-tax-requirement-per-head',
    ]);
  });
  after(() => database.close());

  it('equals the requirement over the tax base, from the CSV, for every council and year', async () => {
    const csv = await councilTaxFromCsv();
    const values = await stored(database, 'council-tax-requirement-per-band-d-dwelling');
    let compared = 0;
    for (const [cell, { requirement, base }] of csv) {
      const value = values.get(cell);
      if (!value || base === null || cell.includes('2014-04-01')) continue;
      if (base === 0) assert.equal(value.status, 'not-applicable', cell);
      else near(value.value, requirement / base, cell);
      compared += 1;
    }
    assert.ok(compared > 3000, `${compared} compared`);
  });

  it('uses the same period’s population, or the nearest earlier, and says so', async () => {
    const csv = await councilTaxFromCsv();
    const population = await populationFromCsv();
    const values = await stored(database, 'council-tax-requirement-per-head');
    let compared = 0;
    for (const [cell, { requirement }] of csv) {
      const [code = '', periodCode = ''] = cell.split('|');
      const value = values.get(cell);
      const people = population.get(code);
      if (!value || people === undefined) continue;
      // mySociety's population is of mid-2020: 2020/21 is its period, later years take it as the
      // nearest earlier, and earlier years have none.
      if (periodCode >= '2020-04-01') near(value.value, requirement / people, cell);
      else assert.deepEqual([value.value, value.status], [null, 'not-available'], cell);
      compared += 1;
    }
    assert.ok(compared > 2500, `${compared} compared`);
    const definition = await database.db
      .selectFrom('metric_definitions as d')
      .innerJoin('metrics as m', 'm.id', 'd.metric_id')
      .select(['d.caveats', 'd.description'])
      .where('m.slug', '=', 'council-tax-requirement-per-head')
      .orderBy('d.id', 'desc')
      .executeTakeFirstOrThrow();
    assert.match(
      definition.caveats ?? '',
      /nearest earlier\. 2021\/22 and 2022\/23 use the population of 30 June 2020\.$/,
    );
    assert.match(definition.description ?? '', /council-tax-requirement \/ resident-population/);
  });

  it('gives the change from the year before, and none for the first year', async () => {
    const csv = await councilTaxFromCsv();
    const values = await stored(database, 'council-tax-requirement-change');
    let compared = 0;
    for (const [cell, { requirement }] of csv) {
      const [code = '', periodCode = ''] = cell.split('|');
      const year = Number(periodCode.slice(0, 4));
      const before = csv.get(`${code}|${year - 1}-04-01/P1Y`);
      const value = values.get(cell);
      if (!value || !before || year <= 2015) continue;
      if (before.requirement === 0) assert.equal(value.status, 'not-applicable', cell);
      else near(value.value, ((requirement - before.requirement) / before.requirement) * 100, cell);
      compared += 1;
    }
    assert.ok(compared > 2500, `${compared} compared`);
    // The workbooks' year before 2015/16 is not imported: no change to show.
    assert.equal(values.get('E06000001|2015-04-01/P1Y')?.status, 'not-available');
  });

  it('shows them on the pages and in the API as ordinary measures, with their formula', async () => {
    const app = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir }),
      createServices(database),
    );
    try {
      const page = await app.inject('/metrics/council-tax-requirement-per-head?type=unitary');
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        /Calculated by openlg as council-tax-requirement \/ resident-population/,
      );
      assert.match(page.body, /2021\/22 and 2022\/23 use the population of 30 June 2020/);
      const data = await app.inject(
        '/api/v1/data?metric=council-tax-requirement-per-band-d-dwelling&area=E06000001&period=2020-04-01/P1Y',
      );
      assert.equal(data.statusCode, 200, data.body);
      const csv = (await councilTaxFromCsv()).get('E06000001|2020-04-01/P1Y');
      assert.ok(csv?.base);
      near(
        (data.json() as { observations: { value: number }[] }).observations[0]?.value,
        csv.requirement / csv.base,
        'the API’s value',
      );
    } finally {
      await app.close();
    }
  });

  it('refuses to define a calculated metric over an imported one', async () => {
    const [, perDwelling] = readyMadeCalculated;
    assert.ok(perDwelling);
    await assert.rejects(
      services.calculated.define({
        ...perDwelling,
        slug: 'council-tax-requirement',
        formula: 'council-tax-base * 2',
      }),
      /"council-tax-requirement" is a metric imported from a source: choose another slug/,
    );
  });

  it('changes when an input is imported again with a new value, naming its inputs', async () => {
    const hartlepool = 'E06000001|2020-04-01/P1Y';
    const [before] = [(await stored(database, 'council-tax-requirement-per-head')).get(hartlepool)];
    const people = (await populationFromCsv()).get('E06000001') ?? 0;
    const summary = await services.imports.run(
      parsedSource(
        [
          observation('E06000001', 50_000_000, {
            metricSlug: 'council-tax-requirement',
            period: period('2020-04-01/P1Y'),
          }),
        ],
        { metrics: [] },
      ),
    );
    assert.equal(summary.valuesUpdated, 1);
    // Per head, per dwelling, and the change into 2020/21 and out of it.
    assert.deepEqual(
      summary.followUps?.map((f) => [f.source, f.valuesUpdated]),
      [
        ['council-tax-requirement-change', 2],
        ['council-tax-requirement-per-band-d-dwelling', 1],
        ['council-tax-requirement-per-head', 1],
      ],
    );
    const after = (await stored(database, 'council-tax-requirement-per-head')).get(hartlepool);
    assert.notEqual(after?.value, before?.value);
    near(after?.value, 50_000_000 / people, 'the new per-head figure');
    const provenance = await database.db
      .selectFrom('imports')
      .select(['kind', 'summary'])
      .where('id', '=', summary.followUps?.[2]?.importId ?? -1)
      .executeTakeFirstOrThrow();
    assert.equal(provenance.kind, 'calculated');
    const derived = (provenance.summary as { derivedFrom: { imports: { kind: string }[] } })
      .derivedFrom;
    assert.deepEqual(derived.imports.map((i) => i.kind).sort(), [
      'mhclg-ctr',
      'tidy-csv',
      'tidy-csv',
    ]);
  });

  it('never calculates from an embargoed or restricted value', async () => {
    const hartlepool = 'E06000001|2020-04-01/P1Y';
    const perHead = async () =>
      (await stored(database, 'council-tax-requirement-per-head')).get(hartlepool);
    const before = await perHead();
    const lodge = (value: number, publication: 'embargoed' | 'restricted', year = '2020') =>
      services.imports.run(
        parsedSource(
          [
            observation('E06000001', value, {
              metricSlug: 'council-tax-requirement',
              period: period(`${year}-04-01/P1Y`),
            }),
          ],
          { metrics: [] },
        ),
        {
          publication:
            publication === 'embargoed'
              ? { state: 'embargoed', until: new Date(Date.now() + 86_400_000) }
              : { state: 'restricted', until: new Date(Date.now() + 86_400_000) },
        },
      );
    for (const publication of ['embargoed', 'restricted'] as const) {
      const revised = await lodge(70_000_000, publication);
      assert.equal(revised.valuesUpdated, 1, publication);
      // The public still sees the published value, so nothing calculated changes.
      assert.ok(
        revised.followUps?.every((f) => f.importId === null),
        publication,
      );
      assert.deepEqual(await perHead(), before, publication);
    }
    // A year the public has no value for yet gets no calculated figure either.
    const future = await lodge(80_000_000, 'embargoed', '2023');
    assert.ok(future.followUps?.every((f) => f.valuesInserted === 0));
    const values = await stored(database, 'council-tax-requirement-per-head');
    assert.equal(values.get('E06000001|2023-04-01/P1Y'), undefined);
    assert.ok([...values.values()].every((v) => v.publication === 'published'));
  });

  it('makes a figure whose input is withdrawn from the public a missing value', async () => {
    const cell = 'E06000002|2019-04-01/P1Y';
    const perDwelling = async () =>
      (await stored(database, 'council-tax-requirement-per-band-d-dwelling')).get(cell);
    assert.equal((await perDwelling())?.status, 'ok');
    const withdrawn = await services.imports.run(
      parsedSource(
        [
          observation('E06000002', 1, {
            metricSlug: 'council-tax-base',
            period: period('2019-04-01/P1Y'),
          }),
        ],
        { metrics: [] },
      ),
      { publication: { state: 'restricted' } },
    );
    assert.equal(withdrawn.valuesUpdated, 1);
    // Not the restricted base of 1: no base the public may see.
    assert.deepEqual(await perDwelling(), {
      code: 'E06000002',
      period: '2019-04-01/P1Y',
      value: null,
      status: 'not-available',
      publication: 'published',
    });
  });

  it('calculates again once an input’s embargo has ended', async () => {
    const cell = 'E06000001|2021-04-01/P1Y';
    const perHead = async () =>
      (await stored(database, 'council-tax-requirement-per-head')).get(cell)?.value;
    const before = await perHead();
    // Lodged without recalculating what follows (which would take seconds of the embargo).
    const until = new Date(Date.now() + 3000);
    await new ImportService(database).run(
      parsedSource(
        [
          observation('E06000001', 60_000_000, {
            metricSlug: 'council-tax-requirement',
            period: period('2021-04-01/P1Y'),
          }),
        ],
        { metrics: [] },
      ),
      { publication: { state: 'embargoed', until } },
    );
    assert.deepEqual(await services.calculated.recomputeLifted(), []);
    assert.equal(await perHead(), before);
    await new Promise((resolve) => setTimeout(resolve, until.getTime() - Date.now() + 100));
    const lifted = await services.calculated.recomputeLifted();
    // Per head, per dwelling, and the change into and out of 2021/22.
    assert.deepEqual(
      lifted.map((s) => [s.source, s.valuesUpdated]),
      [
        ['council-tax-requirement-change', 2],
        ['council-tax-requirement-per-band-d-dwelling', 1],
        ['council-tax-requirement-per-head', 1],
      ],
    );
    near(await perHead(), 60_000_000 / ((await populationFromCsv()).get('E06000001') ?? 0), cell);
    assert.deepEqual(await services.calculated.recomputeLifted(), []);
  });
});
