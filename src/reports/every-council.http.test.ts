import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import { principalCouncilTypes } from '../db/vocabulary.ts';
import { groupBy } from '../shared/group-by.ts';
import { openDemoApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { demoReport } from './demo-report.ts';
import { presentReport } from './report.presenter.ts';
import { ReportsService } from './report.service.ts';

/** Every current English council, by code: what each walk runs its reports for. */
function currentEnglishCouncils(t: TestApp) {
  return t.database.db
    .selectFrom('areas')
    .select(['code', 'type'])
    .where('type', 'in', principalCouncilTypes)
    .where('nation', '=', 'england')
    .where('valid_to', 'is', null)
    .orderBy('code')
    .execute();
}

/**
 * The council overview for every current English council: none may fail, whatever its type,
 * tier, group or the measures it lacks. Through the page, every section, for the first, middle
 * and last council of each type; through the service and presenter, for all of them, every
 * section but its charts. Each chart reads its measure's page (ComparisonService.metricPage:
 * the whole tier's figures and shapes, for the map), which made the walk 2.5 minutes on PGlite,
 * 426 ms a council; the measure page's own walk covers that read for every kind of area.
 */
describe('the council overview for every current English council', () => {
  let t: TestApp;
  let councils: { code: string; type: string }[] = [];

  before(async () => {
    t = await openDemoApp({ OPENLG_RATE_LIMIT: '0' });
    councils = await currentEnglishCouncils(t);
  });
  after(() => t.close());

  it('shows every section for councils of each type, through the page', async () => {
    const byType = groupBy(councils, (c) => c.type);
    const sample = [...byType.values()].flatMap((of) => [
      ...new Set([of[0], of[of.length >> 1], of.at(-1)].map((c) => c?.code ?? '')),
    ]);
    assert.ok(sample.length >= 12, `${sample.length} councils`);
    const failed: string[] = [];
    for (const code of sample) {
      const page = await t.app.inject({ url: `/reports/council-overview?area=${code}` });
      const sections = page.body.match(/<section class="openlg-report-section"/g)?.length ?? 0;
      if (page.statusCode !== 200 || sections !== 11 || /undefined|NaN/.test(page.body))
        failed.push(`${code}: ${page.statusCode}, ${sections} sections`);
    }
    assert.deepEqual(failed, []);
  });

  it('runs the demo account’s built report, every measure held, made once', async () => {
    const owner = await newUser(t.database, { organisation: 'E06000001', role: 'data-steward' });
    const { storedReports } = createServices(t.database);
    const id = await storedReports.createForDemo(owner.id, 'E06000001', demoReport);
    assert.ok(id !== null);
    assert.equal(await storedReports.createForDemo(owner.id, 'E06000001', demoReport), null);
    const [listed] = await storedReports.visibleTo(null);
    assert.equal(listed?.record.visibility, 'public');
    const page = await t.app.inject({ url: `/reports/${listed?.report.slug}?area=E06000001` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Hartlepool: scrutiny committee pack/);
    assert.doesNotMatch(page.body, /Not held by this copy|undefined|NaN/);
  });

  it('runs for every one of them with no error, but for its charts', async () => {
    assert.ok(councils.length > 290, `${councils.length} councils`);
    const reports = new ReportsService(createServices(t.database).comparison);
    const full = reports.find('council-overview');
    const charts = new Set(['ranked', 'series', 'map']);
    const report = { ...full, sections: full.sections.filter((s) => !charts.has(s.kind)) };
    const failed: string[] = [];
    const started = performance.now();
    for (const { code } of councils) {
      try {
        const shown = presentReport(await reports.run(report, { area: code, year: null }));
        const tables = shown.sections.filter((s) => 'rows' in s && s.rows.length > 0).length;
        if (tables !== 6) failed.push(`${code}: ${tables} sections of figures`);
      } catch (error) {
        failed.push(`${code}: ${String(error)}`);
      }
    }
    assert.deepEqual(failed, []);
    const each = (performance.now() - started) / councils.length;
    // Not a limit: the figure to compare when this walk grows slow.
    process.stdout.write(
      `# council overview without its charts: ${each.toFixed(0)} ms a council\n`,
    );
  });
});

/**
 * The value-for-money report and the peer challenge data pack for every current English council,
 * through the service and presenter, quadrants included: a quadrant reads the group's figures by
 * key (ComparisonService.groupFigures), not a measure's page, so it is cheap enough to walk.
 */
describe('the value-for-money and peer challenge reports for every current English council', () => {
  let t: TestApp;
  let councils: { code: string; type: string }[] = [];
  let reports: ReportsService;

  before(async () => {
    t = await openDemoApp({ OPENLG_RATE_LIMIT: '0' });
    const services = createServices(t.database);
    // The unit costs and council tax per head are calculated, as `openlg demo` calculates them.
    await services.calculated.installReadyMade();
    await services.calculated.recompute();
    reports = new ReportsService(services.comparison);
    councils = await currentEnglishCouncils(t);
  });
  after(() => t.close());

  it('runs the other ready-made reports for every one of them, but for their charts', async () => {
    // One run of their sections together reads what each would (the area, its usual group, the
    // union of their measures) and says every section's words: each report's errors are among
    // its own, at a quarter of the walk's time. The charts' read is walked with the overview's
    // pages and the measure pages.
    const slugs = [
      'economy-and-skills',
      'health-and-wellbeing',
      'childrens-services',
      'council-tax-and-finance',
    ];
    const charts = new Set(['ranked', 'series', 'map']);
    const sections = slugs
      .flatMap((slug) => reports.find(slug).sections)
      .filter((s) => !charts.has(s.kind));
    const together = { ...reports.find(slugs[0] ?? ''), sections };
    const failed: string[] = [];
    const started = performance.now();
    for (const { code } of councils) {
      try {
        const shown = presentReport(await reports.run(together, { area: code, year: null }));
        if (shown.sections.length !== sections.length) failed.push(`${code}: sections lost`);
        if (/NaN|undefined/.test(JSON.stringify(shown))) failed.push(`${code}: NaN or undefined`);
      } catch (error) {
        failed.push(`${code}: ${String(error)}`);
      }
    }
    assert.deepEqual(failed, []);
    const each = (performance.now() - started) / councils.length;
    process.stdout.write(
      `# ${slugs.length} more reports, together: ${each.toFixed(0)} ms a council\n`,
    );
  });

  for (const slug of ['value-for-money', 'peer-challenge-data-pack'])
    it(`runs ${slug} for every one of them with no error`, async () => {
      const report = reports.find(slug);
      const failed: string[] = [];
      let drawn = 0;
      const started = performance.now();
      for (const { code } of councils) {
        try {
          const shown = presentReport(await reports.run(report, { area: code, year: null }));
          const tables = shown.sections.filter((s) => 'rows' in s && s.rows.length > 0).length;
          if (tables < 3) failed.push(`${code}: ${tables} sections of figures`);
          for (const s of shown.sections)
            if (s.kind === 'quadrant' && !('quadrant' in s) && !('missing' in s))
              failed.push(`${code}: ${s.heading} neither drawn nor explained`);
          if (shown.sections.some((s) => 'quadrant' in s)) drawn += 1;
        } catch (error) {
          failed.push(`${code}: ${String(error)}`);
        }
      }
      assert.deepEqual(failed, []);
      // Every council responsible for children's services but the smallest draws its quadrants.
      if (slug === 'value-for-money') assert.ok(drawn >= 145, `${drawn} councils with quadrants`);
      const each = (performance.now() - started) / councils.length;
      process.stdout.write(`# ${slug}: ${each.toFixed(0)} ms a council\n`);
    });
});
