import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createServices } from '../app/services.ts';
import { type TestApp, openContextApp } from '../testing/app.ts';
import { figureOnProfile } from '../testing/profile-page.ts';
import { importValues } from '../testing/values.ts';
import { keptProfileStamp } from './comparison.service.ts';
import { headlineMetrics } from './headlines.ts';

/*
 * A council's whole profile is kept in the database once built (migration 0011) and read back
 * while nothing it was built from has changed. These tests hold the kept profile to a fresh one
 * and show each change that must rebuild it: an import, an embargo's end, the day.
 */
describe('kept council profiles', () => {
  let t: TestApp;
  const code = 'E06000001';
  const comparison = () => createServices(t.database).comparison;
  const kept = () =>
    t.database.db
      .selectFrom('council_profiles')
      .select(['area_code', 'group_key', 'stamp', 'body'])
      .orderBy('group_key')
      .execute();
  const figureOnPage = (slug: string) => figureOnProfile(t.app, code, slug);

  before(async () => {
    t = await openContextApp();
  });
  after(() => t.close());

  it('keeps a built profile and answers later with it, exactly as built', async () => {
    await t.database.db.deleteFrom('council_profiles').execute();
    const built = await comparison().councilProfile(code);
    const rows = await kept();
    assert.deepEqual(
      rows.map((r) => [r.area_code, r.group_key]),
      [[code, 'default']],
    );
    assert.ok(built.metrics.length > 20, 'a whole profile');
    assert.deepEqual(await comparison().councilProfile(code), built);

    // The kept row is what is read: a marker written into it reaches the answer.
    const body = JSON.parse(rows[0]?.body ?? '{}') as { metrics: { title: string }[] };
    const first = body.metrics[0];
    assert.ok(first);
    first.title = 'Read from the kept profile';
    await t.database.db
      .updateTable('council_profiles')
      .set({ body: JSON.stringify(body) })
      .execute();
    assert.equal((await comparison().councilProfile(code)).metrics[0]?.title, first.title);
    await t.database.db.deleteFrom('council_profiles').execute();
  });

  it('keeps a profile per group, but never a custom group’s', async () => {
    await t.database.db.deleteFrom('council_profiles').execute();
    const region = await comparison().councilProfile(code, { id: 'type:unitary' });
    await comparison().councilProfile(code, { codes: ['E06000001', 'E06000002', 'E06000003'] });
    assert.deepEqual(
      (await kept()).map((r) => r.group_key),
      ['type:unitary'],
    );
    assert.equal(region.group.id, 'type:unitary');
  });

  /** The metrics a council has a figure of that the public sees, by slug, read apart here. */
  async function metricsOfArea(area: string) {
    const { rows } = await sql<{ slug: string }>`
      select distinct m.slug from metrics m
      join observations o on o.metric_id = m.id
      join areas a on a.id = o.area_id
      where a.code = ${area} and o.publication = 'published'
      order by m.slug`.execute(t.database.db);
    return rows.map((r) => r.slug);
  }

  /**
   * The profile of the headline metrics and then every other the council has, as asked, with
   * the recent figures of headline rows only (a whole profile draws no others).
   */
  async function profileOfEvery(area: string, group?: { codes: string[] }) {
    const others = (await metricsOfArea(area)).filter((slug) => !headlineMetrics.includes(slug));
    const profile = await comparison().profile(area, group, [...headlineMetrics, ...others]);
    const headlines = new Set(headlineMetrics);
    const metrics = profile.metrics.map((m) =>
      'recent' in m && !headlines.has(m.slug) ? { ...m, recent: [] } : m,
    );
    return { ...profile, metrics };
  }

  it('builds a whole profile as the profile of every metric the council has', async () => {
    const group = { codes: ['E06000001', 'E06000002', 'E06000003', 'E06000004'] };
    const fresh = await comparison().councilProfile(code, group);
    assert.deepEqual(fresh, await profileOfEvery(code, group));
    assert.ok(fresh.metrics.some((m) => 'recent' in m && m.recent.length > 1));
    // Kept: read back from its JSON.
    await t.database.db.deleteFrom('council_profiles').execute();
    assert.deepEqual(
      await comparison().councilProfile(code),
      JSON.parse(JSON.stringify(await profileOfEvery(code))),
    );
  });

  it('reads the metrics and their periods again once the data changes', async () => {
    // One service throughout: what it keeps in memory must follow each import.
    const service = comparison();
    const figure = async (slug: string) => {
      await t.database.db.deleteFrom('council_profiles').execute();
      const row = (await service.councilProfile(code)).metrics.find((m) => m.slug === slug);
      return row && 'value' in row ? [row.period?.label, row.value.value] : row?.noFigure;
    };
    await importValues(t.database, 'kept-shared', '2023', { E06000001: 5, E06000002: 6 });
    assert.deepEqual(await figure('kept-shared'), ['2023', 5]);
    assert.equal(await figure('kept-shared-new'), undefined);
    // A new period of a known metric, then a new metric.
    await importValues(t.database, 'kept-shared', '2024', { E06000001: 7, E06000002: 6 });
    assert.deepEqual(await figure('kept-shared'), ['2024', 7]);
    await importValues(t.database, 'kept-shared-new', '2024', { E06000001: 8, E06000002: 9 });
    assert.deepEqual(await figure('kept-shared-new'), ['2024', 8]);
  });

  it('shows an import’s values at once, though a profile was kept before it', async () => {
    await importValues(t.database, 'kept-test', '2023', { E06000001: 11, E06000002: 12 });
    assert.equal(await figureOnPage('kept-test'), '11.0');
    await importValues(t.database, 'kept-test', '2023', { E06000001: 21, E06000002: 12 });
    assert.equal(await figureOnPage('kept-test'), '21.0');
  });

  it('downloads the workbook with an import’s values at once, never an older one', async () => {
    const inWorkbook = async (slug: string) => {
      const response = await t.app.inject({ method: 'GET', url: `/areas/${code}.xlsx` });
      assert.equal(response.statusCode, 200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Profile');
      const header = (sheet?.getRow(1).values as unknown[]).slice(1);
      let found: unknown;
      sheet?.eachRow((row) => {
        if (row.getCell(header.indexOf('measure_id') + 1).value === slug)
          found = row.getCell(header.indexOf('value') + 1).value;
      });
      return found;
    };
    await importValues(t.database, 'kept-workbook', '2023', { E06000001: 11.25, E06000002: 12 });
    assert.equal(await inWorkbook('kept-workbook'), 11.25);
    await importValues(t.database, 'kept-workbook', '2023', { E06000001: 13.5, E06000002: 12 });
    assert.equal(await inWorkbook('kept-workbook'), 13.5);
  });

  /**
   * What the passing of `until` does, without the wait (a loaded machine took more than 5 s to
   * import and build a page): every embargo ending then ends a second ago instead. Only the
   * clock moves: the data version is not bumped, as nothing is written when an embargo ends.
   */
  async function reachEmbargoEnd(until: Date) {
    const ended = sql`now() - interval '1 second'`;
    for (const [table, column] of [
      ['imports', 'embargo_until'],
      ['observations', 'embargo_until'],
      ['observation_revisions', 'embargo_until'],
      ['metric_definitions', 'embargo_until'],
      ['metric_period_coverage', 'visible_from'],
    ] as const)
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${ended}
        where ${sql.ref(column)} = ${until}`.execute(t.database.db);
  }

  it('shows a value the moment its embargo ends, with no write in between', async () => {
    await importValues(t.database, 'kept-lift', '2023', { E06000001: 1, E06000002: 2 });
    const until = new Date(Date.now() + 3_600_000);
    await importValues(
      t.database,
      'kept-lift',
      '2024',
      { E06000001: 3, E06000002: 4 },
      { publication: { state: 'embargoed', until } },
    );
    assert.equal(await figureOnPage('kept-lift'), '1.0');
    const version = await t.database.db.selectFrom('data_version').select('version').execute();
    await reachEmbargoEnd(until);
    assert.deepEqual(
      await t.database.db.selectFrom('data_version').select('version').execute(),
      version,
    );
    assert.equal(await figureOnPage('kept-lift'), '3.0');
  });

  it('is built again for a new day or data version', () => {
    const state = { version: 7, lifted: null };
    const today = keptProfileStamp(state, new Date('2026-12-03T23:59:59Z'));
    assert.equal(today, keptProfileStamp(state, new Date('2026-12-03T00:00:00Z')));
    assert.notEqual(today, keptProfileStamp(state, new Date('2026-12-04T00:00:00Z')));
    assert.notEqual(today, keptProfileStamp({ ...state, version: 8 }, new Date('2026-12-03')));
    assert.notEqual(
      today,
      keptProfileStamp({ ...state, lifted: '2026-12-03T10:00:00.000000Z' }, new Date('2026-12-03')),
    );
  });
});
