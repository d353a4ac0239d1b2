import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEvents } from '../accounts/accounts.repository.ts';
import { errorSummaryOf } from '../testing/forms.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { sessionFor } from '../testing/signed-in.ts';
import {
  hartlepool,
  importAskedMetrics,
  middlesbrough,
  newPeople,
  type Who,
} from './collections.fixture.ts';

/** The error summary's list, where every problem with a form is said. */

/** A new collection's form as an administrator fills it in, with `change` typed over it. */
const collectionForm = (change: Record<string, string> = {}) => ({
  title: 'Housing returns',
  period: '2024/25',
  deadline: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
  metrics: 'homes-built\nempty-homes-rate',
  councils: `${hartlepool}\n${middlesbrough}`,
  ...change,
});

describe('data collections at /admin/collections and /organisations/{code}/collections', () => {
  let t: TestApp;
  let id = '';
  let sessions: Record<Who, { cookie: string; csrf: string }>;
  const page = (url: string, who?: Who) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: sessions[who].cookie } : {} });
  const post = (url: string, who: Who, form: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: sessions[who].cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ csrf: sessions[who].csrf, ...form }).toString(),
    });
  const returnUrl = (code = hartlepool) => `/organisations/${code}/collections/${id}`;

  before(async () => {
    t = await openTestApp(undefined, { OPENLG_RATE_LIMIT: '0' });
    await importAskedMetrics(t.database);
    const people = await newPeople(t.database);
    sessions = {
      admin: await sessionFor(t.database, people.admin.id),
      steward: await sessionFor(t.database, people.steward.id),
      analyst: await sessionFor(t.database, people.analyst.id),
      other: await sessionFor(t.database, people.other.id),
    };
  });
  after(() => t.close());

  it('sends the public to sign in, refuses stewards the admin pages, and keeps pages private', async () => {
    const anonymous = await page('/admin/collections');
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, '/sign-in?next=/admin/collections');
    const council = await page(`/organisations/${hartlepool}/collections`);
    assert.equal(council.statusCode, 303);
    assert.equal(
      council.headers.location,
      `/sign-in?next=%2Forganisations%2F${hartlepool}%2Fcollections`,
    );
    assert.equal((await page('/admin/collections', 'steward')).statusCode, 403);
    assert.equal((await page('/admin/collections/new', 'steward')).statusCode, 403);
    const listed = await page('/admin/collections', 'admin');
    assert.equal(listed.statusCode, 200);
    assert.equal(listed.headers['cache-control'], 'private, no-store');
  });

  it('says every problem with a new collection at once, keeping what was typed', async () => {
    const response = await post(
      '/admin/collections',
      'admin',
      collectionForm({
        title: ' ',
        period: 'sometime',
        deadline: '31/01/2027',
        councils: 'Hartlepool',
      }),
    );
    assert.equal(response.statusCode, 400);
    const summary = errorSummaryOf(response.body);
    for (const text of [
      'Enter a title for the collection',
      'Enter a period such as 2024/25',
      'Enter the deadline as a date',
      'Enter each council by its GSS code',
    ])
      assert.ok(summary.includes(text), text);
    assert.match(response.body, /value="sometime"/);
    const unknown = await post(
      '/admin/collections',
      'admin',
      collectionForm({ metrics: 'homes-built\nno-such-metric' }),
    );
    assert.equal(unknown.statusCode, 400);
    assert.match(errorSummaryOf(unknown.body), /No metric has the slug no-such-metric/);
    const past = await post(
      '/admin/collections',
      'admin',
      collectionForm({ deadline: '2020-01-31' }),
    );
    assert.match(errorSummaryOf(past.body), /The deadline must be today or later/);
    assert.match(unknown.body, /homes-built\nno-such-metric<\/textarea>/);
  });

  it('creates a collection, shown on the tracker with each council not started', async () => {
    const response = await post('/admin/collections', 'admin', collectionForm());
    assert.equal(response.statusCode, 303, response.body);
    id = /\/admin\/collections\/(\d+)/.exec(String(response.headers.location))?.[1] ?? '';
    assert.ok(id);
    const tracker = await page(`/admin/collections/${id}`, 'admin');
    assert.equal(tracker.statusCode, 200);
    assert.match(tracker.body, /Housing returns/);
    assert.equal(tracker.body.match(/>\s*Not started\s*</g)?.length, 2);
    const [event] = await auditEvents(t.database.db, 1);
    assert.equal(event?.action, 'collection-created');
  });

  it('lets the council’s stewards alone open its return', async () => {
    const account = await page('/account', 'steward');
    assert.match(account.body, new RegExp(`href="/organisations/${hartlepool}/collections"`));
    assert.match((await page('/account', 'admin')).body, /href="\/admin\/collections"/);
    const listed = await page(`/organisations/${hartlepool}/collections`, 'steward');
    assert.equal(listed.statusCode, 200);
    assert.match(listed.body, new RegExp(`href="${returnUrl()}"`));
    assert.equal((await page(returnUrl(), 'steward')).statusCode, 200);
    assert.equal((await page(returnUrl(), 'other')).statusCode, 403);
    assert.equal((await page(returnUrl(), 'analyst')).statusCode, 403);
    assert.equal(
      (await page(`/organisations/${hartlepool}/collections`, 'analyst')).statusCode,
      403,
    );
    assert.equal((await post(returnUrl(), 'other', { action: 'draft' })).statusCode, 403);
    const forged = await t.app.inject({
      method: 'POST',
      url: returnUrl(),
      headers: {
        cookie: sessions.steward.cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'action=draft&csrf=wrong',
    });
    assert.equal(forged.statusCode, 403);
    assert.equal(
      (await page(`/organisations/E06000003/collections/${id}`, 'admin')).statusCode,
      404,
    );
  });

  it('checks each figure, and says every problem keeping what was typed', async () => {
    const response = await post(returnUrl(), 'steward', {
      action: 'submit',
      'value-homes-built': '12.345',
      'value-empty-homes-rate': '140',
      'note-homes-built': 'Counted in March',
    });
    assert.equal(response.statusCode, 400);
    const summary = errorSummaryOf(response.body);
    assert.match(summary, /Enter Test homes-built with 2 decimal places or fewer/);
    assert.match(summary, /Test empty-homes-rate must be a percentage between 0 and 100/);
    assert.match(response.body, /value="12.345"/);
    assert.match(response.body, /value="Counted in March"/);
    assert.match(response.body, /<title>Error: /);
    const missing = await post(returnUrl(), 'steward', {
      action: 'submit',
      'value-homes-built': '',
      'missing-empty-homes-rate': 'suppressed',
      'value-empty-homes-rate': '4',
    });
    assert.match(errorSummaryOf(missing.body), /Enter Test homes-built, or say why it is missing/);
    assert.match(errorSummaryOf(missing.body), /or say why it is missing, not both/);
  });

  it('saves a draft, then submits it, each audited and shown on the tracker', async () => {
    const draft = await post(returnUrl(), 'steward', {
      action: 'draft',
      'value-homes-built': '1,250',
    });
    assert.equal(draft.statusCode, 303, draft.body);
    const shown = await page(String(draft.headers.location), 'steward');
    assert.match(shown.body, /Your draft is saved/);
    assert.match(shown.body, /value="1250"/);
    const drafts = await page(`/admin/collections/${id}?state=draft`, 'admin');
    assert.match(drafts.body, /Hartlepool/);
    assert.doesNotMatch(drafts.body, /Middlesbrough/);

    const submitted = await post(returnUrl(), 'steward', {
      action: 'submit',
      'value-homes-built': '1250',
      'missing-empty-homes-rate': 'not-available',
    });
    assert.equal(submitted.statusCode, 303, submitted.body);
    const actions = (await auditEvents(t.database.db, 2)).map((e) => e.action);
    assert.deepEqual(actions, ['collection-return-submitted', 'collection-draft-saved']);
    const tracker = await page(`/admin/collections/${id}?state=submitted`, 'admin');
    assert.match(tracker.body, /Hartlepool/);
    assert.match(tracker.body, />\s*Submitted\s*</);
  });

  it('publishes submitted returns for administrators only, embargoed if asked', async () => {
    const publish = `/admin/collections/${id}/publish`;
    assert.equal((await post(publish, 'steward', { when: 'now' })).statusCode, 403);
    const past = await post(publish, 'admin', { when: 'embargo', until: '2020-01-01T09:00' });
    assert.equal(past.statusCode, 400);
    assert.match(errorSummaryOf(past.body), /The embargo must end in the future/);
    const done = await post(publish, 'admin', { when: 'embargo', until: '2099-01-01T09:00' });
    assert.equal(done.statusCode, 303, done.body);
    assert.match(String(done.headers.location), /published=1/);
    const tracker = await page(`/admin/collections/${id}`, 'admin');
    assert.match(tracker.body, />\s*Published\s*</);
    const [event] = await auditEvents(t.database.db, 1);
    assert.equal(event?.action, 'collection-return-published');
    const published = await page(returnUrl(), 'steward');
    assert.match(published.body, /This return is published/);
    const publicValue = await t.app.inject({
      method: 'GET',
      url: `/api/v1/data?metric=homes-built&area=${hartlepool}&period=2023-04-01/P1Y..`,
    });
    assert.equal(publicValue.statusCode, 200, publicValue.body);
    assert.match(publicValue.body, /120/);
    assert.doesNotMatch(publicValue.body, /1250/);
  });
});
