import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { createServices } from '../app/services.ts';
import { down, up } from '../db/migrations/0038-simulation-results.ts';
import { parseCsvRecords } from '../shared/csv.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { assertErrorSummary } from '../testing/forms.ts';
import { mainText } from '../testing/http-browser.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { readAggregates } from './aggregates.repository.ts';
import { openExampleSimulation } from './simulations.fixture.ts';

/** Three balanced budgets of the example simulation (£1m to find, within £50,000). */
const budgets = {
  a: { percents: { libraries: -25 }, councilTaxBasisPoints: 0 },
  b: { percents: { libraries: -10, parks: -20 }, councilTaxBasisPoints: 0 },
  c: { percents: { libraries: -10 }, councilTaxBasisPoints: 100 },
} as const;

/** Who answered what: 12 aged 35 to 64 (the last a duplicate), 3 under 35, 10 over 65, 10 none. */
const answered: { budget: keyof typeof budgets; age: string; source?: string }[] = [
  ...Array.from({ length: 11 }, () => ({ budget: 'a' as const, age: '35-64' })),
  { budget: 'a', age: '35-64', source: 'source-10' },
  ...Array.from({ length: 3 }, () => ({ budget: 'b' as const, age: 'under-35' })),
  ...Array.from({ length: 10 }, () => ({ budget: 'c' as const, age: '65-and-over' })),
  ...Array.from({ length: 10 }, () => ({ budget: 'b' as const, age: '' })),
];

/** The cells of every table on a page, row by row, as a reader reads them. */
function tableCells(html: string): string[][] {
  return [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      cell[1]!
        .replace(/<[^>]+>/g, '')
        .replaceAll('&amp;', '&')
        .replaceAll('&#39;', '’')
        .trim(),
    ),
  );
}

const rowOf = (html: string, first: string) => tableCells(html).find((r) => r[0] === first);

/*
 * The results pages in process, against what the submitted responses imply: the council's
 * editors read every figure with and without excluded responses, breakdowns suppress groups of
 * fewer than 10, excluding a response with a reason changes the figures, the CSV holds the
 * page's tables, and the public reads aggregates only once the council makes them public.
 */
