import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PageActor } from '../accounts/actor.ts';
import { createServices, type Services } from '../app/services.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { assertErrorSummary } from '../testing/forms.ts';
import { HttpBrowser } from '../testing/http-browser.ts';
import { outboxMail } from '../testing/mail.ts';

/*
 * The peer pool's pages over HTTP: who may see the pool, a challenge's team and a peer's own
 * profile; the team form refusing a left-out peer without a reason (the GOV.UK error summary,
 * with what was typed kept) and saving it with one; a peer editing their own profile.
 */
describe('the peer pool pages', () => {
  let t: TestApp;
  let services: Services;
  let manager: HttpBrowser;
  let steward: HttpBrowser;
  let peerBrowser: HttpBrowser;
  let stranger: HttpBrowser;
  let challengeId = 0;
  let outbox = '';
  const ids = new Map<string, number>();

  before(async () => {
    outbox = await mkdtemp(path.join(tmpdir(), 'openlg-peer-pool-'));
    t = await openTestApp(undefined, {
      OPENLG_OUTBOX_DIR: outbox,
      OPENLG_PUBLIC_URL: 'https://openlg.example',
    });
    services = createServices(t.database);
    const signedIn = async (
      role: 'peer-challenge-manager' | 'data-steward' | 'analyst',
      org: string,
    ) => {
      const person = await newUser(t.database, { role, organisation: org });
      const browser = new HttpBrowser(t.app);
      await browser.signIn(person.email, person.password);
      return { person, browser };
    };
    const boss = await signedIn('peer-challenge-manager', 'lga');
    manager = boss.browser;
    steward = (await signedIn('data-steward', 'E06000001')).browser;
    stranger = (await signedIn('analyst', 'lga')).browser;
    const peerUser = await signedIn('analyst', 'lga');
    peerBrowser = peerUser.browser;
    const actor: PageActor = {
      viewer: {
        userId: boss.person.id,
        name: boss.person.name,
        email: boss.person.email,
        csrfToken: '',
        sessionHash: '',
        memberships: [{ organisation: 'lga', role: 'peer-challenge-manager' }],
      },
      email: boss.person.email,
      address: null,
    };
    const available = [{ from: '2027-01-01', to: '2027-06-30' }];
    const add = async (key: string, input: Parameters<Services['peerPool']['addPeer']>[1]) =>
      ids.set(
        key,
        await services.peerPool.addPeer(actor, {
          accreditedOn: '2020-01-01',
          availability: available,
          ...input,
        }),
      );
    await add('stockton-ce', {
      kind: 'officer',
      name: 'Stockton Chief',
      homeAreaCode: 'E06000004',
      roles: ['chief-executive-peer'],
      roleTitle: 'Chief executive',
    });
    await add('newcastle-ce', {
      kind: 'officer',
      name: 'Newcastle Chief',
      email: 'newcastle.chief@example.org',
      homeAreaCode: 'E08000021',
      roles: ['chief-executive-peer'],
      roleTitle: 'Chief executive',
    });
    await add('sunderland-leader', {
      kind: 'member',
      party: 'Labour',
      name: 'Sunderland Leader',
      homeAreaCode: 'E08000024',
      roles: ['lead-member-peer', 'member-peer'],
      roleTitle: 'Leader',
      userId: peerUser.person.id,
    });
    await add('northumberland-cllr', {
      kind: 'member',
      party: 'Conservative',
      name: 'Northumberland Cllr',
      homeAreaCode: 'E06000057',
      roles: ['lead-member-peer', 'member-peer'],
      roleTitle: 'Cabinet member',
    });
    await add('gateshead-s151', {
      kind: 'officer',
      name: 'Gateshead Treasurer',
      homeAreaCode: 'E08000037',
      roles: ['officer-peer'],
      roleTitle: 'Section 151 officer',
      specialisms: ['finance'],
    });
    challengeId = await services.peerChallenges.record(actor, {
      type: 'corporate-peer-challenge',
      areaCode: 'E06000001',
      programmeYear: '2026-27',
      window: { start: '2027-03-01', end: '2027-03-05' },
      transitions: [{ to: 'requested', on: '2026-09-01' }],
    });
  });
  after(() => t.close());

  const idOf = (key: string) => ids.get(key) ?? 0;
  const teamUrl = () => `/peer-challenge/challenges/${challengeId}/team`;

  it('sends the public to sign in, refuses a council’s data steward, shows a manager', async () => {
    for (const url of ['/peer-challenge/peers', teamUrl(), '/account/peer-profile']) {
      const anonymous = await t.app.inject({ method: 'GET', url });
      assert.equal(anonymous.statusCode, 303, url);
      assert.match(anonymous.headers.location ?? '', /^\/sign-in\?next=/);
    }
    for (const url of ['/peer-challenge/peers', teamUrl()])
      assert.equal((await steward.request('GET', url)).statusCode, 403, url);
    const pool = await manager.request('GET', '/peer-challenge/peers');
    assert.equal(pool.statusCode, 200);
    assert.match(pool.headers['cache-control'] ?? '', /private/);
    assert.ok(pool.body.includes('Stockton Chief') && pool.body.includes('Sunderland Leader'));
    const officers = await manager.request(
      'GET',
      '/peer-challenge/peers?kind=officer&specialism=finance',
    );
    assert.ok(officers.body.includes('Gateshead Treasurer'));
    assert.ok(
      !officers.body.includes('Sunderland Leader') && !officers.body.includes('Stockton Chief'),
    );
  });

  it('records what the scoping settled, keeping what was typed when it is refused', async () => {
    const scopingUrl = `/peer-challenge/challenges/${challengeId}/scoping`;
    const typed = { leadershipParty: ' ', scopingSpecialisms: 'Finance, !!' };
    const refused = await manager.submit(teamUrl(), typed, scopingUrl);
    assert.equal(refused.statusCode, 400);
    assertErrorSummary(refused.body, [
      'Enter the party of the council’s leadership',
      'Enter specialisms separated by commas',
    ]);
    assert.ok(refused.body.includes('value="Finance, !!"'));
    assert.equal((await steward.submit(teamUrl(), typed, scopingUrl)).statusCode, 403);
    const saved = await manager.submit(
      teamUrl(),
      { leadershipParty: 'Labour', scopingSpecialisms: 'Finance' },
      scopingUrl,
    );
    assert.equal(saved.statusCode, 303);
    const page = await manager.request('GET', teamUrl());
    assert.ok(page.body.includes('value="Labour"') && page.body.includes('value="finance"'));
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('subject')
      .where('action', '=', 'peer-challenge-scoping-recorded')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.subject),
      ['E06000001'],
    );
  });

  it('shows the proposal with why each peer was left out', async () => {
    const page = await manager.request('GET', teamUrl());
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`href="/peer-challenge/challenges/${challengeId}"`));
    const proposal = page.body.slice(
      page.body.indexOf('id="proposal"'),
      page.body.indexOf('id="left-out"'),
    );
    assert.ok(proposal.includes('Newcastle Chief') && !proposal.includes('Stockton Chief'));
    const leftOut = page.body.slice(page.body.indexOf('id="left-out"'));
    assert.ok(leftOut.includes('Stockton Chief'));
    assert.ok(leftOut.includes('home council borders the council'));
  });

  it('refuses a left-out peer without a reason, keeping what was typed, then saves one', async () => {
    const form = new URLSearchParams();
    const page = await manager.request('GET', teamUrl());
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    form.append('csrf', csrf);
    for (const [key, role] of [
      ['newcastle-ce', 'chief-executive-peer'],
      ['sunderland-leader', 'lead-member-peer'],
      ['northumberland-cllr', 'member-peer'],
      ['gateshead-s151', 'officer-peer'],
      ['stockton-ce', 'chief-executive-peer'],
    ] as const)
      form.append(`peer-${idOf(key)}`, role);
    const post = (body: URLSearchParams) =>
      t.app.inject({
        method: 'POST',
        url: teamUrl(),
        headers: {
          cookie: [...manager.cookies].map(([n, v]) => `${n}=${v}`).join('; '),
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: body.toString(),
      });
    const refused = await post(form);
    assert.equal(refused.statusCode, 400);
    assertErrorSummary(refused.body, ['Say why you add a peer the proposal left out']);
    assert.ok(refused.body.includes(`href="#reason-${idOf('stockton-ce')}"`));
    assert.match(
      refused.body,
      new RegExp(
        `name="peer-${idOf('stockton-ce')}" type="checkbox" value="chief-executive-peer" checked`,
      ),
    );
    form.append(`reason-${idOf('stockton-ce')}`, 'Shadowing as a new peer');
    const saved = await post(form);
    assert.equal(saved.statusCode, 303);
    const members = await services.peerPool.team(
      { memberships: [{ organisation: 'lga', role: 'peer-challenge-manager' }] },
      challengeId,
    );
    assert.equal(members.length, 5);
    // Only peers with an address are emailed; the rest are the programme team's to tell.
    const mail = await outboxMail(outbox);
    assert.deepEqual(
      mail.map((m) => [m.to, m.subject]),
      [
        [
          'newcastle.chief@example.org',
          'You are invited to join a peer challenge team: Hartlepool Borough Council',
        ],
      ],
    );
    assert.ok(mail[0]?.text.includes('https://openlg.example/account/peer-profile#invitations'));
    const team = await manager.request('GET', teamUrl());
    const confirmed = team.body.slice(team.body.indexOf('id="saved"'));
    assert.ok(confirmed.includes('Shadowing as a new peer') && confirmed.includes('invited'));
  });

  it('shows a peer their own profile only, and saves their changes', async () => {
    assert.equal((await stranger.request('GET', '/account/peer-profile')).statusCode, 403);
    assert.equal((await manager.request('GET', '/account/peer-profile')).statusCode, 403);
    const own = await peerBrowser.request('GET', '/account/peer-profile');
    assert.equal(own.statusCode, 200);
    assert.ok(own.body.includes('Sunderland Leader') && !own.body.includes('Newcastle Chief'));
    assert.ok(own.body.includes('2027-01-01 to 2027-06-30'));
    const wrong = await peerBrowser.submit('/account/peer-profile', {
      roleTitle: 'Leader',
      specialisms: 'finance',
      availability: 'next March',
    });
    assert.equal(wrong.statusCode, 400);
    assertErrorSummary(wrong.body, ['Enter each window on its own line']);
    assert.ok(wrong.body.includes('next March'));
    const changes = {
      roleTitle: 'Leader of the council',
      specialisms: 'finance, housing',
      availability: '2027-09-01 to 2027-09-30',
    };
    const unknown = await peerBrowser.submit('/account/peer-profile', {
      ...changes,
      conflicts: 'Gotham: my brother is its mayor',
    });
    assert.equal(unknown.statusCode, 400);
    assertErrorSummary(unknown.body, ['Conflicts: No English council is called “Gotham”']);
    assert.ok(unknown.body.includes('Gotham: my brother is its mayor'));
    const right = await peerBrowser.submit('/account/peer-profile', {
      ...changes,
      conflicts: 'Durham: my brother is its chief executive',
    });
    assert.equal(right.statusCode, 303);
    const after = await peerBrowser.request('GET', '/account/peer-profile');
    assert.ok(
      after.body.includes('Leader of the council') &&
        after.body.includes('2027-09-01 to 2027-09-30') &&
        after.body.includes('County Durham: my brother is its chief executive'),
    );
    const answered = await peerBrowser.submit(
      '/account/peer-profile',
      { answer: 'accept' },
      `/account/peer-profile/invitations/${challengeId}`,
    );
    assert.equal(answered.statusCode, 303);
    const team = await services.peerPool.team(
      { memberships: [{ organisation: 'lga', role: 'peer-challenge-manager' }] },
      challengeId,
    );
    assert.equal(team.find((m) => m.peer_id === idOf('sunderland-leader'))?.status, 'accepted');
  });
});
