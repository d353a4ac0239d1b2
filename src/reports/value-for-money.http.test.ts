import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import { median } from '../charts/quadrant-maths.ts';
import { openDemoApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { lodgeValues } from '../testing/values.ts';
import type { ReportModel, SectionModel } from './report.model.ts';
import { quadrantChart } from './report.presenter.ts';
import { ReportsService } from './report.service.ts';
import { readerWords } from '../testing/http-browser.ts';

const hartlepool = 'E06000001';
const cambridgeshire = 'E10000003';
const birmingham = 'E08000025';
const adur = 'E07000223';

type Quadrant = Extract<SectionModel, { kind: 'quadrant' }>;

describe('the value-for-money and peer challenge reports', () => {
  let t: TestApp;
  let reports: ReportsService;
  const get = (url: string, cookie?: string) =>
    t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  before(async () => {
    t = await openDemoApp({ OPENLG_RATE_LIMIT: '0' });
    const services = createServices(t.database);
    // The demo's store holds the calculated measures `openlg demo` calculates; the test store
    // is the datasets alone, so they are calculated here as the demo does.
    const started = performance.now();
    await services.calculated.installReadyMade();
    await services.calculated.recompute();
    process.stdout.write(
      `# calculated measures: ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    reports = new ReportsService(services.comparison);
  });
  after(() => t.close());

  async function observations(metric: string, group: string, period: string) {
    const query = new URLSearchParams({ metric, group, period, include: 'rank' });
    const answer = await get(`/api/v1/data?${query.toString()}`);
    assert.equal(answer.statusCode, 200, `${metric}: ${answer.body}`);
    return answer.json<{
      observations: { area: string; value: number | null; rank: number | null }[];
    }>().observations;
  }

  /** Each quadrant's table against the data API for the same area, group and period. */
  async function sameAsApi(model: ReportModel, area: string) {
    const { members } = await createServices(t.database).comparison.groupOf(area);
    const group = `custom:${[area, ...members].join(',')}`;
    const quadrants = model.sections.filter((s): s is Quadrant => s.kind === 'quadrant');
    assert.equal(quadrants.length, 3);
    for (const section of quadrants) {
      const drawn = quadrantChart(section, model, 'q');
      assert.ok(
        'chart' in drawn,
        `${area} ${section.heading}: ${'missing' in drawn ? drawn.missing : ''}`,
      );
      const rows = new Map(drawn.chart.table.rows.map((r) => [r.cells[0], r]));
      for (const [column, axis] of [
        [2, section.cost],
        [3, section.outcome],
      ] as const) {
        assert.ok('figures' in axis);
        const { slug, period, members: plotted } = axis.figures;
        const answer = await observations(slug, group, period.code);
        assert.ok(plotted.length >= 5, `${slug}: ${plotted.length} councils`);
        for (const member of plotted) {
          const own = answer.find((o) => o.area === member.code);
          assert.equal(member.value, own?.value ?? null, `${slug} ${member.code}`);
          assert.equal(
            rows.get(member.name)?.unrounded?.[column] ?? null,
            own?.value ?? null,
            `${slug} ${member.name} in the table`,
          );
        }
        // The median the quadrants are split at: of the figures the API ranks.
        const ranked = answer.filter((o) => o.rank !== null && o.value !== null);
        assert.equal(
          rows.get("The group's median")?.unrounded?.[column],
          median(ranked.map((o) => o.value ?? 0)),
          `${slug} median`,
        );
        const england = await get(
          `/api/v1/data?metric=${slug}&area=E92000001&period=${encodeURIComponent(period.code)}`,
        );
        const englandValue =
          england.json<{ observations: { value: number | null }[] }>().observations[0]?.value ??
          null;
        assert.equal(
          rows.get('England')?.unrounded?.[column] ?? null,
          englandValue,
          `${slug} England`,
        );
      }
      assert.equal(drawn.chart.table.rows[0]?.highlighted, true, 'the area first');
    }
  }

  for (const area of [hartlepool, cambridgeshire, birmingham])
    it(`plots the group’s figures the data API gives, for ${area}`, async () => {
      const model = await reports.run(reports.find('value-for-money'), { area, year: null });
      await sameAsApi(model, area);
    });

  it('draws each quadrant with its table on the page, and says why a district has none', async () => {
    const page = await get(`/reports/value-for-money?area=${hartlepool}`);
    assert.equal(page.statusCode, 200);
    assert.equal((page.body.match(/class="app-chart app-chart--quadrant"/g) ?? []).length, 3);
    const text = readerWords(page.body);
    for (const bad of ['undefined', 'NaN', '[object Object]', '{metric:'])
      assert.ok(!text.includes(bad), bad);
    assert.match(
      text,
      /Hartlepool’s spending on children looked after comes to £[\d,]+ a child in care/,
    );
    assert.match(text, /Lower cost, better outcome/);
    assert.match(text, /Council tax requirement per head £[\d,.]+/);
    const district = await get(`/reports/value-for-money?area=${adur}`);
    assert.equal(district.statusCode, 200);
    assert.doesNotMatch(district.body, /app-chart--quadrant/);
    assert.match(
      readerWords(district.body),
      /No quadrant: Spending on children looked after, per child looked after: [^.]*district/i,
    );
    // Council tax is a district's to set: its figures are there.
    assert.match(readerWords(district.body), /Council tax requirement per head £[\d,.]+/);
  });

  it('writes each quadrant’s table to the workbook and its chart to the Word document', async () => {
    const url = `/reports/value-for-money?area=${hartlepool}`;
    const docx = await get(url.replace('?', '.docx?'));
    assert.equal(docx.statusCode, 200);
    const word = await JSZip.loadAsync(docx.rawPayload);
    const images = Object.keys(word.files).filter((f) => /^word\/media\/.+\.png$/.test(f));
    assert.ok(images.length >= 3, `${images.length} images`);
    const document = (await word.file('word/document.xml')?.async('string')) ?? '';
    assert.match(document, /Lower cost, better outcome/);
    const xlsx = await get(url.replace('?', '.xlsx?'));
    const book = await JSZip.loadAsync(xlsx.rawPayload);
    const strings = (await book.file('xl/sharedStrings.xml')?.async('string')) ?? '';
    assert.match(strings, /The group&apos;s median|The group's median/);
    assert.match(strings, /Quadrant/);
    const page = await get(url);
    const section = /href="(\/reports\/value-for-money\/sections\/5\.csv\?[^"]*)"/.exec(
      page.body,
    )?.[1];
    assert.ok(section, 'the quadrant’s figures as CSV');
    const csv = await get(section.replaceAll('&amp;', '&'));
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /Quadrant/);
    assert.match(csv.body, /Hartlepool/);
  });

  it('plots a council’s lodged figure for its own readers only, the page then private', async () => {
    const steward = await newUser(t.database, { organisation: hartlepool, role: 'data-steward' });
    const { cookie } = await sessionFor(t.database, steward.id);
    const by = { organisation: hartlepool, user: steward };
    await lodgeValues(t.database, 'dfe-rereferral', '2031', { [hartlepool]: 77.7 }, by);
    const url = `/reports/value-for-money?area=${hartlepool}`;
    const mine = await get(url, cookie);
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.headers['cache-control'], 'private, no-store');
    assert.match(mine.body, /This page includes figures that are not yet public/);
    // The quadrant reads the period the steward's figures are of: theirs alone, in 2031.
    const quadrant =
      /<table[^>]*>\s*<caption[^>]*>Safeguarding spending per referral[\s\S]*?<\/table>/.exec(
        mine.body,
      )?.[0];
    assert.ok(quadrant, 'the safeguarding quadrant’s table');
    assert.match(quadrant, /77\.7/);
    assert.match(quadrant, /\(2031\)/);
    const theirs = await get(url);
    assert.doesNotMatch(readerWords(theirs.body), /77\.7|2031|not yet public/i);
  });

  for (const area of [hartlepool, cambridgeshire, adur])
    it(`sets out the peer challenge pack by the five components, for ${area}`, async () => {
      const page = await get(`/reports/peer-challenge-data-pack?area=${area}`);
      assert.equal(page.statusCode, 200);
      const text = readerWords(page.body);
      for (const heading of [
        'Local priorities and outcomes: the place',
        'Organisational and place leadership',
        'Governance and culture',
        'Financial planning and management',
        'Capacity for improvement',
      ])
        assert.ok(text.includes(heading), `${area}: ${heading}`);
      assert.match(text, /No published dataset measures leadership/);
      assert.match(text, /This copy of openlg holds no measure of governance or culture/);
      for (const bad of ['undefined', 'NaN', '{metric:'])
        assert.ok(!text.includes(bad), `${area}: ${bad}`);
      assert.match(text, /Council tax requirement per head £[\d,.]+/);
    });
});
