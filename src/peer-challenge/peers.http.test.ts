import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../app/services.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { assertErrorSummary } from '../testing/forms.ts';
import { HttpBrowser } from '../testing/http-browser.ts';

/*
 * The programme team's record of a peer over HTTP: adding one who never signs in and one who
 * does (linked by email), every problem reported with the GOV.UK error summary and what was
 * typed kept, changing a record, and nobody else reaching either form.
 */
describe('the programme team’s peer records', () => {
  let t: TestApp;
  let services: Services;
  let manager: HttpBrowser;
  let steward: HttpBrowser;
  let peerUserId = 0;
  const lga = { memberships: [{ organisation: 'lga', role: 'peer-challenge-manager' as const }] };

  before(async () => {
    t = await openTestApp();
    services = createServices(t.database);
    const boss = await newUser(t.database, { role: 'peer-challenge-manager', organisation: 'lga' });
    manager = new HttpBrowser(t.app);
    await manager.signIn(boss.email, boss.password);
    const other = await newUser(t.database, { role: 'data-steward', organisation: 'E06000001' });
    steward = new HttpBrowser(t.app);
    await steward.signIn(other.email, other.password);
    peerUserId = (await newUser(t.database, { email: 'leader.peer@example.org' })).id;
  });
  after(() => t.close());

  const valid = {
    kind: 'member',
    name: 'Alex Leader',
    email: 'Leader.Peer@example.org',
    homeCouncil: 'Sunderland',
    party: 'Labour',
    roles: 'lead-member-peer',
    roleTitle: 'Leader',
    specialisms: 'Finance, housing',
    accreditedOn: '2024-05-01',
    trainedOn: '',
    availability: '2027-03-01 to 2027-03-31',
    conflicts: 'Hartlepool: former employer',
  };

  it('reports every problem with the form, keeping what was typed, and stores nothing', async () => {
    const refused = await manager.submit('/peer-challenge/peers/new', {
      ...valid,
      name: '',
      roles: '',
      accreditedOn: 'last May',
      // Fits the pattern, but no month 13: refused, not a server error.
      availability: '2027-13-01 to 2027-13-05',
      conflicts: 'Hartlepool',
    });
    assert.equal(refused.statusCode, 400);
    assertErrorSummary(refused.body, [
      'Enter the peer’s name',
      'Choose at least one role they can fill',
      'Enter a real date, such as 2027-03-01, or leave it empty',
      'Each window must be real dates',
      'Enter each conflict on its own line as council: reason',
    ]);
    assert.ok(refused.body.includes('value="last May"') && refused.body.includes('>Hartlepool<'));
    const unknown = await manager.submit('/peer-challenge/peers/new', {
      ...valid,
      homeCouncil: 'Atlantis',
      conflicts: 'Nowhere: a feud',
    });
    assert.equal(unknown.statusCode, 400);
    assertErrorSummary(unknown.body, [
      'No English council is called “Atlantis”',
      'Conflicts: No English council is called “Nowhere”',
    ]);
    assert.ok(unknown.body.includes('value="Atlantis"'));
    assert.equal((await services.peerPool.pool(lga)).peers.length, 0);
  });

  it('adds a peer, linked to the user with their email, conflicts resolved to codes', async () => {
    const added = await manager.submit('/peer-challenge/peers/new', valid);
    assert.equal(added.statusCode, 303);
    const [peer] = (await services.peerPool.pool(lga)).peers;
    assert.ok(peer);
    assert.deepEqual(
      [peer.home_area_code, peer.user_id, peer.specialisms, peer.conflicts],
      [
        'E08000024',
        peerUserId,
        ['finance', 'housing'],
        [{ areaCode: 'E06000001', reason: 'former employer' }],
      ],
    );
    const edit = await manager.request('GET', `/peer-challenge/peers/${peer.id}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.ok(edit.body.includes('Hartlepool: former employer'));
    const changed = await manager.submit(
      `/peer-challenge/peers/${peer.id}/edit`,
      { ...valid, kind: 'officer', party: 'Labour' },
      `/peer-challenge/peers/${peer.id}/edit`,
    );
    assertErrorSummary(changed.body, ['Officer peers serve for no party']);
    const saved = await manager.submit(`/peer-challenge/peers/${peer.id}/edit`, {
      ...valid,
      email: '',
      roleTitle: 'Cabinet member for finance',
    });
    assert.equal(saved.statusCode, 303);
    const [after] = (await services.peerPool.pool(lga)).peers;
    assert.deepEqual([after?.role_title, after?.user_id], ['Cabinet member for finance', null]);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'in', ['peer-added', 'peer-updated'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['peer-added', 'peer-updated'],
    );
  });

  it('lets nobody but the programme’s managers reach the forms', async () => {
    const [peer] = (await services.peerPool.pool(lga)).peers;
    const edit = `/peer-challenge/peers/${peer?.id ?? 0}/edit`;
    for (const url of ['/peer-challenge/peers/new', edit]) {
      assert.equal((await steward.request('GET', url)).statusCode, 403, url);
      assert.equal((await new HttpBrowser(t.app).request('GET', url)).statusCode, 303, url);
    }
    const posted = await steward.submit(
      '/peer-challenge/peers',
      valid,
      '/peer-challenge/peers/new',
    );
    assert.equal(posted.statusCode, 403);
    assert.equal((await services.peerPool.pool(lga)).peers.length, 1);
    assert.equal(
      (await manager.request('GET', '/peer-challenge/peers/99999/edit')).statusCode,
      404,
    );
  });
});
