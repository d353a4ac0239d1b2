import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../app/services.ts';
import { createMailer } from '../mail/mailer.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { assertErrorSummary, errorSummaryOf } from '../testing/forms.ts';
import { HttpBrowser, readerWords } from '../testing/http-browser.ts';
import { outboxMail } from '../testing/mail.ts';
import { addDays } from './dates.ts';
import type { PeerChallengeService } from './peer-challenge.service.ts';
import { ChallengeReminders } from './reminders.service.ts';

type Actor = Parameters<PeerChallengeService['record']>[0];

/*
 * The challenge manager's pages: the list and its filters, requesting a challenge, moving one on
 * through its forms (a refusal re-rendering with the summary and what was typed), its deadlines,
 * who may see any of it, and the deadlines' reminders sent once.
 */
describe('the peer challenge manager’s pages', () => {
  let t: TestApp;
  let services: Services;
  let manager: HttpBrowser;
  let actor: Actor;
  let late = 0;
  const today = new Date().toISOString().slice(0, 10);

  before(async () => {
    t = await openTestApp(undefined, { OPENLG_RATE_LIMIT: '0' });
    services = createServices(t.database);
    const person = await newUser(t.database, {
      role: 'peer-challenge-manager',
      organisation: 'lga',
    });
    manager = new HttpBrowser(t.app);
    await manager.signIn(person.email, person.password);
    actor = {
      viewer: {
        userId: person.id,
        memberships: [{ organisation: 'lga', role: 'peer-challenge-manager' }],
      },
      email: person.email,
      address: null,
    } as Actor;
    // A visit that ended long ago, with nothing published since: every deadline overdue.
    late = await services.peerChallenges.record(actor, {
      type: 'corporate-peer-challenge',
      areaCode: 'E06000002',
      programmeYear: '2024-25',
      window: { start: '2024-06-01', end: '2024-06-30' },
      onSite: { start: '2024-06-10', end: '2024-06-13' },
      managerUserId: person.id,
      transitions: [
        { to: 'requested', on: '2024-04-02' },
        { to: 'scoping', on: '2024-04-20' },
        { to: 'position-statement-received', on: '2024-05-10' },
        { to: 'team-assembled', on: '2024-05-20' },
        { to: 'on-site', on: '2024-06-10' },
        { to: 'feedback-given', on: '2024-06-13' },
      ],
    });
    await services.peerChallenges.loadScenario();
  });
  after(() => t.close());

  it('lets only the programme’s managers in, and finds no challenge for others', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/peer-challenge/challenges' });
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, '/sign-in?next=%2Fpeer-challenge%2Fchallenges');
    const steward = await newUser(t.database, { role: 'data-steward', organisation: 'E06000001' });
    const council = new HttpBrowser(t.app);
    await council.signIn(steward.email, steward.password);
    for (const url of ['/peer-challenge/challenges', '/peer-challenge/challenges/new'])
      assert.equal((await council.request('GET', url)).statusCode, 403, url);
    // A challenge someone takes no part in is not found, as if there were none.
    const one = `/peer-challenge/challenges/${late}`;
    assert.equal((await council.request('GET', one)).statusCode, 404, one);
    const moved = await council.request('POST', `/peer-challenge/challenges/${late}/events`, {
      csrf:
        (await council.request('GET', '/')).body.match(/name="csrf" value="([^"]+)"/)?.[1] ?? '',
      kind: 'draft-report',
      on: today,
    });
    assert.equal(moved.statusCode, 404);
    const page = await manager.request('GET', '/peer-challenge/challenges');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'private, no-store');
  });

  it('lists every record, filtered and paged, with the overdue flagged', async () => {
    const all = await manager.request('GET', '/peer-challenge/challenges');
    assert.match(readerWords(all.body), /345 challenges, page 1 of 7\./);
    const overdue = await manager.request(
      'GET',
      '/peer-challenge/challenges?year=2024-25&overdue=yes',
    );
    const words = readerWords(overdue.body);
    assert.match(words, /^.*\b1 challenge\./);
    assert.match(words, /Middlesbrough Corporate peer challenge 2024-25 Feedback given/);
    assert.match(
      words,
      /Report published within 3 months of the visit: by 13 September 2024 Overdue/,
    );
    const year = await manager.request(
      'GET',
      '/peer-challenge/challenges?year=2012-13&type=childrens-safeguarding&state=&overdue=',
    );
    assert.match(readerWords(year.body), /43 challenges\./);
    const second = await manager.request('GET', '/peer-challenge/challenges?year=2012-13&page=2');
    assert.match(readerWords(second.body), /136 challenges, page 2 of 3\./);
    assert.match(second.body, /href="\/peer-challenge\/challenges\?year=2012-13&amp;page=3"/);
  });

  it('shows a late challenge’s deadlines overdue, and its data pack as at scoping', async () => {
    const page = await manager.request('GET', `/peer-challenge/challenges/${late}`);
    assert.equal(page.statusCode, 200);
    const words = readerWords(page.body);
    assert.match(
      words,
      /Report published within 3 months of the visit 13 September 2024 Overdue by \d+ days/,
    );
    assert.match(words, /Progress review 10 to 12 months after the visit 13 June 2025 Overdue by/);
    assert.match(words, /Financial planning and management/);
    assert.match(words, /20 April 2024: Scoping \(from Requested\)/);
    assert.ok(
      page.body.includes(
        'href="/reports/peer-challenge-data-pack?area=E06000002&amp;asOf=2024-04-20"',
      ),
    );
    assert.match(words, /as at 20 April 2024/);
    assert.ok(page.body.includes(`href="/peer-challenge/challenges/${late}/team"`));
  });

  it('says what is wrong with a request, keeping what was typed', async () => {
    const url = '/peer-challenge/challenges/new';
    const empty = await manager.submit(url, { council: '', programmeYear: '27', on: '' });
    assert.equal(empty.statusCode, 400);
    assertErrorSummary(empty.body, [
      'Choose the type of challenge',
      'Enter the council, by its name or GSS code',
      'Enter the programme year, such as 2027-28',
      'Enter the date the challenge was requested',
    ]);
    const unknown = await manager.submit(url, {
      type: 'corporate-peer-challenge',
      council: 'Atlantis',
      programmeYear: '2026-27',
      on: today,
    });
    assertErrorSummary(unknown.body, ['No English council is called “Atlantis”']);
    assert.match(unknown.body, /value="corporate-peer-challenge" checked/);
    assert.match(unknown.body, /value="Atlantis"/);
    const dates = await manager.submit(url, {
      type: 'corporate-peer-challenge',
      council: 'Hartlepool',
      programmeYear: '2026-27',
      on: addDays(today, 1),
      windowFrom: '2030-02-30',
    });
    assertErrorSummary(dates.body, [
      'The date must be today or in the past',
      'Enter the first day of the window as a real date',
      'Enter the last day of the window as a real date',
    ]);
    assert.match(errorSummaryOf(dates.body), /href="#windowFrom"/);
    assert.match(dates.body, /value="Hartlepool \(E06000001\)"/);
  });

  it('records a request, managed by whoever made it, and moves it on', async () => {
    const made = await manager.submit('/peer-challenge/challenges/new', {
      type: 'finance-peer-review',
      council: 'e06000001',
      programmeYear: '2026-27',
      on: today,
      windowFrom: '',
      windowTo: '',
    });
    assert.equal(made.statusCode, 303);
    const url = String(made.headers.location);
    assert.match(url, /^\/peer-challenge\/challenges\/\d+$/);
    const page = await manager.request('GET', url);
    assert.match(readerWords(page.body), /Finance peer review: Hartlepool/);
    assert.match(readerWords(page.body), /State Requested/);
    const row = await t.database.db
      .selectFrom('peer_challenges')
      .select(['manager_user_id', 'state'])
      .where('id', '=', Number(url.split('/').at(-1)))
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { manager_user_id: actor.viewer.userId, state: 'requested' });

    const refused = await manager.submit(
      url,
      { kind: 'cancel', on: '2001-01-01', reason: ' ' },
      `${url}/events`,
    );
    assert.equal(refused.statusCode, 400);
    assertErrorSummary(refused.body, [
      'The date must be on or after',
      'Enter the reason for cancelling the challenge',
    ]);
    assert.match(errorSummaryOf(refused.body), /href="#cancel-on"/);
    assert.match(errorSummaryOf(refused.body), /href="#cancel-reason"/);
    assert.match(refused.body, /id="cancel-on" name="on" type="text" value="2001-01-01"/);
    const team = await manager.submit(url, { kind: 'assemble-team', on: today }, `${url}/events`);
    assert.equal(team.statusCode, 400);
    assertErrorSummary(team.body, ['not possible while the challenge is at ‘Requested’']);

    const moved = await manager.submit(url, { kind: 'start-scoping', on: today }, `${url}/events`);
    assert.equal(moved.statusCode, 303);
    const after = readerWords((await manager.request('GET', url)).body);
    assert.match(after, /State Scoping/);
    assert.match(after, /Scoping \(from Requested\)/);
  });

  it('reminds the manager and the council of a deadline once, however many processes run', async () => {
    const outbox = await mkdtemp(path.join(tmpdir(), 'openlg-reminders-'));
    // Middlesbrough's contact for its peer challenges hears too; its analyst does not.
    const contact = await newUser(t.database, {
      role: 'organisation-admin',
      organisation: 'E06000002',
    });
    await newUser(t.database, { role: 'analyst', organisation: 'E06000002' });
    try {
      const reminders = () =>
        new ChallengeReminders(t.database.db, {
          areas: services.areas,
          mailer: createMailer(
            { smtpUrl: null, from: 'openlg@example.org', outboxDir: outbox },
            () => {},
          ),
          baseUrl: 'https://openlg.example',
          failure: (_id, error) => assert.fail(String(error)),
        });
      // The late challenge's report and action plan are due 13 September 2024: reminded 3 days before.
      const runs = await Promise.all([
        reminders().run('2024-09-10'),
        reminders().run('2024-09-10'),
      ]);
      assert.equal(runs[0].sent + runs[1].sent, 4);
      assert.deepEqual(await reminders().run('2024-09-10'), { sent: 0, failed: 0 });
      assert.deepEqual(await reminders().run('2024-09-11'), { sent: 0, failed: 0 });
      const mails = await readdir(outbox);
      assert.equal(mails.length, 4);
      const text = (
        await Promise.all(mails.map((m) => readFile(path.join(outbox, m), 'utf8')))
      ).join('\n');
      assert.match(
        text,
        /Subject: Corporate peer challenge for Middlesbrough: report published\s+within 3 months/,
      );
      assert.match(text, /\/peer-challenge\/challenges\/\d+/);
      const toContact = (await outboxMail(outbox)).filter((m) => m.to === contact.email);
      assert.equal(toContact.length, 2);
      for (const mail of toContact)
        assert.match(mail.text, /because you are your council’s contact for its peer challenges/);
    } finally {
      await rm(outbox, { recursive: true, force: true });
    }
  });
});
