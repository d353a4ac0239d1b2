import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Migrator, sql } from 'kysely';
import { findMetrics } from '../data/data.repository.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import * as m1 from '../db/migrations/0001-initial.ts';
import * as m2 from '../db/migrations/0002-bulk-values-and-coverage.ts';
import * as m3 from '../db/migrations/0003-comparison-groups.ts';
import * as m4 from '../db/migrations/0004-latest-values.ts';
import { GroupsService } from '../groups/groups.service.ts';
import type { MetricDefinition } from '../imports/import.types.ts';
import * as imports from '../imports/imports.repository.ts';
import type { ImportOptions } from '../imports/imports.service.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { importValues } from '../testing/values.ts';
import { openTestDatabase } from '../testing/database.ts';
import { workbookCells } from '../testing/workbook.ts';

/*
 * A metric's definition follows the publication state of the import that wrote it, as its values
 * do (issue 13, finding 2); a metric the public may not see answers as one that does not exist
 * (finding 3); and a period only hidden imports wrote answers as one that does not exist
 * (finding 10).
 */

function definition(slug: string, title: string, caveats: string | null = null): MetricDefinition {
  return {
    slug,
    title,
    subtitle: null,
    description: null,
    unit: '%',
    measure: null,
    decimalPlaces: 1,
    polarity: 'higher-is-better',
    theme: 'economy-and-skills',
    sourceOrganisation: 'Test source',
    sourceUrl: null,
    licence: null,
    caveats,
    periodicity: null,
  };
}

const published = { publication: 'published', embargoUntil: null } as const;
const restricted = { publication: 'restricted', embargoUntil: null } as const;
const embargoed = (until: Date) => ({ publication: 'embargoed' as const, embargoUntil: until });

describe('needsVersion', () => {
  const columns = {
    title: 'Title',
    subtitle: null,
    description: null,
    unit: '%',
    measure: null,
    decimal_places: 1,
    polarity: 'higher-is-better' as const,
    theme: 'economy-and-skills' as const,
    source_organisation: 'Test source',
    source_url: null,
    licence: null,
    caveats: null,
    periodicity: null,
    comparable_across: null,
  };
  const newest = (publication: 'published' | 'embargoed' | 'restricted', publicNow: boolean) => ({
    ...columns,
    publication,
    embargo_until: publication === 'embargoed' ? new Date(0) : null,
    public_now: publicNow,
  });

  it('writes a first version, and a version for every real change', () => {
    assert.equal(imports.needsVersion(undefined, columns, published), true);
    assert.equal(imports.needsVersion(newest('published', true), columns, published), false);
    for (const [key, value] of [
      ['title', 'Other'],
      ['caveats', 'New caveats'],
      ['decimal_places', 2],
      ['licence', 'OGL'],
    ] as const)
      assert.equal(
        imports.needsVersion(newest('published', true), { ...columns, [key]: value }, restricted),
        true,
        key,
      );
  });

  it('restating a definition changes who may see it only while the public cannot', () => {
    for (const state of [published, restricted, embargoed(new Date(1))])
      assert.equal(imports.needsVersion(newest('published', true), columns, state), false);
    assert.equal(imports.needsVersion(newest('restricted', false), columns, published), true);
    assert.equal(imports.needsVersion(newest('restricted', false), columns, restricted), false);
    assert.equal(imports.needsVersion(newest('embargoed', false), columns, restricted), true);
    assert.equal(
      imports.needsVersion(newest('embargoed', false), columns, embargoed(new Date(0))),
      false,
    );
    assert.equal(
      imports.needsVersion(newest('embargoed', false), columns, embargoed(new Date(5))),
      true,
    );
  });
});

