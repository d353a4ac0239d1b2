import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { PageActor } from '../accounts/actor.ts';
import { createServices, type Services } from '../app/services.ts';
import { createMailer } from '../mail/mailer.ts';
import { formatDate } from '../shared/format.ts';
import * as browser from '../testing/browser.ts';
import { pageActorOf, type TestUser } from '../accounts/accounts.fixture.ts';
import { newUser } from '../testing/fixtures.ts';
import { outboxMail } from '../testing/mail.ts';
import { recordEvent, signIn } from './challenge-steps.testing.ts';
import { addDays, addMonths } from './dates.ts';
import { samplePdf } from './documents.testing.ts';
import { ChallengeReminders } from './reminders.service.ts';

/*
 * Issue 20's journey: one corporate peer challenge of Hartlepool from its request to closed, as
 * the three who take part would take it, each in their own browser. The manager requests it,
 * books its window, records the scoping and adds a peer to the pool; the council hands in its
 * position statement; the manager confirms the team the solver proposes and the peer, invited by
 * email, accepts; the visit and feedback are recorded and the deadlines appear; the reminders
 * reach the manager and the council; the peer uploads the team's report, which the council
 * publishes for everyone, with its action plan; the council and the peer answer their surveys;
 * the progress review closes it. Every event is dated today: the position statement is recorded
 * on the day it is uploaded. JavaScript on, so that axe checks each step.
 */
