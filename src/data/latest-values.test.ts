import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { ImportOptions } from '../imports/imports.service.ts';
import { importValues as importTestValues } from '../testing/values.ts';
import { openContextApp, type TestApp } from '../testing/app.ts';
import { refreshLatestValues } from '../imports/imports.repository.ts';
import * as repository from './data.repository.ts';

/*
 * "Latest" answers for the public come from the latest values each import keeps (see
 * migrations 0004 and 0041); everything else reads value by value. These tests hold the two to the same
 * answers, including when an embargo ends after the kept values were built.
 */
describe('kept latest values', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  /** Asked twice: the second answer, kept by the answer cache, must be the first's bytes. */
  const observations = async (url: string) => {
    const response = await get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    const again = await get(url);
    assert.equal(again.headers.etag, response.headers.etag, url);
    assert.deepEqual(again.rawPayload, response.rawPayload, `${url} asked again`);
    return response.json().observations as { metric: string; period: string; value: number }[];
  };

  /** Imports values of a test metric for one period. */
  const importValues = (
    slug: string,
    period: string,
    values: Record<string, number>,
    options: ImportOptions = {},
  ) => importTestValues(t.database, slug, period, values, options);

  /** What the kept table holds for an area and a metric: its period code and value. */
  function kept(code: string, slug: string) {
    return t.database.db
      .selectFrom('latest_values as l')
      .innerJoin('areas as a', 'a.id', 'l.area_id')
      .innerJoin('metrics as m', 'm.id', 'l.metric_id')
      .innerJoin('periods as p', 'p.id', 'l.period_id')
      .select(['p.code', 'l.value'])
      .where('a.code', '=', code)
      .where('m.slug', '=', slug)
      .execute();
  }

  before(async () => {
    t = await openContextApp();
  });
  after(() => t.close());

  it('answers every metric for one area exactly as reading value by value does', async () => {
    // A paged request never takes the kept values, so it is the reference answer.
    for (const area of ['E06000001', 'E07000223', 'E08000025', 'E10000016', 'E92000001'])
      for (const include of ['', 'ci', 'status', 'ci,status', 'ci,status,rank']) {
        const query = `/api/v1/data?metric=*&area=${area}&include=${include}`;
        const fast = await observations(query);
        const reference = await observations(`${query}&limit=50000`);
        assert.ok(fast.length > 10, `${area} has values`);
        assert.deepEqual(fast, reference, `${area} ${include}`);
      }
    const withMissing = await observations('/api/v1/data?metric=*&area=E10000016');
    assert.ok(
      withMissing.some((o) => o.value === null && 'status' in o),
      'a missing value says why',
    );
    const metrics = 'metric=gcses-in-english-and-maths,female-healthy-life-expectancy';
    const ofType = `/api/v1/data?${metrics}&areaType=unitary&include=rank`;
    assert.deepEqual(await observations(ofType), await observations(`${ofType}&limit=50000`));
  });

  it('answers councils of several types exactly as reading value by value does', async () => {
    const metrics = 'metric=gcses-in-english-and-maths,female-healthy-life-expectancy';
    for (const areas of [
      'areaType=district,unitary,metropolitan-district,london-borough',
      'areaType=county,unitary',
      'area=E06000001,E07000223,E08000025,E10000016',
    ])
      for (const include of ['', 'ci,status', 'ci,status,rank']) {
        const query = `/api/v1/data?${metrics}&${areas}&period=latest&include=${include}`;
        const fast = await observations(query);
        assert.ok(fast.length > 3, `${areas} has values`);
        assert.deepEqual(fast, await observations(`${query}&limit=50000`), `${areas} ${include}`);
      }
    // A measure's newest period that one type has and another lacks: the other's councils,
    // whose latest values are older, have none in it.
    await importValues('types-test', '2023', { E06000001: 1, E07000223: 2 });
    await importValues('types-test', '2024', { E06000001: 3 });
    const mixed = '/api/v1/data?metric=types-test&area=E07000223,E06000001&period=latest';
    const answer = await observations(mixed);
    assert.deepEqual(
      answer.map((o) => [o.period, o.value]),
      [['2024-01-01/P1Y', 3]],
    );
    assert.deepEqual(answer, await observations(`${mixed}&limit=50000`));
  });

  it('keeps, from a first import, what a rebuild from the stored values keeps', async () => {
    // The ONS set went in as new metrics: its latest values were worked out from the file.
    const table = () =>
      t.database.db
        .selectFrom('latest_values')
        .selectAll()
        .orderBy('area_id')
        .orderBy('metric_id')
        .execute();
    const kept = await table();
    assert.ok(kept.length > 1000);
    const { rows } = await sql<{ id: number }>`select id from metrics`.execute(t.database.db);
    await t.database.db.transaction().execute(async (trx) => {
      await refreshLatestValues(
        trx,
        rows.map((r) => r.id),
      );
    });
    assert.deepEqual(await table(), kept);
  });

  it('keeps only public values, and follows re-imports', async () => {
    await importValues('kept-test', '2023', { E06000001: 1, E06000002: 2 });
    await importValues('kept-test', '2024', { E06000001: 3, E06000002: 4 });
    assert.deepEqual(await kept('E06000001', 'kept-test'), [{ code: '2024-01-01/P1Y', value: 3 }]);
    await importValues('kept-test', '2024', { E06000001: 5, E06000002: 4 });
    assert.deepEqual(await kept('E06000001', 'kept-test'), [{ code: '2024-01-01/P1Y', value: 5 }]);

    // Restricting the newest values falls back to the period before, in the table and the API.
    await importValues(
      'kept-test',
      '2024',
      { E06000001: 5, E06000002: 4 },
      { publication: { state: 'restricted' } },
    );
    assert.deepEqual(await kept('E06000001', 'kept-test'), [{ code: '2023-01-01/P1Y', value: 1 }]);
    const all = await observations('/api/v1/data?metric=*&area=E06000001');
    assert.deepEqual(
      all.filter((o) => o.metric === 'kept-test').map((o) => [o.period, o.value]),
      [['2023-01-01/P1Y', 1]],
    );
  });

  it('leaves out an area with no value in its type’s latest period', async () => {
    await importValues('partial-test', '2023', { E06000001: 1, E06000002: 2 });
    await importValues('partial-test', '2024', { E06000001: 3 });
    const of = async (area: string) =>
      (await observations(`/api/v1/data?metric=*&area=${area}`))
        .filter((o) => o.metric === 'partial-test')
        .map((o) => [o.period, o.value]);
    assert.deepEqual(await of('E06000001'), [['2024-01-01/P1Y', 3]]);
    assert.deepEqual(await of('E06000002'), [], 'the latest period is 2024, which it lacks');
    assert.deepEqual(await kept('E06000002', 'partial-test'), [
      { code: '2023-01-01/P1Y', value: 2 },
    ]);
  });

  it('shows a newer period the moment its embargo ends, though the kept values predate it', async () => {
    await importValues('lift-test', '2023', { E06000001: 1, E06000002: 2 });
    // Long enough for the answer before it to come under a loaded CI machine.
    const until = new Date(Date.now() + 5000);
    await importValues(
      'lift-test',
      '2024',
      { E06000001: 3, E06000002: 4 },
      { publication: { state: 'embargoed', until } },
    );
    const latest = async () =>
      (await observations('/api/v1/data?metric=*&area=E06000001'))
        .filter((o) => o.metric === 'lift-test')
        .map((o) => [o.period, o.value]);
    assert.deepEqual(await latest(), [['2023-01-01/P1Y', 1]]);
    await sleep(Math.max(0, until.getTime() - Date.now()) + 50);
    assert.deepEqual(await latest(), [['2024-01-01/P1Y', 3]]);
    assert.deepEqual(
      await kept('E06000001', 'lift-test'),
      [{ code: '2023-01-01/P1Y', value: 1 }],
      'no write has rebuilt the kept values: the answer came the long way',
    );
    const single = await observations('/api/v1/data?metric=lift-test&area=E06000001,E06000002');
    assert.deepEqual(
      single.map((o) => o.value),
      [3, 4],
    );
    // Stale and kept keys together, for two areas: each row in its place, key by key then area.
    const both = '/api/v1/data?metric=*&area=E06000002,E06000001&include=ci,status';
    const mixed = await observations(both);
    assert.deepEqual(mixed, await observations(`${both}&limit=50000`));
    assert.ok(mixed.length > 20 && mixed.some((o) => o.metric === 'lift-test'));
  });

  it('records when each metric was rebuilt', async () => {
    const builds = await repository.latestValueBuilds(t.database.db);
    const { id } = await t.database.db
      .selectFrom('metrics')
      .select('id')
      .where('slug', '=', 'kept-test')
      .executeTakeFirstOrThrow();
    const built = builds.get(id);
    assert.ok(built !== undefined && built <= Date.now() && built > Date.now() - 600_000);
  });
});