describe('metric definition versions in the database', () => {
  let database: Database;
  before(async () => {
    database = await openTestDatabase();
  });
  after(() => database.close());

  /** Writes definitions as an import in the given state would. */
  async function write(
    metrics: MetricDefinition[],
    state: { publication: 'published' | 'embargoed' | 'restricted'; embargoUntil: Date | null },
  ) {
    return database.db.transaction().execute(async (trx) => {
      const importId = await imports.createImport(trx, {
        kind: 'test',
        source: 'test',
        fileName: 'test.csv',
        fileChecksum: 'x',
        command: 'test',
        createdBy: 'test',
        startedAt: new Date(),
        synthetic: false,
        organisationId: null,
        userId: null,
        audience: [],
        ...state,
      });
      const result = await imports.upsertMetrics(trx, metrics, false, { importId, ...state });
      return { created: result.created, updated: result.updated };
    });
  }
  const titleOf = async (slug: string, asOf: Date | null = null) =>
    (await findMetrics(database.db, [slug], asOf))[0]?.title;

  it('shows the newest version public at the moment asked about', async () => {
    assert.deepEqual(await write([definition('rate', 'Old')], published), {
      created: 1,
      updated: 0,
    });
    assert.deepEqual(await write([definition('rate', 'Old')], published), {
      created: 0,
      updated: 0,
    });
    await sleep(5);
    const beforeRedefinitions = new Date();
    await sleep(5);
    const inAnHour = new Date(Date.now() + 3_600_000);
    assert.deepEqual(await write([definition('rate', 'Embargoed')], embargoed(inAnHour)), {
      created: 0,
      updated: 1,
    });
    assert.equal(await titleOf('rate'), 'Old', 'an embargoed definition waits');
    assert.equal(await titleOf('rate', new Date('2999-01-01')), 'Old', 'a later asOf means now');
    assert.deepEqual(await write([definition('rate', 'Restricted')], restricted), {
      created: 0,
      updated: 1,
    });
    assert.equal(await titleOf('rate'), 'Old', 'a restricted definition is never shown');
    assert.deepEqual(await write([definition('rate', 'Restricted')], restricted), {
      created: 0,
      updated: 0,
    });
    const ended = new Date(Date.now() - 1000);
    assert.deepEqual(await write([definition('rate', 'Lifted')], embargoed(ended)), {
      created: 0,
      updated: 1,
    });
    assert.equal(await titleOf('rate'), 'Lifted', 'an embargo that has ended shows');
    assert.equal(await titleOf('rate', beforeRedefinitions), 'Old', 'as the public saw it then');
  });

  it('keeps a new metric whose only definition is hidden out of sight, until it is published', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000);
    assert.deepEqual(await write([definition('fresh', 'Fresh')], embargoed(inAnHour)), {
      created: 1,
      updated: 0,
    });
    assert.equal(await titleOf('fresh'), undefined);
    await write([definition('withdrawn', 'Withdrawn')], restricted);
    assert.equal(await titleOf('withdrawn'), undefined);
    assert.deepEqual(await write([definition('fresh', 'Fresh')], published), {
      created: 0,
      updated: 1,
    });
    assert.equal(await titleOf('fresh'), 'Fresh');
  });
});

describe('migration 0005', () => {
  it("makes each metric's definition its first, published version", async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    try {
      const before = { '0001-initial': m1, '0002-bulk-values-and-coverage': m2 };
      const upTo4 = { ...before, '0003-comparison-groups': m3, '0004-latest-values': m4 };
      await new Migrator({ db: database.db, provider: { getMigrations: async () => upTo4 } })
        .migrateToLatest()
        .then(({ error }) => assert.equal(error, undefined));
      await sql`insert into metrics (slug, title, polarity, caveats, decimal_places, theme,
          created_at, updated_at)
        values ('kept', 'Kept title', 'lower-is-better', 'Kept caveats', 2, 'workforce',
          '2020-01-01', '2024-01-01')`.execute(database.db);
      await migrateToLatest(database.db);
      const [metric] = await findMetrics(database.db, ['kept']);
      assert.deepEqual(
        [metric?.title, metric?.caveats, metric?.decimal_places, metric?.polarity, metric?.theme],
        ['Kept title', 'Kept caveats', 2, 'lower-is-better', 'workforce'],
      );
      assert.equal(
        (await findMetrics(database.db, ['kept'], new Date('2020-06-01')))[0]?.title,
        'Kept title',
        'the values of any past moment keep a definition',
      );
    } finally {
      await database.close();
    }
  });
});

