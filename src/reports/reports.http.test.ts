import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import { openDemoApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { lodgeValues } from '../testing/values.ts';
import { readyMadeReports } from './ready-made/index.ts';
import type { MeasureRow } from './report.model.ts';
import { ReportsService } from './report.service.ts';
import { readerWords } from '../testing/http-browser.ts';

const hartlepool = 'E06000001';
/** A unitary, a district, a county, a London borough and a metropolitan borough. */
const councils = [hartlepool, 'E07000223', 'E10000003', 'E09000002', 'E08000025'];

describe('ready-made reports over HTTP', () => {
  let t: TestApp;
  const get = (url: string, cookie?: string) =>
    t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  before(async () => {
    t = await openDemoApp({ OPENLG_RATE_LIMIT: '0' });
  });
  after(() => t.close());

  it('lists every ready-made report, linked from the site navigation', async () => {
    const list = await get('/reports');
    assert.equal(list.statusCode, 200);
    for (const report of readyMadeReports) {
      assert.match(list.body, new RegExp(`href="/reports/${report.slug}"`));
      assert.ok(readerWords(list.body).includes(report.name.replace('’', '’')), report.name);
    }
    assert.match(
      (await get('/')).body,
      /<a class="govuk-service-navigation__link" href="\/reports"/,
    );
  });

  it('asks for a council before running a report', async () => {
    const page = await get('/reports/council-overview');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Choose a council to run the report for it/);
    assert.match(page.body, /<option value="E06000001">Hartlepool<\/option>/);
  });

  for (const report of readyMadeReports)
    it(`runs ${report.slug} for a council of each kind, every section shown`, async () => {
      for (const code of councils) {
        const page = await get(`/reports/${report.slug}?area=${code}`);
        assert.equal(page.statusCode, 200, `${report.slug} ${code}`);
        const text = readerWords(page.body);
        for (const bad of ['undefined', 'NaN', '[object Object]', '{metric:', '{area.'])
          assert.ok(!text.includes(bad), `${report.slug} ${code}: "${bad}" in the page`);
        const sections = page.body.match(/<section class="openlg-report-section"/g) ?? [];
        assert.equal(sections.length, report.sections.length, `${report.slug} ${code}`);
        // The group side by side, the area first and marked, England last for reference.
        assert.match(
          page.body,
          /<tbody class="govuk-table__body"><tr class="govuk-table__row"><th scope="row" class="govuk-table__header"><strong>◆ [^<]+<\/strong>/,
        );
        assert.match(
          page.body,
          /<th scope="row" class="govuk-table__header">England<\/th>(<td[^>]*>[^<]*<\/td>)+<\/tr><\/tbody>/,
        );
        // The figures of the area itself are on the page: its name heads it, its row is marked.
        assert.match(page.body, /<h1 class="govuk-heading-xl">[^<]+: /);
      }
    });

  it('says why a district has no children’s services figures', async () => {
    const page = await get('/reports/childrens-services?area=E07000223');
    assert.equal(page.statusCode, 200);
    assert.match(readerWords(page.body), /not (published|collected) for district/i);
    // A paragraph about figures Adur has not got is left out, and says so, rather than say
    // "not available children were looked after".
    assert.match(
      readerWords(page.body),
      /left out: Adur has no figure for Children looked after rate/,
    );
    assert.doesNotMatch(readerWords(page.body), /not available children/i);
  });

  it('runs a report for a region against the other regions', async () => {
    const page = await get('/reports/economy-and-skills?area=E12000001');
    assert.equal(page.statusCode, 200);
    assert.match(readerWords(page.body), /Regions of England \(9 councils\)/);
  });

  it('compares with a chosen group and with the figures of a chosen year', async () => {
    const custom = await get(
      `/reports/council-overview?area=${hartlepool}&group=custom:E06000002,E06000003`,
    );
    assert.equal(custom.statusCode, 200);
    assert.match(
      readerWords(custom.body),
      /employment rate is [\d.]+% \(\d{4}\), \d(st|nd|rd) of 3 /,
    );
    const then = await get(`/reports/council-overview?area=${hartlepool}&period=2019`);
    assert.equal(then.statusCode, 200);
    const text = readerWords(then.body);
    assert.match(text, /periods beginning in 2019/);
    const years = [...text.matchAll(/employment rate is [\d.]+% \((\d{4})\)/g)].map((m) => m[1]);
    assert.deepEqual(years, ['2019']);
  });

  it('answers bad query values with 400 and the GOV.UK error summary', async () => {
    const bad = await get('/reports/council-overview?area=nowhere&period=1066&group=no-such');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    for (const field of ['area', 'period'])
      assert.match(bad.body, new RegExp(`href="#${field}"`), field);
    assert.match(bad.body, /<title>Error: /);
    const group = await get(`/reports/council-overview?area=${hartlepool}&group=no-such`);
    assert.equal(group.statusCode, 400);
    assert.match(group.body, /href="#group"/);
    const unknownArea = await get('/reports/council-overview?area=E06999999');
    assert.equal(unknownArea.statusCode, 400);
    assert.match(unknownArea.body, /There is no area with the code E06999999/);
    assert.equal((await get('/reports/council-overview?colour=red')).statusCode, 400);
    assert.equal((await get('/reports/no-such-report')).statusCode, 404);
  });

  it('shows a council its lodged figures, marked and private; the public sees none', async () => {
    const steward = await newUser(t.database, { organisation: hartlepool, role: 'data-steward' });
    const { cookie } = await sessionFor(t.database, steward.id);
    const by = { organisation: hartlepool, user: steward };
    await lodgeValues(t.database, 'employment-rate', '2031', { [hartlepool]: 77.7 }, by);
    const url = `/reports/council-overview?area=${hartlepool}`;
    const mine = await get(url, cookie);
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.headers['cache-control'], 'private, no-store');
    // The lodging import's own definition (a test title, no unit) is what the steward sees too.
    assert.match(readerWords(mine.body), / is 77\.7 \(2031\), 1st of 1 similar councils/);
    assert.match(mine.body, /This page includes figures that are not yet public/);
    const theirs = await get(url);
    assert.doesNotMatch(readerWords(theirs.body), /77\.7%|2031|not yet public/i);
  });

  it('gives the figures the data API gives for the same area, group and period', async () => {
    const services = createServices(t.database);
    const reports = new ReportsService(services.comparison);
    const { members } = await services.comparison.groupOf(hartlepool);
    const group = `custom:${[hartlepool, ...members].join(',')}`;
    const runs = [
      ...readyMadeReports.map((r) => ({ slug: r.slug, year: null })),
      { slug: 'council-overview', year: 2021 },
    ];
    for (const { slug, year } of runs) {
      const model = await reports.run(reports.find(slug), { area: hartlepool, year });
      const rows = model.sections.flatMap((s) => ('rows' in s ? s.rows : []));
      const figured = rows.filter((r) => r.periodCode !== null);
      assert.ok(figured.length >= 8, `${slug}: ${figured.length} figures`);
      for (const row of figured) await sameAsApi(row, group);
      // The charts' figures: each member's, in the chart's period.
      for (const section of model.sections)
        if ('chart' in section && 'page' in section.chart) {
          const { page } = section.chart;
          const answer = await observations(section.slug, group, page.period.code);
          for (const member of page.members)
            assert.equal(
              member.value,
              answer.find((o) => o.area === member.code)?.value ?? null,
              `${slug} ${section.slug} ${member.code}`,
            );
        }
      // And the page shows them: each row's value as the report computed it.
      const shown = await get(
        `/reports/${slug}?area=${hartlepool}${year ? `&period=${year}` : ''}`,
      );
      for (const row of figured) assert.ok(shown.body.includes(row.value), `${slug} ${row.slug}`);
    }
  });

  interface Observation {
    area: string;
    value: number | null;
    rank: number | null;
    quartileBand: number | null;
    benchmark: number | null;
  }

  async function observations(metric: string, group: string, period: string) {
    const query = new URLSearchParams({ metric, group, period, include: 'rank,benchmark' });
    const answer = await get(`/api/v1/data?${query.toString()}`);
    assert.equal(answer.statusCode, 200, `${metric}: ${answer.body}`);
    return answer.json<{ observations: Observation[] }>().observations;
  }

  async function sameAsApi(row: MeasureRow, group: string) {
    const answer = await observations(row.slug, group, row.periodCode ?? '');
    const own = answer.find((o) => o.area === hartlepool);
    assert.ok(own, row.slug);
    assert.equal(row.unrounded, own.value, `${row.slug} value`);
    assert.equal(row.rank, own.rank, `${row.slug} rank`);
    assert.equal(row.band, own.quartileBand, `${row.slug} quarter`);
    assert.equal(row.englandValue, own.benchmark, `${row.slug} England`);
    assert.equal(row.outOf, answer.filter((o) => o.rank !== null).length, `${row.slug} of`);
  }
});

