import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { openContextApp, type TestApp } from '../testing/app.ts';
import { AccountsService } from '../accounts/accounts.service.ts';
import { ClubsService } from '../accounts/clubs.service.ts';
import { newOrganisation, newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { lodgeValues } from '../testing/values.ts';
import { readyMadeReports } from './ready-made/index.ts';
import { reportMetrics } from './report.model.ts';
import { readerWords } from '../testing/http-browser.ts';

const hartlepool = 'E06000001';
const stockton = 'E06000004';
/** A council that sees only what the public sees. */
const darlington = 'E06000005';
const report = `/reports/council-overview?area=${hartlepool}`;

/** A day this many days from today, as a query names it ("2026-11-01"). */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** The words of the page's "What has changed" section; empty when it has none. */
function changes(html: string): string {
  const section = /<section[^>]*openlg-report-changes[\s\S]*?<\/section>/.exec(html);
  return section ? readerWords(section[0]).trim() : '';
}

interface Latest {
  title: string;
  period: string;
  label: string;
}

/** A measure's title and Hartlepool's latest period of it. */
async function latestOf(database: Database, slug: string): Promise<Latest> {
  const { rows } = await sql<Latest>`
    select d.title, p.code as period, p.label
    from metrics m
    join metric_definitions d on d.metric_id = m.id
    join observations o on o.metric_id = m.id
    join areas a on a.id = o.area_id and a.code = ${hartlepool}
    join periods p on p.id = o.period_id
    where m.slug = ${slug} and o.value is not null
    order by p.start_date desc, d.id desc limit 1`.execute(database.db);
  const [row] = rows;
  assert.ok(row, slug);
  return row;
}

/**
 * A past for the council overview's measures, the data having been loaded today: all defined
 * and published 30 days ago, but for two: Hartlepool's employment rate was 12.3 until 10 days ago,
 * when it was revised to its figure now; the claimant count's latest period came out 10 days ago.
 */
async function writeHistory(database: Database) {
  const db = database.db;
  const [employment, claimants] = [
    await latestOf(database, 'employment-rate'),
    await latestOf(database, 'claimant-count'),
  ];
  const [long, recent] = [`${day(-30)}T12:00:00Z`, `${day(-10)}T12:00:00Z`];
  await sql`update metric_definitions set written_at = ${long}::timestamptz`.execute(db);
  const overview = readyMadeReports.find((r) => r.slug === 'council-overview');
  assert.ok(overview);
  const slugs = reportMetrics(overview);
  await sql`update observations o set updated_at = ${long}::timestamptz from metrics m
    where m.id = o.metric_id and m.slug = any(${slugs}::text[])`.execute(db);
  await sql`update observations o set updated_at = ${recent}::timestamptz
    from metrics m, periods p
    where m.id = o.metric_id and p.id = o.period_id and m.slug = 'claimant-count'
      and p.code = ${claimants.period}`.execute(db);
  const revised = sql`m.id = o.metric_id and p.id = o.period_id and a.id = o.area_id
    and m.slug = 'employment-rate' and p.code = ${employment.period} and a.code = ${hartlepool}`;
  await sql`insert into observation_revisions (metric_id, period_id, area_id, value, lci, uci,
      numerator, denominator, status, publication, embargo_until, import_id, valid_from, valid_to)
    select o.metric_id, o.period_id, o.area_id, 12.3, null, null, null, null, 'ok', 'published',
      null, o.import_id, ${long}::timestamptz, ${recent}::timestamptz
    from observations o, metrics m, periods p, areas a where ${revised}`.execute(db);
  await sql`update observations o set updated_at = ${recent}::timestamptz
    from metrics m, periods p, areas a where ${revised}`.execute(db);
  return { employment, claimants };
}

describe('a report as published on a past day, and what changed since', () => {
  let t: TestApp;
  let history: Awaited<ReturnType<typeof writeHistory>>;
  const get = (url: string, cookie?: string) =>
    t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  before(async () => {
    t = await openContextApp({ OPENLG_RATE_LIMIT: '0', OPENLG_CHROMIUM: 'none' });
    history = await writeHistory(t.database);
  });
  after(() => t.close());

  it('reads the figures as they were published at the end of the day asked for', async () => {
    const then = await get(`${report}&asOf=${day(-20)}`);
    assert.equal(then.statusCode, 200);
    const shown = readerWords(then.body);
    const published = new Date(`${day(-20)}T00:00:00Z`);
    const said = `${published.getUTCDate()} ${published.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${published.getUTCFullYear()}`;
    assert.ok(shown.includes(`As published on ${said}`), 'says which day');
    assert.match(shown, /Employment rate[^%]*12\.3%/i);
    assert.match(then.body, /id="asOf" name="asOf" type="text" value="\d{4}-\d\d-\d\d"/);
    const now = readerWords((await get(report)).body);
    assert.doesNotMatch(now, /12\.3%/);
    assert.doesNotMatch(now, /As published on \d/);
    for (const format of ['docx', 'xlsx']) {
      const file = await get(`${report.replace('?', `.${format}?`)}&asOf=${day(-20)}`);
      assert.equal(file.statusCode, 200, format);
      const zip = await JSZip.loadAsync(file.rawPayload);
      const text = await Promise.all(
        Object.values(zip.files).map((f) => (f.dir ? '' : f.async('string'))),
      );
      assert.ok(text.join(' ').includes(said), `${format} says as published when`);
    }
  });

  it('refuses a day that is not a date, or is to come, in the error summary', async () => {
    const wrong: [string, string][] = [
      ['asOf=2026-02-30', 'The date published on must be a real date'],
      [`asOf=${day(2)}`, 'The date published on must be between 1 January 2000 and today'],
      ['since=yesterday', 'The date to compare with must be a real date'],
      [`asOf=${day(-20)}&since=${day(-10)}`, 'must be before the date published on'],
    ];
    for (const [asked, problem] of wrong) {
      const page = await get(`${report}&${asked}`);
      assert.equal(page.statusCode, 400, asked);
      assert.match(page.body, /govuk-error-summary/, asked);
      assert.ok(readerWords(page.body).includes(problem), `${asked}: ${problem}`);
    }
  });

  it('lists the figures revised and the periods published since a day', async () => {
    const page = await get(`${report}&since=${day(-20)}`);
    assert.equal(page.statusCode, 200);
    const listed = changes(page.body);
    assert.match(listed, /^What has changed since \d+ \w+ \d{4}/);
    const { employment, claimants } = history;
    assert.ok(
      listed.includes(`${employment.title}, ${employment.label}: revised from 12.3% to`),
      listed,
    );
    assert.ok(listed.includes(`${claimants.title}: new figure for ${claimants.label}`), listed);
    // Neither measure changed after 5 days ago: nothing to list.
    const quiet = changes((await get(`${report}&since=${day(-5)}`)).body);
    assert.match(quiet, /No figure in this report is new or has changed since then/);
    // The public is told nothing unasked.
    assert.equal(changes((await get(report)).body), '');
  });

  it('tells a signed-in reader what changed since they last opened the report', async () => {
    const user = await newUser(t.database, { organisation: stockton, role: 'analyst' });
    const { cookie } = await sessionFor(t.database, user.id);
    const first = changes((await get(report, cookie)).body);
    assert.match(first, /This is the first time you have opened this report for Hartlepool/);
    // Opened 20 days ago: the revision and the new period came since.
    await sql`update report_openings set opened_at = ${`${day(-20)}T00:00:00Z`}::timestamptz
      where user_id = ${user.id}`.execute(t.database.db);
    const again = changes((await get(report, cookie)).body);
    assert.match(again, /^What has changed since \d+ \w+ \d{4} at \d\d:\d\d UTC/);
    assert.ok(again.includes('revised from 12.3% to'), again);
    const third = changes((await get(report, cookie)).body);
    assert.match(third, /No figure in this report is new or has changed since then/);
    // The report as published on a past day is not an opening of it: nothing to say unasked.
    const opened = new Date(`${day(-3)}T00:00:00Z`);
    await sql`update report_openings set opened_at = ${opened}
      where user_id = ${user.id}`.execute(t.database.db);
    assert.equal(changes((await get(`${report}&asOf=${day(-20)}`, cookie)).body), '');
    const kept = await t.database.db
      .selectFrom('report_openings')
      .select('opened_at')
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    assert.equal(kept && new Date(kept.opened_at).toISOString(), opened.toISOString());
    // Another area of the same report is opened for the first time.
    const other = changes((await get(`/reports/council-overview?area=${stockton}`, cookie)).body);
    assert.match(other, /first time you have opened this report for Stockton-on-Tees/);
  });

  it('tells of a lodged or restricted figure only those who may see it', async () => {
    const steward = await newUser(t.database, { organisation: hartlepool, role: 'data-steward' });
    const club = await newOrganisation(t.database);
    const accounts = new AccountsService(t.database.db, { idleSeconds: 60, maxSeconds: 60 });
    const actor = { userId: null, actor: 'test', address: null };
    await new ClubsService(t.database.db, accounts).join(club.code, stockton, actor);
    const by = { organisation: hartlepool, user: steward };
    // Embargoed, seen by Hartlepool alone; restricted, shared with Stockton's club.
    await lodgeValues(t.database, 'employment-rate', '2031', { [hartlepool]: 77.7 }, by);
    const restricted = { state: 'restricted', until: new Date(Date.now() + 86_400_000) } as const;
    await lodgeValues(
      t.database,
      'claimant-count',
      '2031',
      { [hartlepool]: 9.9 },
      {
        ...by,
        publication: restricted,
        audience: [club.id],
      },
    );
    const since = `${report}&since=${day(-20)}`;
    const seenBy = async (organisation: string | null) => {
      if (organisation === null) return changes((await get(since)).body);
      const user =
        organisation === hartlepool
          ? steward
          : await newUser(t.database, { organisation, role: 'analyst' });
      return changes((await get(since, (await sessionFor(t.database, user.id)).cookie)).body);
    };
    const lodger = await seenBy(hartlepool);
    assert.match(lodger, /new figure for [^,]*2031[^,]*, 77\.7/);
    assert.match(lodger, /new figure for [^,]*2031[^,]*, 9\.9/);
    const member = await seenBy(stockton);
    assert.match(member, /new figure for [^,]*2031[^,]*, 9\.9/);
    assert.doesNotMatch(member, /77\.7/);
    for (const organisation of [darlington, null]) {
      const listed = await seenBy(organisation);
      assert.ok(listed.length > 0);
      assert.doesNotMatch(listed, /77\.7|9\.9|2031/);
    }
  });

  it('offers no PDF without chromium, and says how to print from the browser', async () => {
    const page = await get(report);
    assert.doesNotMatch(page.body, /\.pdf\?/);
    const pdf = await get(report.replace('?', '.pdf?'));
    assert.equal(pdf.statusCode, 501);
    assert.match(String(pdf.headers['content-type']), /text\/html/);
    assert.match(readerWords(pdf.body), /Print the report from your browser/);
    assert.match(pdf.body, /href="\/reports\/council-overview\?area=E06000001"/);
  });
});