describe('metric definitions over HTTP', () => {
  let t: TestApp;
  // A headline metric, so that council profiles show it.
  const slug = 'employment-rate';
  const group = 'custom:E06000001,E06000002';
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  /** Imports one metric's values for some areas in one year, under a definition. */
  const importSet = (
    metric: MetricDefinition,
    year: number,
    values: Record<string, number>,
    options: ImportOptions = {},
  ) => importValues(t.database, metric.slug, String(year), values, options, metric);

  /** Every route and format that shows the metric's definition, as text. */
  const routes = [
    `/api/v1/metrics?q=employment`,
    `/api/v1/metrics/${slug}`,
    `/metrics`,
    `/metrics/${slug}`,
    `/metrics/${slug}?area=E06000001&group=${group}`,
    `/areas?q=employment`,
    `/areas/E06000001?group=${group}`,
    `/compare?areas=E06000001,E06000002&metrics=${slug}`,
    `/api/v1/compare?metric=${slug}&area=E06000001&group=${group}`,
    ...['json', 'csv', 'jsonstat', 'csvw', 'xlsx'].map(
      (format) => `/api/v1/data?metric=${slug}&area=E06000001,E06000002&format=${format}`,
    ),
    `/api/v1/data?metric=*&area=E06000001&format=json`,
    `/api/v1/bulk/catalogue.csv`,
    `/api/v1/bulk/metrics/${slug}.csv`,
    `/api/v1/bulk/all.csv`,
  ];
  /** The routes that take asOf. */
  const asksAsOf = (route: string) => route.startsWith(`/api/v1/data?metric=${slug}`);
  async function text(url: string): Promise<string> {
    const response = await get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    return url.includes('format=xlsx')
      ? workbookCells(response.rawPayload).then((cells) => cells.join('\n'))
      : response.body;
  }
  /** The routes whose text includes `title`, failing if any includes one of `hidden`. */
  async function showing(title: string, hidden: readonly string[], asOf = '') {
    const shown: string[] = [];
    for (const route of routes) {
      const url = asOf && asksAsOf(route) ? `${route}&asOf=${asOf}` : asOf ? '' : route;
      if (!url) continue;
      const body = await text(url);
      for (const word of hidden) assert.ok(!body.includes(word), `${url} shows "${word}"`);
      if (body.includes(title)) shown.push(route);
    }
    return shown;
  }

  before(async () => {
    t = await openTestApp();
    // The tier groups a metric page's map needs; no neighbours model is needed.
    await new GroupsService(t.database.db).rebuildRegisterGroups(dataDir);
    await importSet(definition(slug, 'Employment old wording', 'Old caveats'), 2023, {
      E06000001: 71,
      E06000002: 68,
      E92000001: 75,
    });
    const inADay = new Date(Date.now() + 86_400_000);
    await importSet(
      definition('unpublished-measure', 'Unpublished measure'),
      2023,
      {
        E06000001: 1,
      },
      { publication: { state: 'embargoed', until: inADay } },
    );
    await importSet(
      definition('withdrawn-measure', 'Withdrawn measure'),
      2031,
      {
        E06000001: 1,
      },
      { publication: { state: 'restricted' } },
    );
  });
  after(() => t.close());

  it('shows an embargoed redefinition only once its embargo ends, and a restricted one never', async () => {
    const hidden = [
      'embargoed wording',
      'Embargoed caveats',
      'restricted wording',
      'Restricted caveats',
    ];
    const titled = await showing('Employment old wording', hidden);
    for (const route of [
      `/api/v1/metrics?q=employment`,
      `/api/v1/metrics/${slug}`,
      `/metrics/${slug}`,
      `/areas/E06000001?group=${group}`,
      `/compare?areas=E06000001,E06000002&metrics=${slug}`,
      `/api/v1/compare?metric=${slug}&area=E06000001&group=${group}`,
      `/api/v1/data?metric=${slug}&area=E06000001,E06000002&format=xlsx`,
      `/api/v1/bulk/catalogue.csv`,
    ])
      assert.ok(titled.includes(route), `${route} shows the title`);

    await importSet(
      definition(slug, 'Employment restricted wording', 'Restricted caveats'),
      2023,
      { E06000004: 69 },
      { publication: { state: 'restricted' } },
    );
    assert.deepEqual(await showing('Employment old wording', hidden), titled, 'restricted');

    // Long enough for the checks below on a busy machine (the last assertion before the wait says so).
    const until = new Date(Date.now() + 10_000);
    const summary = await importSet(
      definition(slug, 'Employment embargoed wording', 'Embargoed caveats'),
      2023,
      { E06000003: 70 },
      { publication: { state: 'embargoed', until } },
    );
    assert.equal(summary.metricsUpdated, 1);
    await sleep(5);
    const duringEmbargo = new Date().toISOString();
    assert.deepEqual(await showing('Employment old wording', hidden), titled, 'under embargo');
    assert.deepEqual(
      await showing('Employment old wording', hidden, duringEmbargo),
      titled.filter(asksAsOf),
      'asOf during the embargo',
    );
    assert.ok(Date.now() < until.getTime(), 'the checks ran before the embargo ended');

    await sleep(Math.max(0, until.getTime() - Date.now()) + 100);
    const lifted = ['restricted wording', 'Restricted caveats', 'old wording', 'Old caveats'];
    assert.deepEqual(await showing('Employment embargoed wording', lifted), titled, 'lifted');
    assert.deepEqual(
      await showing('Employment old wording', hidden, duringEmbargo),
      titled.filter(asksAsOf),
      'asOf during the embargo, asked after it',
    );
    const afterLift = new Date().toISOString();
    assert.deepEqual(
      await showing('Employment embargoed wording', lifted, afterLift),
      titled.filter(asksAsOf),
      'asOf after the embargo',
    );
  });

  /** A response with what names the thing asked for taken out, to compare with another. */
  async function answer(url: string, asked: string) {
    const response = await get(url);
    const body = response.body
      .replaceAll(asked, '<asked>')
      .replaceAll(encodeURIComponent(asked), '<asked>')
      .replace(/nonce="[^"]*"/g, '');
    return { status: response.statusCode, body };
  }

  it('answers a metric the public may not see exactly as an unknown one', async () => {
    const templates = [
      '/compare?areas=E06000001,E06000002&metrics=<slug>',
      '/metrics/<slug>',
      '/metrics/<slug>?area=E06000001',
      '/api/v1/metrics/<slug>',
      `/api/v1/compare?metric=<slug>&area=E06000001&group=${group}`,
      '/api/v1/data?metric=<slug>&area=E06000001',
      '/api/v1/data?metric=<slug>&area=E06000001&format=csv',
      '/api/v1/bulk/metrics/<slug>.csv',
    ];
    for (const template of templates) {
      const unknown = await answer(
        template.replace('<slug>', 'no-such-measure'),
        'no-such-measure',
      );
      // The compare page answers a measure it does not know on its form, with the error summary.
      assert.equal(unknown.status, template.startsWith('/compare') ? 400 : 404, template);
      for (const hiddenSlug of ['unpublished-measure', 'withdrawn-measure'])
        assert.deepEqual(
          await answer(template.replace('<slug>', hiddenSlug), hiddenSlug),
          unknown,
          `${template} for ${hiddenSlug}`,
        );
    }
    for (const url of ['/api/v1/metrics?q=measure', '/areas?q=measure', '/metrics'])
      assert.ok(!(await text(url)).includes('-measure'), url);
  });

  it('answers a period only hidden imports hold exactly as one that does not exist', async () => {
    const templates = [
      `/api/v1/compare?metric=${slug}&area=E06000001&group=${group}&period=<period>`,
      `/metrics/${slug}?area=E06000001&group=${group}&period=<period>`,
      `/api/v1/data?metric=${slug}&area=E06000001&period=<period>`,
    ];
    for (const template of templates) {
      const absent = await answer(template.replace('<period>', '2032-01-01/P1Y'), '2032-01-01/P1Y');
      assert.equal(absent.status, 404, template);
      assert.deepEqual(
        await answer(template.replace('<period>', '2031-01-01/P1Y'), '2031-01-01/P1Y'),
        absent,
        template,
      );
    }
  });
});
