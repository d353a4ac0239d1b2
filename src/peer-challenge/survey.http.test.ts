import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEvents } from '../accounts/accounts.repository.ts';
import { createServices, type Services } from '../app/services.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { assertErrorSummary, errorSummaryOf } from '../testing/forms.ts';
import { csrfIn, readerWords } from '../testing/http-browser.ts';
import { assembledChallenge, signedIn, type SignedIn } from '../testing/peer-challenges.ts';
import { insertResponses } from './feedback.repository.ts';
import { SurveyAlreadyAnswered } from './feedback.service.ts';

const agreed = {
  'well-tailored': 'agree',
  'peer-team-quality': 'strongly-agree',
  'will-act': 'agree',
  'would-recommend': 'agree',
};
const peerAgreed = { 'well-prepared': 'agree', 'well-managed': 'agree', 'own-learning': 'neither' };

/*
 * The feedback survey forms over HTTP: the council's administrator answers as leader or chief
 * executive, each accepted peer for themselves, a manager on someone's behalf; a form missing
 * answers comes back with the error summary and what was typed; each answers once; anyone
 * without a part in the challenge is told there is no such page; nothing of an answer reaches
 * the published results but its share.
 */
describe('answering the feedback surveys', () => {
  let t: TestApp;
  let services: Services;
  let manager: SignedIn;
  let council: SignedIn;
  let challenge: Awaited<ReturnType<typeof assembledChallenge>>;
  const url = () => `/peer-challenge/challenges/${challenge.id}/survey`;
  const responses = () =>
    t.database.db
      .selectFrom('peer_challenge_survey_responses')
      .select(['respondent_role', 'respondent_user_id', 'recorded_by_user_id', 'submitted_on'])
      .orderBy('id')
      .execute();

  before(async () => {
    t = await openTestApp();
    services = createServices(t.database);
    manager = await signedIn(t, 'peer-challenge-manager', 'lga');
    council = await signedIn(t, 'organisation-admin', 'E06000001');
    challenge = await assembledChallenge(services, t, manager.actor);
  });
  after(() => t.close());

  it('opens only once the team has given its feedback', async () => {
    const page = await council.browser.request('GET', url());
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.match(readerWords(page.body), /The survey opens once the team has given its feedback/);
    const posted = await council.browser.submit(url(), { survey: 'council', role: 'leader' });
    assert.equal(posted.statusCode, 409);
    assertErrorSummary(posted.body, ['The survey opens once the team has given its feedback']);
    await challenge.visit('feedback-given');
  });

  it('tells anyone with no part there is no such page, and sends the public to sign in', async () => {
    const stranger = await signedIn(t, 'organisation-admin', 'E06000002');
    const steward = await signedIn(t, 'data-steward', 'E06000001');
    for (const someone of [stranger, steward, challenge.middlesbrough]) {
      assert.equal((await someone.browser.request('GET', url())).statusCode, 404);
      // With a good token from a page they may read: refused all the same.
      const posted = await someone.browser.submit('/', { survey: 'peer', role: 'peer' }, url());
      assert.equal(posted.statusCode, 404);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: url() });
    assert.equal(anonymous.statusCode, 303);
    assert.match(anonymous.headers.location ?? '', /^\/sign-in\?next=/);
    // A council may not answer the peers' survey, nor a peer the council's.
    assert.equal((await council.browser.request('GET', `${url()}?survey=peer`)).statusCode, 404);
    const peer = challenge.stockton.browser;
    assert.equal((await peer.request('GET', `${url()}?survey=council`)).statusCode, 404);
  });

  it('shows every problem at once, keeping what was typed', async () => {
    const page = await council.browser.request('GET', url());
    assert.match(page.body, /name="role" type="radio" value="leader"/);
    assert.match(page.body, /name="well-tailored" type="radio" value="strongly-agree"/);
    const posted = await council.browser.submit(url(), {
      survey: 'council',
      'well-tailored': 'agree',
      comments: 'Zebra comment kept',
    });
    assert.equal(posted.statusCode, 400);
    assertErrorSummary(posted.body, [
      'Choose who is answering',
      'Choose how far you agree: The quality of the peer team was good or very good',
    ]);
    assert.doesNotMatch(errorSummaryOf(posted.body), /well tailored/);
    assert.match(posted.body, /Zebra comment kept<\/textarea>/);
    assert.match(posted.body, /name="well-tailored" type="radio" value="agree" checked/);
    // Without the form's token, nothing is read.
    const forged = await t.app.inject({
      method: 'POST',
      url: url(),
      headers: {
        cookie: [...council.browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ survey: 'council', role: 'leader', ...agreed }).toString(),
    });
    assert.equal(forged.statusCode, 403);
    assert.equal((await responses()).length, 0);
  });

  it('takes the leader’s answer once, then the chief executive’s', async () => {
    const form = { survey: 'council', role: 'leader', ...agreed, comments: 'Zebra private' };
    const answered = await council.browser.submit(url(), form);
    assert.equal(answered.statusCode, 303);
    assert.equal(answered.headers.location, `${url()}?answered=council`);
    const thanks = await council.browser.request('GET', answered.headers.location);
    assert.match(readerWords(thanks.body), /Thank you: your answer is recorded/);
    assert.doesNotMatch(thanks.body, /value="leader"/);
    const again = await council.browser.submit(url(), form);
    assert.equal(again.statusCode, 409);
    assertErrorSummary(again.body, ['The leader has already answered this survey']);
    const chief = await council.browser.submit(url(), { ...form, role: 'chief-executive' });
    assert.equal(chief.statusCode, 303);
    const done = await council.browser.submit(url(), { ...form, role: 'chief-executive' });
    assert.equal(done.statusCode, 409);
    assertErrorSummary(done.body, ['The chief executive has already answered this survey']);
    const [leader] = await responses();
    assert.equal(leader?.respondent_user_id, council.id);
    assert.equal(leader?.submitted_on, new Date().toISOString().slice(0, 10));
  });

  it('takes each peer’s answer once, linked from their profile', async () => {
    const peer = challenge.stockton.browser;
    const profile = await peer.request('GET', '/account/peer-profile');
    assert.match(profile.body, new RegExp(`href="${url()}">Answer the feedback survey`));
    const page = await peer.request('GET', url());
    assert.match(page.body, /name="role" value="peer"/);
    assert.doesNotMatch(page.body, /id="submittedOn"/);
    const form = { survey: 'peer', role: 'peer', ...peerAgreed };
    assert.equal((await peer.submit(url(), form)).statusCode, 303);
    const again = await peer.submit(url(), form);
    assert.equal(again.statusCode, 409);
    assertErrorSummary(again.body, ['You have already answered this survey']);
    const other = await challenge.darlington.browser.submit(url(), form);
    assert.equal(other.statusCode, 303);
    const peers = (await responses()).filter((r) => r.respondent_role === 'peer');
    assert.deepEqual(
      peers.map((r) => r.respondent_user_id),
      [challenge.stockton.id, challenge.darlington.id],
    );
  });

  it('lets a manager record an answer on someone’s behalf, dated', async () => {
    const choice = await manager.browser.request('GET', url());
    assert.match(choice.body, new RegExp(`href="${url()}\\?survey=peer"`));
    const challengePage = await manager.browser.request(
      'GET',
      `/peer-challenge/challenges/${challenge.id}`,
    );
    assert.match(
      challengePage.body,
      new RegExp(`id="survey-link"><a class="govuk-link" href="${url()}"`),
    );
    const from = `${url()}?survey=peer`;
    const page = await manager.browser.request('GET', from);
    assert.match(page.body, /id="submittedOn"/);
    const wrong = await manager.browser.request('POST', url(), {
      csrf: csrfIn(page.body),
      survey: 'peer',
      role: 'peer',
      ...peerAgreed,
      submittedOn: '2026-02-30',
    });
    assert.equal(wrong.statusCode, 400);
    assertErrorSummary(wrong.body, ['Enter the day it was answered, such as 2027-03-14']);
    const posted = await manager.browser.submit(
      from,
      {
        survey: 'peer',
        role: 'peer',
        ...peerAgreed,
        submittedOn: '2026-06-30',
      },
      url(),
    );
    assert.equal(posted.statusCode, 303);
    const last = (await responses()).at(-1);
    assert.deepEqual(last, {
      respondent_role: 'peer',
      respondent_user_id: null,
      recorded_by_user_id: manager.id,
      submitted_on: '2026-06-30',
    });
    const [event] = await auditEvents(t.database.db, 1);
    assert.equal(event?.action, 'peer-challenge-survey-recorded');
    assert.match(JSON.stringify(event), /"onBehalf":true/);
  });

  it('keeps one of two answers sent at once, and the database holds it', async () => {
    const other = await assembledChallenge(services, t, manager.actor);
    await other.visit('feedback-given');
    const answer = { role: 'leader', answers: agreed, submittedOn: null } as const;
    const sent = await Promise.allSettled(
      [1, 2].map(() =>
        services.peerFeedback.answer(council.actor, other.id, 'council', answer, '2026-12-01'),
      ),
    );
    assert.deepEqual(sent.map((s) => s.status).sort(), ['fulfilled', 'rejected']);
    const refused = sent.find((s) => s.status === 'rejected');
    assert.ok(refused?.reason instanceof SurveyAlreadyAnswered);
    const row = {
      challenge_id: other.id,
      respondent_role: 'leader',
      survey_version: 1,
      answers: agreed,
      submitted_on: '2026-12-01',
      recorded_by_user_id: null,
      respondent_user_id: null,
      illustrative: false,
    } as const;
    await assert.rejects(insertResponses(t.database.db, [row]));
    const peerRow = {
      ...row,
      respondent_role: 'peer',
      respondent_user_id: other.stockton.id,
    } as const;
    await insertResponses(t.database.db, [peerRow]);
    await assert.rejects(insertResponses(t.database.db, [peerRow]));
    // On someone's behalf, a peer's answer names no one: any number may be recorded.
    await insertResponses(t.database.db, [{ ...peerRow, respondent_user_id: null }]);
    await insertResponses(t.database.db, [{ ...peerRow, respondent_user_id: null }]);
  });

  it('publishes shares only, never the answers', async () => {
    const published = await t.app.inject({ method: 'GET', url: '/peer-challenge/feedback' });
    assert.equal(published.statusCode, 200);
    assert.doesNotMatch(published.body, /Zebra/);
    const events = JSON.stringify(await auditEvents(t.database.db, 20));
    assert.doesNotMatch(events, /Zebra private/);
  });
});