describe(
  'a peer challenge from request to closed, as its people take it',
  browser.browserSuite,
  () => {
    const outbox = mkdtempSync(path.join(tmpdir(), 'openlg-journey-'));
    const site = browser.useBrowserSite(undefined, { OPENLG_OUTBOX_DIR: outbox });
    const today = new Date().toISOString().slice(0, 10);
    let services: Services;
    const people: Record<'manager' | 'council' | 'peer', TestUser> = {} as never;

    before(async () => {
      services = createServices(site.database);
      people.manager = await newUser(site.database, {
        email: 'manager@programme.example',
        role: 'peer-challenge-manager',
        organisation: 'lga',
      });
      people.council = await newUser(site.database, {
        email: 'chief.executive@hartlepool.example',
        role: 'organisation-admin',
        organisation: 'E06000001',
      });
      people.peer = await newUser(site.database, {
        email: 'director@sunderland.example',
        role: 'analyst',
        organisation: 'E08000024',
      });
      await poolBeside(
        services,
        pageActorOf(people.manager, 'lga', 'peer-challenge-manager'),
        today,
      );
    });

    /** A page signed in as one of the people, at `url`. */
    async function as(who: keyof typeof people, url: string): Promise<Page> {
      const page = await site.open('/sign-in');
      await signIn(page, people[who].email, people[who].password);
      await page.goto(`${site.baseUrl}${url}`);
      return page;
    }

    it('takes one corporate peer challenge from its request to closed', async () => {
      const manager = await as('manager', '/peer-challenge/challenges/new');
      await manager.getByLabel('Corporate peer challenge').check();
      await manager.getByLabel('Council', { exact: true }).fill('Hartlepool');
      await manager.getByLabel('Date requested').fill(today);
      await manager.getByRole('button', { name: 'Request the challenge' }).click();
      await manager.waitForURL((url) => /^\/peer-challenge\/challenges\/\d+$/.test(url.pathname));
      const challenge = new URL(manager.url()).pathname;
      await recordEvent(
        manager,
        'book-window',
        {
          Date: today,
          'First day of the window': today,
          'Last day of the window': addDays(today, 4),
        },
        formatDate(addDays(today, 4)),
      );
      await recordEvent(manager, 'start-scoping', { Date: today }, 'Scoping');
      await addThePeer(manager);
      await manager.goto(`${site.baseUrl}${challenge}/team`);
      await manager.getByLabel('Party of the council’s leadership').fill('Labour');
      await manager.getByLabel('Specialisms the council asked for (optional)').fill('finance');
      await manager.getByRole('button', { name: 'Save the scoping' }).click();
      await manager.locator('#proposal').waitFor();

      // The council hands in its position statement: the challenge records it received.
      const council = await as('council', '/account/peer-challenges');
      await council.getByRole('link', { name: 'Corporate peer challenge: Hartlepool' }).click();
      await upload(council, 'position-statement', 'Position statement');
      await council.locator('#facts', { hasText: 'Position statement received' }).waitFor();
      await site.assertStep(council, 1280);

      // The solver proposes the pool's four; confirming invites the peer by email.
      await manager.reload();
      const proposal = await manager.locator('#proposal ~ #peer').innerText();
      assert.match(proposal, /Sam Director \(journey\)/);
      await site.assertStep(manager, 1280);
      await manager.getByRole('button', { name: 'Confirm the team and invite the peers' }).click();
      await manager.locator('#saved ~ table', { hasText: 'Sam Director (journey)' }).waitFor();
      const invited = (await outboxMail(outbox)).filter((m) => m.to === people.peer.email);
      assert.deepEqual(
        invited.map((m) => m.subject),
        ['You are invited to join a peer challenge team: Hartlepool Borough Council'],
      );

      const peer = await as('peer', '/account/peer-profile');
      await peer.getByRole('button', { name: 'Accept' }).click();
      await peer.locator('.govuk-summary-card', { hasText: 'Your answer: accepted' }).waitFor();

      await manager.goto(`${site.baseUrl}${challenge}`);
      await recordEvent(manager, 'assemble-team', { Date: today }, 'Team assembled');
      await recordEvent(manager, 'arrive-on-site', { Date: today }, 'On site');
      await recordEvent(manager, 'give-feedback', { Date: today }, 'Feedback given');
      const reportDue = addMonths(today, 3);
      assert.match(
        await manager.locator('#deadline-table').innerText(),
        new RegExp(
          `Report published within 3 months of the visit\\s+${formatDate(reportDue)}\\s+Due`,
        ),
      );
      await site.assertStep(manager, 1280);
      await remindersOf(services, addDays(reportDue, -3));

      // The team writes its report; the manager records the draft; the council publishes it.
      await peer.goto(`${site.baseUrl}${challenge}`);
      await upload(peer, 'report', 'Report');
      await site.assertStep(peer, 1280);
      await manager.reload();
      await recordEvent(manager, 'draft-report', { Date: today }, 'Report drafted');
      await council.reload();
      await recordEvent(council, 'publish-report', { Date: today }, 'Report published');
      await upload(council, 'action-plan', 'Action plan');
      await recordEvent(council, 'publish-action-plan', { Date: today }, 'Action plan published');
      assert.match(
        await council.locator('#deadline-table').innerText(),
        new RegExp(
          `Report published within 3 months of the visit\\s+${formatDate(reportDue)}\\s+Met on ${formatDate(today)}`,
        ),
      );
      await site.assertStep(council, 1280);
      await publicReports();

      await answerSurvey(council, challenge, 'Chief executive');
      await answerSurvey(peer, challenge, null);

      await manager.reload();
      await recordEvent(manager, 'hold-progress-review', { Date: today }, 'Progress review');
      await recordEvent(manager, 'close', { Date: today }, 'Closed');
      await site.assertStep(manager, 1280);
    });

    /** The manager adds the signed-in peer to the pool, with the scoping's specialism. */
    async function addThePeer(page: Page) {
      await page.goto(`${site.baseUrl}/peer-challenge/peers/new`);
      await page.getByLabel('Officer peer: a senior officer').check();
      await page.getByLabel('Name', { exact: true }).fill('Sam Director (journey)');
      await page.getByLabel('Email (optional)').fill(people.peer.email);
      await page.getByLabel('Home council').fill('Sunderland');
      await page.getByLabel('Officer peer', { exact: true }).check();
      await page.getByLabel('Their role at their council').fill('Director of finance');
      await page.getByLabel('Specialisms (optional)').fill('finance');
      await page.getByLabel('Accredited on (optional)').fill('2020-01-01');
      await page
        .getByLabel('When they are free (optional)')
        .fill(`${addDays(today, -30)} to ${addDays(today, 60)}`);
      await site.assertStep(page, 1280);
      await page.getByRole('button', { name: 'Save the peer' }).click();
      await page.waitForURL((url) => url.pathname === '/peer-challenge/peers');
    }

    /** Uploads a PDF as the document `kind` and waits for it among the versions. */
    async function upload(page: Page, kind: string, title: string) {
      const name = `${kind}.pdf`;
      await page
        .locator(`#${kind}-file`)
        .setInputFiles({ name, mimeType: 'application/pdf', buffer: samplePdf(title) });
      await page.getByRole('button', { name: `Upload the ${title.toLowerCase()}` }).click();
      await page.locator(`#${kind}-versions`, { hasText: name }).waitFor();
    }

    /** The public reads the published report and action plan, never the position statement. */
    async function publicReports() {
      const page = await site.assertAccessible('/peer-challenge/reports');
      const listed = await page.locator('main').innerText();
      assert.match(
        listed,
        /Hartlepool[\s\S]*Report[\s\S]*Action plan|Hartlepool[\s\S]*Action plan[\s\S]*Report/,
      );
      assert.doesNotMatch(listed, /Position statement/);
      const href = await page
        .getByRole('link', { name: 'Report', exact: true })
        .first()
        .getAttribute('href');
      const response = await page.request.get(`${site.baseUrl}${href ?? ''}`);
      assert.equal(response.status(), 200);
      assert.match((await response.body()).toString('latin1'), /^%PDF-/);
    }

    /** Answers the challenge's survey, agreeing with every statement, as `role` (the council's). */
    async function answerSurvey(page: Page, challenge: string, role: string | null) {
      await page.goto(`${site.baseUrl}${challenge}/survey`);
      if (role) await page.getByLabel(role, { exact: true }).check();
      for (const group of await page.getByRole('group').all()) {
        const agree = group.getByLabel('Agree', { exact: true });
        if ((await agree.count()) === 1) await agree.check();
      }
      await site.assertStep(page, 1280);
      await page.getByRole('button', { name: 'Send your answers' }).click();
      await page.locator('#answered').waitFor();
    }

    /** The reminders' job, run as on `day`: the manager and the council each hear of both. */
    async function remindersOf(all: Services, day: string) {
      const mailer = createMailer(
        { smtpUrl: null, from: 'openlg@example.org', outboxDir: outbox },
        () => {},
      );
      const reminders = new ChallengeReminders(site.database.db, {
        areas: all.areas,
        mailer,
        baseUrl: site.baseUrl,
        failure: (_id, error) => assert.fail(String(error)),
      });
      assert.deepEqual(await reminders.run(day), { sent: 4, failed: 0 });
      const mail = await outboxMail(outbox);
      for (const who of [people.manager, people.council])
        assert.deepEqual(
          mail.filter((m) => m.to === who.email && /by /.test(m.subject)).length,
          2,
          who.email,
        );
    }
  },
);

/**
 * The rest of the pool the team is proposed from: a chief executive, a Labour leader (the
 * council's leadership's party) and a Conservative councillor, from councils far from Hartlepool,
 * free around today.
 */
async function poolBeside(services: Services, manager: PageActor, today: string) {
  const common = {
    accreditedOn: '2020-01-01',
    availability: [{ from: addDays(today, -30), to: addDays(today, 60) }],
  };
  await services.peerPool.addPeer(manager, {
    ...common,
    kind: 'officer',
    name: 'Chris Chief (journey)',
    homeAreaCode: 'E08000035',
    roles: ['chief-executive-peer'],
    roleTitle: 'Chief executive',
  });
  await services.peerPool.addPeer(manager, {
    ...common,
    kind: 'member',
    party: 'Labour',
    name: 'Lee Leader (journey)',
    homeAreaCode: 'E06000023',
    roles: ['lead-member-peer', 'member-peer'],
    roleTitle: 'Leader',
  });
  await services.peerPool.addPeer(manager, {
    ...common,
    kind: 'member',
    party: 'Conservative',
    name: 'Morgan Member (journey)',
    homeAreaCode: 'E07000178',
    roles: ['member-peer'],
    roleTitle: 'Cabinet member',
  });
}
