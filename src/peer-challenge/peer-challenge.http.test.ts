import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEvents } from '../accounts/accounts.repository.ts';
import type { PageActor } from '../accounts/actor.ts';
import type { Role } from '../accounts/roles.ts';
import { createServices, type Services } from '../app/services.ts';
import { ForbiddenError } from '../shared/errors.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import type { YearFigures } from './figures.ts';
import type { ChallengeInput } from './peer-challenge.schema.ts';

interface Answer {
  asAt: string | null;
  illustrative: boolean;
  years: YearFigures[];
}

const csvRows = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');

describe('the peer challenge programme figures', () => {
  let t: TestApp;
  let services: Services;
  let loaded = 0;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  const answer = async (url: string) => {
    const response = await get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    return response.json<Answer>();
  };
  const delivered = (year: YearFigures | undefined, type: string) =>
    year?.byType.find((t) => t.type === type)?.delivered;

  before(async () => {
    t = await openTestApp();
    services = createServices(t.database);
    loaded = await services.peerChallenges.loadScenario();
  });
  after(async () => t.close());

  it('loads the scenario once, marked illustrative', async () => {
    assert.equal(loaded, 96 + 136 + 35 + 54 + 23);
    assert.equal(await services.peerChallenges.loadScenario(), 0);
    const all = await answer('/api/v1/peer-challenge/figures');
    assert.equal(all.illustrative, true);
    assert.deepEqual(
      all.years.map((y) => y.year),
      ['2011-12', '2012-13', '2017-18'],
    );
  });

  it('answers the published figures of each year in JSON', async () => {
    const [y2011] = (await answer('/api/v1/peer-challenge/figures?year=2011-12')).years;
    assert.deepEqual(y2011?.total, { delivered: 96, confirmed: 0, inDiscussion: 0 });
    const only = await answer('/api/v1/peer-challenge/figures?year=2012-13');
    assert.equal(only.years.length, 1);
    const y2012 = only.years[0];
    assert.equal(y2012?.label, '2012/13');
    assert.equal(y2012?.total.delivered, 136);
    assert.equal(delivered(y2012, 'corporate-peer-challenge'), 70);
    assert.equal(delivered(y2012, 'childrens-safeguarding'), 43);
    assert.equal(delivered(y2012, 'adult-social-care'), 7);
    for (const url of [
      '/api/v1/peer-challenge/figures?year=2017-18',
      '/api/v1/peer-challenge/figures?year=2017-18&asAt=2017-09-30',
    ]) {
      const [y2017] = (await answer(url)).years;
      assert.deepEqual(y2017?.total, { delivered: 35, confirmed: 54, inDiscussion: 23 }, url);
    }
  });

  it('counts as at an earlier day from the dated history', async () => {
    const early = await answer('/api/v1/peer-challenge/figures?year=2017-18&asAt=2017-06-30');
    assert.equal(early.asAt, '2017-06-30');
    const total = early.years[0]?.total;
    assert.ok(total && total.delivered > 0 && total.delivered < 35, JSON.stringify(total));
    const [y2012] = (await answer('/api/v1/peer-challenge/figures?year=2012-13&asAt=2012-09-30'))
      .years;
    assert.ok(y2012 && y2012.total.delivered > 0 && y2012.total.delivered < 136);
    assert.equal(y2012.total.delivered + y2012.total.confirmed, 136);
  });

  it('answers CSV by format= or by Accept, one row per year and type', async () => {
    const byFormat = await get('/api/v1/peer-challenge/figures?year=2012-13&format=csv');
    const byAccept = await get('/api/v1/peer-challenge/figures?year=2012-13', {
      accept: 'text/csv',
    });
    for (const response of [byFormat, byAccept]) {
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/csv/);
      const rows = csvRows(response.body);
      assert.equal(
        rows[0],
        'programme_year,as_at,type,type_name,delivered,confirmed,in_discussion,illustrative',
      );
      assert.equal(rows.length, 1 + 10 + 1);
      assert.ok(
        rows.includes('2012-13,,corporate-peer-challenge,Corporate peer challenge,70,0,0,true'),
      );
      assert.ok(
        rows.includes(
          '2012-13,,childrens-safeguarding,Children’s safeguarding peer challenge,43,0,0,true',
        ),
      );
      assert.ok(
        rows.includes('2012-13,,adult-social-care,Adult social care peer challenge,7,0,0,true'),
      );
      assert.equal(rows.at(-1), '2012-13,,all,All types,136,0,0,true');
    }
    const asAt = await get(
      '/api/v1/peer-challenge/figures?year=2017-18&asAt=2017-09-30&format=csv',
    );
    assert.equal(csvRows(asAt.body).at(-1), '2017-18,2017-09-30,all,All types,35,54,23,true');
    assert.match(
      String(asAt.headers['content-disposition']),
      /filename="openlg-peer-challenge-figures-2017-18-2017-09-30\.csv"/,
    );
  });

  it('answers bad questions as problem documents', async () => {
    for (const [url, status, parameter] of [
      ['/api/v1/peer-challenge/figures?year=2012', 400, 'year'],
      ['/api/v1/peer-challenge/figures?year=2012-14', 400, 'year'],
      ['/api/v1/peer-challenge/figures?asAt=2017-02-30', 400, 'asAt'],
      ['/api/v1/peer-challenge/figures?format=xlsx', 400, 'format'],
      ['/api/v1/peer-challenge/figures?colour=red', 400, 'colour'],
      ['/api/v1/peer-challenge/figures?year=2030-31', 404, undefined],
      ['/api/v1/peer-challenge/figures?year=2017-18&asAt=2011-01-01', 404, undefined],
    ] as const) {
      const response = await get(url);
      assert.equal(response.statusCode, status, url);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/, url);
      const body = response.json<{ status: number; parameter?: string }>();
      assert.equal(body.status, status);
      assert.equal(body.parameter, parameter, url);
    }
  });

  it('is in the OpenAPI document', async () => {
    const document = (await get('/api/v1/openapi.json')).json<{
      paths: Record<string, { get?: { parameters?: { name?: string }[] } }>;
    }>();
    const figures = document.paths['/api/v1/peer-challenge/figures']?.get;
    assert.ok(figures);
    const names = (figures.parameters ?? []).map((p) => p.name);
    for (const name of ['year', 'asAt', 'format']) assert.ok(names.includes(name), name);
  });

  it('shows the figures on a page, the latest year by default', async () => {
    const page = await get('/peer-challenge/figures');
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /In 2017\/18: 35 challenges delivered, 54 confirmed and 23 in discussion\./,
    );
    assert.match(page.body, /Illustrative records/);
    const y2012 = await get('/peer-challenge/figures?year=2012-13&asAt=');
    assert.equal(y2012.statusCode, 200);
    assert.match(
      y2012.body,
      /In 2012\/13: 136 challenges delivered, 0 confirmed and 0 in discussion\./,
    );
    const row = (name: string, n: number) => new RegExp(`${name}</th>\\s*<td[^>]*>${n}</td>`);
    assert.match(y2012.body, row('Corporate peer challenge', 70));
    assert.match(y2012.body, row('Children’s safeguarding peer challenge', 43));
    assert.match(y2012.body, row('Adult social care peer challenge', 7));
    assert.match(
      y2012.body,
      /href="\/api\/v1\/peer-challenge\/figures\?year=2012-13&amp;format=csv"/,
    );
    const asAt = await get('/peer-challenge/figures?year=2017-18&asAt=2017-09-30');
    assert.match(
      asAt.body,
      /In 2017\/18, as at 2017-09-30: 35 challenges delivered, 54 confirmed and 23 in discussion\./,
    );
    const bad = await get('/peer-challenge/figures?year=2012');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Programme year: must be a financial year such as 2012-13\./);
    const none = await get('/peer-challenge/figures?year=2030-31');
    assert.equal(none.statusCode, 404);
    assert.match(none.body, /No peer challenge is recorded for the programme year “2030-31”\./);
  });

  it('opens the programme with its record and the way to each part, from every page', async () => {
    const { years } = await answer('/api/v1/peer-challenge/figures');
    const delivered = years.reduce((sum, y) => sum + y.total.delivered, 0);
    assert.ok(delivered >= 96 + 136 + 35);
    const page = await get('/peer-challenge');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`${delivered} challenges delivered between 2011/12 and 2017/18`));
    for (const part of ['figures', 'coverage', 'reports', 'feedback', 'peer-days'])
      assert.ok(page.body.includes(`href="/peer-challenge/${part}"`), part);
    assert.match((await get('/metrics')).body, /href="\/peer-challenge"[^>]*>\s*Peer challenge/);
    // The home page leads to both programmes: peer challenge and the budget simulations.
    const home = (await get('/')).body;
    assert.ok(home.includes('href="/peer-challenge"') && home.includes('href="/simulations"'));
  });

  describe('a challenge recorded by a person', () => {
    const actor = async (role: Role): Promise<PageActor> => {
      const user = await newUser(t.database, { role });
      return {
        viewer: {
          userId: user.id,
          name: user.name,
          email: user.email,
          csrfToken: 'x',
          sessionHash: 'x',
          memberships: [{ organisation: 'lga', role }],
        },
        email: user.email,
        address: '192.0.2.1',
      };
    };
    const input = {
      type: 'corporate-peer-challenge',
      areaCode: 'e06000001',
      programmeYear: '2019-20',
      window: { start: '2019-10-01', end: '2019-10-31' },
      onSite: { start: '2019-10-08', end: '2019-10-11' },
      transitions: [
        { to: 'requested', on: '2019-03-01' },
        { to: 'scoping', on: '2019-05-01' },
        { to: 'feedback-given', on: '2019-10-11' },
      ],
    } satisfies ChallengeInput;

    it('is refused to a role that does not manage the programme', async () => {
      await assert.rejects(
        services.peerChallenges.record(await actor('analyst'), input),
        ForbiddenError,
      );
    });

    it('is stored with its dated changes, audited, and counted at once', async () => {
      const before = await get('/api/v1/peer-challenge/figures');
      const manager = await actor('peer-challenge-manager');
      const id = await services.peerChallenges.record(manager, input);
      const transitions = await t.database.db
        .selectFrom('peer_challenge_transitions')
        .select(['from_state', 'to_state', 'on_date', 'by_user_id'])
        .where('challenge_id', '=', id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        transitions.map((r) => [r.from_state, r.to_state, r.on_date, r.by_user_id]),
        [
          [null, 'requested', '2019-03-01', manager.viewer.userId],
          ['requested', 'scoping', '2019-05-01', manager.viewer.userId],
          ['scoping', 'feedback-given', '2019-10-11', manager.viewer.userId],
        ],
      );
      const [event] = await auditEvents(t.database.db, 1);
      assert.equal(event?.action, 'peer-challenge-recorded');
      assert.equal(event?.subject, 'E06000001');
      // The answer kept for the same address is not served again: the records changed.
      const after = await get('/api/v1/peer-challenge/figures', {
        'if-none-match': String(before.headers.etag),
      });
      assert.equal(after.statusCode, 200);
      const [y2019] = after.json<Answer>().years.filter((y) => y.year === '2019-20');
      assert.deepEqual(y2019?.total, { delivered: 1, confirmed: 0, inDiscussion: 0 });
    });

    it('refuses changes of state dated out of order', async () => {
      await assert.rejects(
        services.peerChallenges.record(await actor('peer-challenge-manager'), {
          ...input,
          transitions: [
            { to: 'requested', on: '2019-03-01' },
            { to: 'scoping', on: '2019-02-01' },
          ],
        }),
        /dated on or after the one before/,
      );
    });
  });
});