describe('a simulation’s results pages', () => {
  let test: TestApp;
  let editor: { cookie: string; csrf: string };
  const url = '/simulations/budget-2026/results';

  before(async () => {
    test = await openTestApp();
    await openExampleSimulation(test.database, 'budget-2026');
    const { simulations } = createServices(test.database);
    let n = 0;
    for (const r of answered) {
      n += 1;
      await simulations.submit({
        slug: 'budget-2026',
        version: 1,
        ...budgets[r.budget],
        aboutYou: r.age === '' ? {} : { age: r.age },
        startedAt: new Date(Date.now() - 300_000),
        idempotencyKey: `response-${n}`,
        source: r.source ?? `source-${n}`,
      });
    }
    const user = await newUser(test.database, {
      role: 'simulation-editor',
      organisation: 'E06000001',
    });
    editor = await sessionFor(test.database, user.id);
  });
  after(() => test.close());

  const read = (path: string, cookie?: string) =>
    test.app.inject({ url: path, headers: cookie ? { cookie } : {} });
  const post = (path: string, form: Record<string, string>) =>
    test.app.inject({
      method: 'POST',
      url: path,
      headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf: editor.csrf, ...form }).toString(),
    });

  it('is kept by migration 0038 as it would fill it from the responses recorded', async () => {
    const kept = async () => {
      const rows = await readAggregates(test.database.db, 1);
      return { days: rows.days, durations: rows.durations };
    };
    const before = await kept();
    assert.equal(before.durations.length, 1);
    // Dropped and made again, the counts are filled from the responses alone.
    const migrated = test.database.db as unknown as Kysely<unknown>;
    await down(migrated);
    await up(migrated);
    assert.deepEqual(await kept(), before);
  });

  it('shows the editors what the responses imply, privately', async () => {
    const page = await read(url, editor.cookie);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.deepEqual(rowOf(page.body, 'Responses'), ['Responses', '35', '35']);
    assert.deepEqual(rowOf(page.body, 'Median time taken'), [
      'Median time taken',
      '5 min 0 s',
      '5 min 0 s',
    ]);
    // -25 twelve times, -10 twenty-three times: a mean of -530/35, the median -10.
    assert.deepEqual(rowOf(page.body, 'Libraries'), [
      'Libraries',
      'Service',
      '-15.1%',
      '-10%',
      '-15.1%',
      '-10%',
    ]);
    // Parks -20 thirteen times: -260/35.
    assert.deepEqual(rowOf(page.body, 'Parks')?.slice(2, 4), ['-7.4%', '0%']);
    assert.deepEqual(rowOf(page.body, '0.00%'), ['0.00%', '25', '71.4%', '25', '71.4%']);
    assert.deepEqual(rowOf(page.body, '1.00%'), ['1.00%', '10', '28.6%', '10', '28.6%']);
    assert.match(page.body, /<svg[^>]*role="img"/);
    // One form was shown to nobody here: responses came through the service.
    assert.deepEqual(rowOf(page.body, 'Times the form was first shown'), [
      'Times the form was first shown',
      '0',
      '0',
    ]);
  });

  it('suppresses the small group, and the next smallest so totals give it nothing away', async () => {
    const page = await read(`${url}?question=age`, editor.cookie);
    assert.deepEqual(rowOf(page.body, '35 to 64')?.slice(0, 3), ['35 to 64', '12', '-25.0%']);
    assert.equal(rowOf(page.body, 'Under 35')?.[1], 'Suppressed (fewer than 10)');
    const secondary = [rowOf(page.body, '65 and over'), rowOf(page.body, 'No answer')];
    assert.deepEqual(
      secondary.map((r) => r?.[1]),
      ['10', 'Suppressed'],
    );
    assert.doesNotMatch(mainText(page.body), /-10\.0%.*-20\.0%/);
  });

  it('lists the duplicate for moderation and excludes it with a reason, changing the figures', async () => {
    const list = await read('/simulations/budget-2026/moderation', editor.cookie);
    assert.equal(list.statusCode, 200);
    assert.match(mainText(list.body), /Same answers from the same source as response \d+/);
    const id = /responses\/(\d+)\/exclude/.exec(list.body)?.[1];
    assert.ok(id);
    const refused = await post(`/simulations/budget-2026/responses/${id}/exclude`, { reason: '' });
    assert.equal(refused.statusCode, 400);
    assertErrorSummary(refused.body, ['Give the reason']);
    const done = await post(`/simulations/budget-2026/responses/${id}/exclude`, {
      reason: 'Sent twice from one household',
    });
    assert.equal(done.statusCode, 303);
    const page = await read(url, editor.cookie);
    assert.deepEqual(rowOf(page.body, 'Responses'), ['Responses', '34', '35']);
    assert.deepEqual(rowOf(page.body, 'Libraries')?.slice(2), ['-14.9%', '-10%', '-15.1%', '-10%']);
    const events = await test.database.db
      .selectFrom('audit_events')
      .select('after')
      .where('action', '=', 'simulation-response-excluded')
      .execute();
    assert.equal(events.length, 1);
  });

  it('downloads as CSV exactly the tables the page shows', async () => {
    const page = await read(url, editor.cookie);
    const csv = await read(`/simulations/budget-2026/results.csv`, editor.cookie);
    assert.equal(csv.statusCode, 200);
    const [header, ...rows] = parseCsvRecords(csv.body, { displayName: 'results.csv' });
    assert.deepEqual(header?.values, ['table', 'row', 'column', 'value']);
    const fromCsv = new Map<string, string[]>();
    // A cell a spreadsheet would take for a formula is written with a leading quote.
    const unquoted = (cell: string) => cell.replace(/^'(?=[=+\-@])/, '');
    for (const { values } of rows) {
      const [table, row, , cell] = values.map(unquoted);
      const key = `${table}|${row}`;
      fromCsv.set(key, [...(fromCsv.get(key) ?? [row!]), cell!]);
    }
    const captions = [...page.body.matchAll(/<caption[^>]*>([^<]*)<\/caption>/g)].map((m) =>
      m[1]!.replaceAll('&#39;', '’'),
    );
    const tables = page.body.split(/<caption/).slice(1);
    assert.equal(tables.length, captions.length);
    let compared = 0;
    tables.forEach((table, i) => {
      for (const cells of tableCells(`<caption${table}`).slice(1)) {
        assert.deepEqual(fromCsv.get(`${captions[i]}|${cells[0]}`), cells, captions[i]);
        compared += 1;
      }
    });
    // Every cell but the rows' names: as many as the CSV's rows.
    const cells = [...fromCsv.values()].reduce((sum, r) => sum + r.length - 1, 0);
    assert.equal(cells, rows.length);
    assert.ok(compared > 20);
  });

  it('shows the public nothing until the council makes the results public, then aggregates only', async () => {
    assert.equal((await read(url)).statusCode, 303);
    assert.equal((await read(`${url}/embed`)).statusCode, 404);
    const made = await post('/simulations/budget-2026/results/public', { public: 'yes' });
    assert.equal(made.statusCode, 303);
    const page = await read(`${url}?question=age`);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'public, max-age=60');
    assert.deepEqual(rowOf(page.body, 'Responses'), ['Responses', '34']);
    assert.deepEqual(rowOf(page.body, 'Libraries')?.slice(2), ['-14.9%', '-10%']);
    const text = mainText(page.body);
    assert.doesNotMatch(text, /with excluded|Sent twice|moderation/i);
    assert.equal(rowOf(page.body, 'Under 35')?.[1], 'Suppressed (fewer than 10)');
    const embed = await read(`${url}/embed`);
    assert.equal(embed.statusCode, 200);
    assert.equal(embed.headers['x-frame-options'], undefined);
    assert.match(String(embed.headers['content-security-policy']), /frame-ancestors \*/);
    assert.doesNotMatch(embed.body, /govuk-header|openlg-header/);
  });

  it('sets the adopted budget beside residents’ choices', async () => {
    const form = await read('/simulations/budget-2026/adopted', editor.cookie);
    assert.equal(form.statusCode, 200);
    const wrong = await post('/simulations/budget-2026/adopted', {
      version: '1',
      'line-libraries': '-7',
    });
    assert.equal(wrong.statusCode, 400);
    assertErrorSummary(wrong.body, ['-7% is not one of the steps']);
    const saved = await post('/simulations/budget-2026/adopted', {
      version: '1',
      'line-libraries': '-10',
      'council-tax': '499',
    });
    assert.equal(saved.statusCode, 303);
    const page = await read(url, editor.cookie);
    assert.equal(rowOf(page.body, 'Libraries')?.at(-1), '-10%');
    assert.equal(rowOf(page.body, 'Parks')?.at(-1), 'Not entered');
    assert.ok(rowOf(page.body, '4.99% (adopted)'));
  });

  it('counts each showing of the form for the completion rate, and counts a response again', async () => {
    for (let i = 0; i < 2; i++)
      assert.equal((await read('/simulations/budget-2026')).statusCode, 200);
    let page = await read(url, editor.cookie);
    assert.deepEqual(rowOf(page.body, 'Times the form was first shown'), [
      'Times the form was first shown',
      '2',
      '2',
    ]);
    // Here 34 and 35 responses came through the service, not the form: 1,700% and 1,750%.
    assert.deepEqual(
      rowOf(page.body, 'Completion rate (responses ÷ times the form was first shown)')?.slice(1),
      ['1,700.0%', '1,750.0%'],
    );
    const list = await read('/simulations/budget-2026/moderation', editor.cookie);
    const id = /responses\/(\d+)\/restore/.exec(list.body)?.[1];
    assert.ok(id);
    const done = await post(`/simulations/budget-2026/responses/${id}/restore`, {
      reason: 'One household, two residents',
    });
    assert.equal(done.statusCode, 303);
    page = await read(url, editor.cookie);
    assert.deepEqual(rowOf(page.body, 'Responses'), ['Responses', '35', '35']);
    assert.deepEqual(rowOf(page.body, 'Libraries')?.slice(2, 4), ['-15.1%', '-10%']);
    const events = await test.database.db
      .selectFrom('audit_events')
      .select('after')
      .where('action', '=', 'simulation-response-restored')
      .execute();
    assert.deepEqual(
      events.map((e) => (e.after as { reason: string }).reason),
      ['One household, two residents'],
    );
  });
});
