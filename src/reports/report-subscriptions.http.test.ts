import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { auditEvents } from '../accounts/accounts.repository.ts';
import { createServices, type Services } from '../app/services.ts';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { dataDir, openContextApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { outboxMail } from '../testing/mail.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { importValues, lodgeValues } from '../testing/values.ts';
import { readyMadeReports } from './ready-made/index.ts';
import { reportMailings } from './report-subscriptions.jobs.ts';

const hartlepool = 'E06000001';
const stockton = 'E06000004';
const report = `/reports/council-overview?area=${hartlepool}`;
const feed = `/reports/council-overview/changes.atom?area=${hartlepool}`;

type Session = { cookie: string; csrf: string };

describe('report emails and the report feed', () => {
  let t: TestApp;
  let services: Services;
  const get = (url: string, who?: Session) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });
  const post = (url: string, who: Session | null, form: Record<string, string>, csrf = true) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: {
        ...(who ? { cookie: who.cookie } : {}),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({
        ...form,
        ...(csrf && who ? { csrf: who.csrf } : {}),
      }).toString(),
    });
  const person = async (organisation: string, role: 'analyst' | 'data-steward' = 'analyst') => {
    const user = await newUser(t.database, { organisation, role });
    return { user, session: await sessionFor(t.database, user.id) };
  };
  const subscriptionsOf = (userId: number) =>
    t.database.db
      .selectFrom('report_subscriptions')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();
  /** The report emails job on `on` (by default the app's services), mailing into `dir`. */
  const mailings = async (
    on: Services = services,
    dir = mkdtemp(path.join(tmpdir(), 'openlg-report-mail-')),
  ) => {
    const config = loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir });
    const mail = { ...config.mail, smtpUrl: null, outboxDir: await dir };
    const job = reportMailings({ ...config, mail }, on, () => {});
    return { run: () => job.run(), mail: async () => outboxMail(await dir) };
  };

  before(async () => {
    t = await openContextApp({ OPENLG_RATE_LIMIT: '0', OPENLG_CHROMIUM: 'none' });
    services = createServices(t.database);
  });
  after(() => t.close());
  beforeEach(async () => {
    await sql`delete from report_subscriptions`.execute(t.database.db);
  });

  it('subscribes and stops from the report page, checking the form and auditing', async () => {
    const { user, session } = await person(stockton);
    assert.doesNotMatch((await get(report)).body, /Email me when these figures change/);
    const offered = await get(report, session);
    assert.match(offered.body, /action="\/reports\/council-overview\/subscribe"/);
    assert.match(offered.body, /Email me when these figures change/);
    const form = { area: hartlepool };
    const forged = await post('/reports/council-overview/subscribe', session, form, false);
    assert.equal(forged.statusCode, 403);
    const anonymous = await post('/reports/council-overview/subscribe', null, form);
    assert.equal(anonymous.statusCode, 403);
    assert.equal((await subscriptionsOf(user.id)).length, 0);
    for (let i = 0; i < 2; i++) {
      const made = await post('/reports/council-overview/subscribe', session, form);
      assert.equal(made.statusCode, 303, made.body);
      assert.equal(made.headers.location, `${report}#report-emails`);
    }
    const [held, ...more] = await subscriptionsOf(user.id);
    assert.ok(held);
    assert.equal(more.length, 0, 'asking twice keeps one subscription');
    const stop = `/account/subscriptions/${held.id}/stop`;
    assert.ok((await get(report, session)).body.includes(`action="${stop}"`));
    const list = await get('/account/subscriptions', session);
    assert.equal(list.statusCode, 200);
    assert.match(String(list.headers['cache-control']), /no-store/);
    assert.match(list.body, /Council overview[\s\S]*Hartlepool/);
    const stranger = await person(stockton);
    assert.equal((await post(stop, stranger.session, {})).statusCode, 404);
    assert.equal((await post(stop, session, {}, false)).statusCode, 403);
    const stopped = await post(stop, session, { back: 'report' });
    assert.equal(stopped.statusCode, 303);
    assert.equal(stopped.headers.location, `${report}#report-emails`);
    assert.equal((await subscriptionsOf(user.id)).length, 0);
    const audited = (await auditEvents(t.database.db, 50)).filter(
      (e) => e.userId === user.id && e.action.startsWith('report-'),
    );
    const actions = audited.map((e) => `${e.action} ${e.subject}`);
    assert.deepEqual(actions.sort(), [
      `report-subscribed report:council-overview/${hartlepool}`,
      `report-unsubscribed report:council-overview/${hartlepool}`,
    ]);
  });

  it('refuses an unknown report or area, and more than 50 subscriptions', async () => {
    const { user, session } = await person(stockton);
    const unknown = await post('/reports/no-such-report/subscribe', session, { area: hartlepool });
    assert.equal(unknown.statusCode, 404);
    const nowhere = await post('/reports/council-overview/subscribe', session, {
      area: 'E06999999',
    });
    assert.equal(nowhere.statusCode, 404);
    await t.database.db
      .insertInto('report_subscriptions')
      .values(
        Array.from({ length: 50 }, (_v, i) => ({
          user_id: user.id,
          report_slug: `filler-${i}`,
          area_code: hartlepool,
        })),
      )
      .execute();
    const over = await post('/reports/council-overview/subscribe', session, { area: hartlepool });
    assert.equal(over.statusCode, 400);
    assert.match(over.body, /govuk-error-summary[\s\S]*up to 50 report emails/);
    assert.equal((await subscriptionsOf(user.id)).length, 50);
  });

  it('emails a subscriber once when a figure is re-imported with a new value', async () => {
    await importValues(t.database, 'employment-rate', '2031', { [hartlepool]: 80 });
    const { user, session } = await person(stockton);
    await post('/reports/council-overview/subscribe', session, { area: hartlepool });
    const job = await mailings();
    assert.equal((await job.run()).sent, 0, 'nothing changed since subscribing');
    await importValues(t.database, 'employment-rate', '2031', { [hartlepool]: 81.2 });
    const run = await job.run();
    assert.equal(run.sent, 1);
    const [mail, ...others] = await job.mail();
    assert.equal(others.length, 0);
    assert.ok(mail);
    assert.equal(mail.to, user.email);
    assert.match(
      mail.subject,
      /^Council overview for Hartlepool Borough Council: 1 figure has changed$/,
    );
    assert.match(mail.text, /- Test employment-rate, 2031: revised from 80(\.0)? to 81\.2\n/);
    assert.ok(mail.text.includes(`/reports/council-overview?area=${hartlepool}`), mail.text);
    assert.ok(mail.text.includes('/account/subscriptions'));
    assert.equal((await job.run()).sent, 0, 'told once');
    assert.equal((await job.mail()).length, 1);
  });

  it('never tells a former member of a figure or report they may no longer see', async () => {
    const steward = await person(hartlepool, 'data-steward');
    const leaver = await person(hartlepool);
    const stayer = await person(hartlepool);
    const overview = readyMadeReports.find((r) => r.slug === 'council-overview');
    assert.ok(overview);
    const sharer = {
      userId: stayer.user.id,
      memberships: [{ organisation: hartlepool, role: 'analyst' as const }],
    };
    const made = await services.storedReports.create(
      { viewer: sharer, email: stayer.user.email, address: null },
      { name: 'Hartlepool pack', visibility: 'organisation', organisationCode: hartlepool },
      overview,
    );
    const own = `/reports/${made.report.slug}`;
    for (const who of [leaver, stayer])
      for (const slug of ['council-overview', made.report.slug]) {
        const asked = await post(`/reports/${slug}/subscribe`, who.session, { area: hartlepool });
        assert.equal(asked.statusCode, 303, asked.body);
      }
    await sql`delete from memberships where user_id = ${leaver.user.id}`.execute(t.database.db);
    const by = { organisation: hartlepool, user: steward.user };
    await lodgeValues(t.database, 'employment-rate', '2032', { [hartlepool]: 77.7 }, by);
    const restricted = { state: 'restricted', until: null } as const;
    const shut = { ...by, publication: restricted };
    await lodgeValues(t.database, 'claimant-count', '2032', { [hartlepool]: 8.8 }, shut);
    const job = await mailings();
    const run = await job.run();
    assert.deepEqual(
      { sent: run.sent, dropped: run.dropped, failed: run.failed },
      { sent: 2, dropped: 1, failed: 0 },
    );
    const mail = await job.mail();
    assert.deepEqual(
      mail.map((m) => m.to),
      [stayer.user.email, stayer.user.email],
    );
    assert.ok(
      mail.every((m) => /2032[^\n]*77\.7/.test(m.text)),
      'the member is told',
    );
    assert.ok(
      mail.every((m) => /2032[^\n]*8\.8/.test(m.text)),
      'of the restricted one too',
    );
    assert.ok(mail.some((m) => m.subject.startsWith('Hartlepool pack')));
    const kept = await subscriptionsOf(leaver.user.id);
    assert.deepEqual(
      kept.map((s) => s.report_slug),
      ['council-overview'],
    );
    const dropped = (await auditEvents(t.database.db, 50)).find(
      (e) => e.action === 'report-subscription-dropped',
    );
    assert.equal(dropped?.subject, `report:${made.record.id}/${hartlepool}`);
    assert.equal((await get(`${own}?area=${hartlepool}`, leaver.session)).statusCode, 404);
    assert.equal((await job.run()).sent, 0);
  });

  it('feeds the public figures of a public report, newest first, as Atom', async () => {
    const steward = await person(hartlepool, 'data-steward');
    await importValues(t.database, 'claimant-count', '2033', { [hartlepool]: 6.6 });
    const by = { organisation: hartlepool, user: steward.user };
    await lodgeValues(t.database, 'claimant-count', '2034', { [hartlepool]: 5.5 }, by);
    for (const who of [undefined, steward.session]) {
      const answer = await get(feed, who);
      assert.equal(answer.statusCode, 200);
      assert.match(String(answer.headers['content-type']), /^application\/atom\+xml/);
      const xml = answer.body;
      assert.match(
        xml,
        /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
      );
      for (const part of [
        /<id>http[^<]+<\/id>/,
        /<title>Council overview for Hartlepool/,
        /<updated>\d{4}-\d\d-\d\dT[^<]+Z<\/updated>/,
        /<author><name>[^<]+<\/name><\/author>/,
        /<link rel="self" type="application\/atom\+xml" href="http[^"]+changes\.atom\?area=E06000001"\/>/,
        /<link rel="alternate" type="text\/html" href="http[^"]+\/reports\/council-overview\?area=E06000001"\/>/,
      ])
        assert.match(xml, part);
      const entries = xml.split('<entry>').slice(1);
      assert.ok(entries.length > 1 && entries.length <= 50, String(entries.length));
      assert.match(entries[0] ?? '', /2033[^<]*6\.6/, 'the newest first');
      const times = entries.map((e) => /<updated>([^<]+)</.exec(e)?.[1] ?? '');
      assert.deepEqual([...times].sort().reverse(), times);
      assert.ok(entries.every((e) => /<id>[^<]+<\/id>[\s\S]*<link rel="alternate"/.test(e)));
      assert.doesNotMatch(xml, /<title>[^<]*(2034|5\.5|8\.8)/, 'never a figure not yet public');
    }
    const page = await get(report);
    assert.ok(page.body.includes(`<link rel="alternate" type="application/atom+xml"`));
    assert.ok(page.body.includes(`href="${feed.replace('?', '?')}"`));
    assert.equal(
      (await get('/reports/council-overview/changes.atom?area=E06999999')).statusCode,
      404,
    );
    assert.equal(
      (await get('/reports/council-overview/changes.atom?area=nowhere')).statusCode,
      400,
    );
  });

  it('has no feed for a report the public may not see, for anyone', async () => {
    const owner = await person(hartlepool);
    const overview = readyMadeReports.find((r) => r.slug === 'council-overview');
    assert.ok(overview);
    const sharer = {
      userId: owner.user.id,
      memberships: [{ organisation: hartlepool, role: 'analyst' as const }],
    };
    const made = await services.storedReports.create(
      { viewer: sharer, email: owner.user.email, address: null },
      { name: 'Private pack', visibility: 'private', organisationCode: null },
      overview,
    );
    const own = `/reports/${made.report.slug}`;
    for (const who of [undefined, owner.session])
      assert.equal((await get(`${own}/changes.atom?area=${hartlepool}`, who)).statusCode, 404);
    const page = await get(`${own}?area=${hartlepool}`, owner.session);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /application\/atom\+xml/);
  });

  it('tells a subscriber once when two processes run the job at once', async (context) => {
    if (t.database.engine !== 'postgres') return context.skip('one process holds PGlite');
    // A second process: its own connection to this test's database.
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(
      t.database.db,
    );
    const url = new URL(process.env.DATABASE_URL ?? '');
    url.pathname = `/${rows[0]?.name ?? ''}`;
    const other = await openDatabase({ kind: 'postgres', url: url.toString() });
    try {
      const { session } = await person(stockton);
      await post('/reports/council-overview/subscribe', session, { area: hartlepool });
      await importValues(t.database, 'employment-rate', '2035', { [hartlepool]: 70.5 });
      const dir = mkdtemp(path.join(tmpdir(), 'openlg-report-mail-'));
      const [first, second] = [
        await mailings(services, dir),
        await mailings(createServices(other), dir),
      ];
      const runs = await Promise.all([first.run(), second.run()]);
      assert.equal(runs[0].sent + runs[1].sent, 1);
      assert.equal((await first.mail()).length, 1);
    } finally {
      await other.close();
    }
  });
});
