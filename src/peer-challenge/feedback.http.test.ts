import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEvents } from '../accounts/accounts.repository.ts';
import type { PageActor } from '../accounts/actor.ts';
import type { Role } from '../accounts/roles.ts';
import { createServices, type Services } from '../app/services.ts';
import { ForbiddenError } from '../shared/errors.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';

describe('the peer challenge feedback surveys', () => {
  let t: TestApp;
  let services: Services;
  let loaded = 0;
  const page = async () => {
    const response = await t.app.inject({ method: 'GET', url: '/peer-challenge/feedback' });
    assert.equal(response.statusCode, 200);
    return response.body;
  };
  const actor = async (role: Role, organisation: string): Promise<PageActor> => {
    const user = await newUser(t.database, { role, organisation });
    return {
      viewer: {
        userId: user.id,
        name: user.name,
        email: user.email,
        csrfToken: 'x',
        sessionHash: 'x',
        memberships: [{ organisation, role }],
      },
      email: user.email,
      address: '192.0.2.1',
    };
  };

  before(async () => {
    t = await openTestApp();
    services = createServices(t.database);
    await services.peerChallenges.loadScenario();
    loaded = await services.peerFeedback.loadIllustrative();
  });
  after(async () => t.close());

  it('loads the illustrative responses once', async () => {
    assert.equal(loaded, 25 * 5 + 1 * 5);
    assert.equal(await services.peerFeedback.loadIllustrative(), 0);
  });

  it('shows the seeds’ 2012/13 results, marked illustrative', async () => {
    const body = await page();
    assert.match(body, /Illustrative responses/);
    assert.match(body, /92% found their peer challenge well tailored \(46 of 50\)/);
    assert.match(
      body,
      /96% agreed the quality of the peer team was good or very good \(48 of 50\)/,
    );
  });

  it('does not publish a question fewer than five answered: 2017/18', async () => {
    const body = await page();
    const year = body.slice(
      body.indexOf('id="year-2017-18"'),
      body.indexOf('id="headlines-2017-18"'),
    );
    assert.match(year, /Not published/);
    assert.doesNotMatch(year, /\d+%/);
  });

  it('never shows free text nor who answered', async () => {
    const body = await page();
    assert.doesNotMatch(body, /listened and challenged/);
    assert.doesNotMatch(body, /well worth it/);
    assert.doesNotMatch(body, /href="\/areas\//);
  });

  it('refuses to record a response for a data steward', async () => {
    await assert.rejects(
      services.peerFeedback.record(await actor('data-steward', 'E06000001'), {
        challengeId: 1,
        role: 'leader',
        submittedOn: '2013-04-30',
        answers: { 'well-tailored': 'agree' },
      }),
      ForbiddenError,
    );
  });

  it('records a manager’s entry, audited without the answers, and counts it', async () => {
    const [challenge] = await t.database.db
      .selectFrom('peer_challenges')
      .select(['id', 'area_code'])
      .where('programme_year', '=', '2011-12')
      .where('type', '=', 'corporate-peer-challenge')
      .orderBy('id')
      .limit(1)
      .execute();
    assert.ok(challenge);
    const manager = await actor('peer-challenge-manager', 'lga');
    const answers = { 'well-tailored': 'agree', comments: 'A private remark' };
    const id = await services.peerFeedback.record(manager, {
      challengeId: challenge.id,
      role: 'chief-executive',
      submittedOn: '2012-04-30',
      answers,
    });
    assert.ok(id > 0);
    const [event] = await auditEvents(t.database.db, 1);
    assert.equal(event?.action, 'peer-challenge-survey-recorded');
    assert.equal(event?.subject, challenge.area_code);
    assert.doesNotMatch(JSON.stringify(event), /private remark/);
    const results = await services.peerFeedback.results();
    const y2011 = results.years.find((y) => y.year === '2011-12');
    assert.equal(y2011?.responses, 1);
    assert.doesNotMatch(await page(), /private remark/);
  });

  it('refuses answers off the scale, naming the question', async () => {
    await assert.rejects(
      services.peerFeedback.record(await actor('peer-challenge-manager', 'lga'), {
        challengeId: 1,
        role: 'peer',
        submittedOn: '2012-04-30',
        answers: { 'well-prepared': 'very much' },
      }),
      /well-prepared must be answered on the five-point scale/,
    );
  });
});
