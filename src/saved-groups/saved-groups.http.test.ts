import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEvents } from '../accounts/accounts.repository.ts';
import { ApiKeysService } from '../accounts/api-keys.service.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { assertErrorSummary } from '../testing/forms.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { importValues } from '../testing/values.ts';

const council = 'E06000001';
const withoutNonces = (text: string) => text.replaceAll(/nonce="[^"]*"/g, '');

interface Person {
  cookie: string;
  csrf: string;
  key: string;
  email: string;
}

describe('saved groups at /account/groups, and as group=saved:<id>', () => {
  let t: TestApp;
  const people = new Map<string, Person>();
  const person = (who: string) => {
    const found = people.get(who);
    assert.ok(found, who);
    return found;
  };
  const page = (url: string, who?: string) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: person(who).cookie } : {} });
  const api = (url: string, who?: string) =>
    t.app.inject({
      method: 'GET',
      url,
      headers: who ? { authorization: `Bearer ${person(who).key}` } : {},
    });
  const post = (url: string, who: string, form: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: person(who).cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ csrf: person(who).csrf, ...form }).toString(),
    });
  /** Saves a group through the form; its id, from where the answer goes next. */
  const save = async (who: string, form: Record<string, string>) => {
    const response = await post('/account/groups', who, form);
    assert.equal(response.statusCode, 303, response.body);
    const id = /saved=(\d+)/.exec(String(response.headers.location))?.[1];
    assert.ok(id);
    return id;
  };
  const compare = (id: string) =>
    `/api/v1/compare?metric=test-measure&area=${council}&group=saved:${id}`;

  before(async () => {
    t = await openTestApp(undefined, { OPENLG_RATE_LIMIT: '0' });
    const db = t.database;
    await importValues(db, 'test-measure', '2023', {
      E06000001: 10,
      E06000002: 20,
      E06000003: 30,
      E06000004: 40,
    });
    const keys = new ApiKeysService(db.db);
    const made = { userId: null, actor: 'test', origin: null };
    const roles = [
      ['owner', council, 'analyst'],
      ['colleague', council, 'data-steward'],
      ['admin', council, 'organisation-admin'],
      ['stranger', 'E06000002', 'analyst'],
    ] as const;
    for (const [who, organisation, role] of roles) {
      const user = await newUser(db, { organisation, role });
      const session = await sessionFor(db, user.id);
      const { key } = await keys.create(user.email, who, made);
      people.set(who, { ...session, key, email: user.email });
    }
  });
  after(() => t.close());

  it('sends the public to sign in, and keeps its pages out of every cache', async () => {
    const anonymous = await page('/account/groups');
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, '/sign-in?next=/account/groups');
    const listed = await page('/account/groups', 'owner');
    assert.equal(listed.statusCode, 200);
    assert.equal(listed.headers['cache-control'], 'private, no-store');
    const forged = await t.app.inject({
      method: 'POST',
      url: '/account/groups',
      headers: { cookie: person('owner').cookie },
      payload: { name: 'x' },
    });
    assert.equal(forged.statusCode, 403);
  });

  it('says every problem at once in the error summary, keeping what was typed', async () => {
    const response = await post('/account/groups', 'owner', {
      name: ' ',
      visibility: 'organisation',
      areas: 'Hartlepool\nNowhere-upon-Sea',
    });
    assert.equal(response.statusCode, 400);
    assertErrorSummary(response.body, [
      'Enter a name for the group',
      'Choose the organisation to share it with',
      'No council is called “Nowhere-upon-Sea”',
    ]);
    assert.match(response.body, /Hartlepool \(E06000001\)\nNowhere-upon-Sea<\/textarea>/);
    assert.match(response.body, /value="organisation" checked/);
    assert.match(response.body, /<title>Error: /);
  });

  it('saves a private group, audited, usable by its owner alone', async () => {
    const id = await save('owner', {
      name: 'Tees peers',
      visibility: 'private',
      areas: 'Hartlepool, E06000002\nE06000003',
    });
    const listed = await page(`/account/groups?saved=${id}`, 'owner');
    assert.match(listed.body, /“Tees peers” is saved/);
    assert.match(listed.body, new RegExp(`saved:${id}-tees-peers`));
    const [event] = await auditEvents(t.database.db, 1);
    assert.deepEqual([event?.action, event?.actor], ['saved-group-created', person('owner').email]);

    const mine = await api(compare(id), 'owner');
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal(mine.headers['cache-control'], 'private, no-store');
    assert.equal(mine.headers.etag, undefined);
    assert.deepEqual(
      [mine.json().group.id, mine.json().group.label, mine.json().group.size],
      [`saved:${id}-tees-peers`, 'Tees peers', 3],
    );
    const kept = () => t.database.db.selectFrom('council_profiles').select('group_key').execute();
    const keptBefore = await kept();
    const profile = await page(`/areas/${council}?group=saved:${id}`, 'owner');
    assert.deepEqual(await kept(), keptBefore, 'no kept profile is written for a saved group');
    assert.equal(profile.statusCode, 200);
    assert.match(profile.body, /Tees peers/);
    assert.equal(profile.headers['cache-control'], 'private, no-store');
    // Its page offers the group among those to compare with.
    assert.match(
      profile.body,
      new RegExp(`value="saved:${id}-tees-peers" selected>Tees peers \\(saved group\\)`),
    );

    // Anyone else is told what an unknown group tells them, word for word.
    const unknownApi = await api(compare('999999'));
    const unknownPage = await page(`/areas/${council}?group=saved:999999`);
    for (const who of [undefined, 'stranger', 'colleague']) {
      const hidden = await api(compare(id), who);
      assert.equal(hidden.statusCode, 404, `${who}`);
      assert.equal(
        hidden.body.replaceAll(`saved:${id}`, 'N'),
        unknownApi.body.replaceAll('saved:999999', 'N'),
      );
      const shown = await page(`/areas/${council}?group=saved:${id}`, who);
      assert.equal(shown.statusCode, 404);
      if (who === undefined)
        assert.equal(
          withoutNonces(shown.body).replaceAll(`saved:${id}`, 'N'),
          withoutNonces(unknownPage.body).replaceAll('saved:999999', 'N'),
        );
      const data = await api(`/api/v1/data?metric=test-measure&group=saved:${id}`, who);
      assert.equal(data.statusCode, 404);
    }
  });

  it('shares an organisation group with its members, who fill the compare page from it', async () => {
    const id = await save('owner', {
      name: 'Our benchmark',
      visibility: 'organisation',
      organisation: council,
      areas: 'E06000004\nE06000001',
    });
    const filled = await page(`/compare?group=saved:${id}`, 'colleague');
    assert.equal(filled.statusCode, 200);
    assert.match(filled.body, /The councils of Our benchmark are filled in/);
    assert.match(filled.body, /Stockton-on-Tees \(E06000004\)\nHartlepool \(E06000001\)/);
    const data = await api(`/api/v1/data?metric=test-measure&group=saved:${id}`, 'colleague');
    assert.equal(data.statusCode, 200, data.body);
    assert.equal(data.headers['cache-control'], 'private, no-store');
    assert.deepEqual(
      data
        .json()
        .observations.map((o: { area: string }) => o.area)
        .sort(),
      ['E06000001', 'E06000004'],
    );
    const stranger = await page(`/compare?group=saved:${id}`, 'stranger');
    assert.equal(stranger.statusCode, 400);
    assert.ok(!stranger.body.includes('Our benchmark'));
    assert.match(stranger.body, /no longer exists/);

    // Its organisation's administrator may change it; a colleague may use it but not change it.
    assert.equal((await page(`/account/groups/${id}/edit`, 'colleague')).statusCode, 403);
    assert.equal((await page(`/account/groups/${id}/edit`, 'stranger')).statusCode, 404);
    const form = await page(`/account/groups/${id}/edit`, 'admin');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Stockton-on-Tees \(E06000004\)\nHartlepool \(E06000001\)<\/textarea>/);
    const changed = await post(`/account/groups/${id}`, 'admin', {
      name: 'Our benchmark, 2025',
      visibility: 'organisation',
      organisation: council,
      areas: 'E06000001\nE06000002\nE06000004',
    });
    assert.equal(changed.statusCode, 303, changed.body);
    const after = await api(compare(id), 'colleague');
    assert.equal(after.json().group.label, 'Our benchmark, 2025');
  });

  it('lets anyone use a public group, never keeping or validating its answers', async () => {
    const id = await save('owner', {
      name: 'Open set',
      visibility: 'public',
      areas: 'E06000001\nE06000003',
    });
    const first = await api(compare(id));
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.headers['cache-control'], 'no-cache');
    assert.equal(first.headers.etag, undefined);
    // Changed by its owner, the next answer says so at once: nothing kept the first.
    const changed = await post(`/account/groups/${id}`, 'owner', {
      name: 'Open set',
      visibility: 'public',
      areas: 'E06000001\nE06000002\nE06000003',
    });
    assert.equal(changed.statusCode, 303);
    assert.equal((await api(compare(id))).json().group.size, 3);
    // With a key the same answer is for its holder alone.
    const keyed = await api(compare(id), 'stranger');
    assert.equal(keyed.headers['cache-control'], 'private, no-store');
    const listed = await page('/account/groups', 'stranger');
    assert.match(listed.body, /Public groups[\s\S]*Open set/);
    assert.ok(!listed.body.includes('Tees peers'));
  });

  it('shows a group’s name as text, never as markup', async () => {
    const id = await save('owner', {
      name: '<script>alert(1)</script>',
      visibility: 'public',
      areas: council,
    });
    for (const response of [
      await page(`/account/groups?saved=${id}`, 'stranger'),
      await page(`/account/groups?saved=${id}`, 'owner'),
    ]) {
      assert.ok(!response.body.includes('<script>alert'), 'escaped');
      assert.match(response.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    }
    await post(`/account/groups/${id}/delete`, 'owner', {});
  });

  it('deletes a group after asking, audited; it is then not found', async () => {
    const id = await save('owner', { name: 'Short-lived', visibility: 'private', areas: council });
    assert.equal((await page(`/account/groups/${id}/delete`, 'stranger')).statusCode, 404);
    const asked = await page(`/account/groups/${id}/delete`, 'owner');
    assert.match(asked.body, /Delete “Short-lived”\?/);
    const deleted = await post(`/account/groups/${id}/delete`, 'owner', {});
    assert.equal(deleted.statusCode, 303);
    assert.match(String(deleted.headers.location), /deleted=Short-lived/);
    assert.equal((await api(compare(id), 'owner')).statusCode, 404);
    const [event] = await auditEvents(t.database.db, 1);
    assert.deepEqual([event?.action, event?.subject], ['saved-group-deleted', `saved:${id}`]);
  });

  it('offers to save the compared councils when someone is signed in', async () => {
    const url = `/compare?areas=E06000001,E06000002&metrics=test-measure`;
    const signedIn = await page(url, 'owner');
    assert.match(signedIn.body, /href="\/account\/groups\/new\?areas=E06000001%2CE06000002"/);
    assert.ok(!(await page(url)).body.includes('Save these councils as a group'));
    const form = await page('/account/groups/new?areas=E06000001%2CE06000002', 'owner');
    assert.match(form.body, /Hartlepool \(E06000001\)\nMiddlesbrough \(E06000002\)<\/textarea>/);
  });
});