describe('ready-made reports as Word documents and workbooks', () => {
  let t: TestApp;
  before(async () => {
    t = await openDemoApp({ OPENLG_RATE_LIMIT: '0' });
  });
  after(() => t.close());

  const url = `/reports/council-overview?area=${hartlepool}`;

  it('offers both files on the page, each holding the report’s tables as shown', async () => {
    const page = await t.app.inject({ method: 'GET', url });
    const shown = readerWords(page.body);
    assert.match(page.body, /href="\/reports\/council-overview\.docx\?area=E06000001"/);
    const docx = await t.app.inject({ method: 'GET', url: url.replace('?', '.docx?') });
    assert.equal(docx.statusCode, 200);
    assert.match(String(docx.headers['content-type']), /wordprocessingml/);
    const word = await JSZip.loadAsync(docx.rawPayload);
    const document = (await word.file('word/document.xml')?.async('string')) ?? '';
    const text = document
      .replace(/<[^>]+>/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ');
    assert.match(document, /<w:tbl>/);
    assert.ok(
      Object.keys(word.files).some((f) => /^word\/media\/.+\.png$/.test(f)),
      'a chart',
    );
    const xlsx = await t.app.inject({ method: 'GET', url: url.replace('?', '.xlsx?') });
    assert.equal(xlsx.statusCode, 200);
    const book = await JSZip.loadAsync(xlsx.rawPayload);
    const strings = (await book.file('xl/sharedStrings.xml')?.async('string')) ?? '';
    const sheets = Object.keys(book.files).filter((f) => f.startsWith('xl/worksheets/sheet'));
    const reports = new ReportsService(createServices(t.database).comparison);
    const model = await reports.run(reports.find('council-overview'), {
      area: hartlepool,
      year: null,
    });
    assert.equal(sheets.length, model.sections.length + 1, 'About, then a sheet a section');
    // Every measure row the page shows is in both files, with its figure as shown.
    const rows = model.sections.flatMap((s) => ('rows' in s ? (s.rows as MeasureRow[]) : []));
    assert.ok(rows.length > 5);
    for (const row of rows) {
      assert.ok(shown.includes(row.title), row.title);
      for (const [name, held] of [
        ['docx', text],
        ['xlsx', strings.replace(/&amp;/g, '&')],
      ] as const) {
        assert.ok(held.includes(row.title), `${name}: ${row.title}`);
        assert.ok(held.includes(row.value), `${name}: ${row.title} ${row.value}`);
      }
    }
  });

  it('offers each section’s figures as CSV and each chart as SVG and PNG', async () => {
    const page = (await t.app.inject({ method: 'GET', url })).body;
    const links = (pattern: RegExp) =>
      [...page.matchAll(pattern)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&'));
    const csvs = links(/href="(\/reports\/council-overview\/sections\/\d+\.csv\?[^"]*)"/g);
    const charts = links(/href="(\/metrics\/[^"]+\/charts\/[^"]+\.(?:svg|png)\?[^"]*)"/g);
    assert.ok(csvs.length >= 3, `${csvs.length} CSV links`);
    assert.ok(charts.length >= 2, `${charts.length} chart links`);
    for (const link of [...csvs, ...charts]) {
      const file = await t.app.inject({ method: 'GET', url: link });
      assert.equal(file.statusCode, 200, link);
      // A header and a row at least.
      if (link.includes('.csv')) assert.ok(file.body.trim().split('\n').length > 1, link);
    }
    const beyond = await t.app.inject({
      method: 'GET',
      url: `/reports/council-overview/sections/99.csv?area=${hartlepool}`,
    });
    assert.equal(beyond.statusCode, 404);
  });

  it('refuses a file of a report asked for badly, as the page does', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/reports/council-overview.docx' });
    assert.equal(none.statusCode, 400);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/reports/council-overview.xlsx?area=E99999999',
    });
    assert.equal(bad.statusCode, 400);
  });
});
