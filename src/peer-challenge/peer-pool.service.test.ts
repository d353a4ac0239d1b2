import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PageActor } from '../accounts/actor.ts';
import { createServices, type Services } from '../app/services.ts';
import type { Database } from '../db/database.ts';
import { ForbiddenError } from '../shared/errors.ts';
import { dataDir, openRegisterDatabase } from '../testing/app.ts';
import { pageActorOf } from '../accounts/accounts.fixture.ts';
import { newUser } from '../testing/fixtures.ts';
import { bordersFile } from './borders.ts';
import type { PeerInput } from './peer-pool.schema.ts';
import { TeamRefused } from './peer-pool.service.ts';

/*
 * The peer pool on a real database and the real register and border lookup: a team proposed
 * for Hartlepool never takes a peer from a council bordering it, whatever else they offer; a
 * manager confirms it, adding a left-out peer only with a reason, audited; a peer edits only
 * their own profile and answers their own invitation.
 */
const hartlepool = 'E06000001';
const window = { from: '2027-01-01', to: '2027-06-30' };

function peer(name: string, home: string, fields: Partial<PeerInput>): PeerInput {
  return {
    kind: 'officer',
    name,
    homeAreaCode: home,
    roles: ['officer-peer'],
    roleTitle: 'Director',
    accreditedOn: '2020-01-01',
    availability: [window],
    ...fields,
  };
}

const chiefExecutive = { roles: ['chief-executive-peer' as const], roleTitle: 'Chief executive' };
const member = (party: string) => ({
  kind: 'member' as const,
  party,
  roles: ['lead-member-peer' as const, 'member-peer' as const],
  roleTitle: 'Leader',
});

describe('the peer pool and team assembly', () => {
  let database: Database;
  let services: Services;
  let manager: PageActor;
  let challengeId = 0;
  const ids = new Map<string, number>();
  let bordering: string[] = [];

  before(async () => {
    database = await openRegisterDatabase();
    services = createServices(database);
    const user = await newUser(database, { role: 'peer-challenge-manager', organisation: 'lga' });
    manager = pageActorOf(user, 'lga', 'peer-challenge-manager');
    const lookup = JSON.parse(await readFile(path.join(dataDir, bordersFile), 'utf8')) as Record<
      string,
      [string[]]
    >;
    bordering = lookup[hartlepool]?.[0] ?? [];
    assert.deepEqual([...bordering].sort(), ['E06000003', 'E06000004', 'E06000047']);
    const pool: [string, PeerInput][] = [
      ['stockton-ce', peer('Stockton CE', 'E06000004', chiefExecutive)],
      ['durham-ce', peer('Durham CE', 'E06000047', chiefExecutive)],
      ['newcastle-ce', peer('Newcastle CE', 'E08000021', chiefExecutive)],
      ['redcar-leader', peer('Redcar Leader', 'E06000003', member('Labour'))],
      ['sunderland-leader', peer('Sunderland Leader', 'E08000024', member('Labour'))],
      ['northumberland-cllr', peer('Northumberland Cllr', 'E06000057', member('Conservative'))],
      ['gateshead-s151', peer('Gateshead s151', 'E08000037', { specialisms: ['finance'] })],
      [
        'leeds-conflicted',
        peer('Leeds officer', 'E08000035', {
          specialisms: ['finance'],
          conflicts: [{ areaCode: hartlepool, reason: 'Was its director of finance' }],
        }),
      ],
    ];
    for (const [key, input] of pool) ids.set(key, await services.peerPool.addPeer(manager, input));
    challengeId = await services.peerChallenges.record(manager, {
      type: 'corporate-peer-challenge',
      areaCode: hartlepool,
      programmeYear: '2026-27',
      window: { start: '2027-03-01', end: '2027-03-05' },
      transitions: [{ to: 'requested', on: '2026-09-01' }],
    });
    await database.db
      .updateTable('peer_challenges')
      .set({ leadership_party: 'Labour', scoping_specialisms: ['finance'] })
      .where('id', '=', challengeId)
      .execute();
  });
  after(() => database.close());

  const idOf = (key: string) => ids.get(key) ?? 0;

  it('proposes a team with no peer from Hartlepool’s bordering councils', async () => {
    const proposal = await services.peerPool.proposeTeam(manager.viewer, challengeId, dataDir);
    assert.equal(proposal.status, 'matched');
    if (proposal.status !== 'matched') return;
    assert.equal(proposal.result.status, 'proposed');
    if (proposal.result.status !== 'proposed') return;
    const chosen = proposal.result.team.flatMap((place) => place.peers.map((p) => p.id));
    const homes = chosen.map((id) => proposal.peers.get(id)?.home_area_code);
    for (const home of homes) assert.ok(home && !bordering.includes(home), home);
    assert.deepEqual(
      chosen.map(Number).sort((a, b) => a - b),
      ['newcastle-ce', 'sunderland-leader', 'northumberland-cllr', 'gateshead-s151']
        .map(idOf)
        .sort((a, b) => a - b),
    );
    const reasons = new Map(proposal.result.leftOut.map((l) => [Number(l.id), l.reasons]));
    assert.ok(reasons.get(idOf('stockton-ce'))?.includes('home council borders the council'));
    assert.ok(reasons.get(idOf('redcar-leader'))?.includes('home council borders the council'));
    assert.ok(
      reasons.get(idOf('leeds-conflicted'))?.includes('declared a conflict with the council'),
    );
  });

  it('refuses a left-out peer without a reason, and records one given', async () => {
    const proposed = [
      { peerId: idOf('newcastle-ce'), role: 'chief-executive-peer' as const },
      { peerId: idOf('sunderland-leader'), role: 'lead-member-peer' as const },
      { peerId: idOf('northumberland-cllr'), role: 'member-peer' as const },
      { peerId: idOf('gateshead-s151'), role: 'officer-peer' as const },
    ];
    const stockton = { peerId: idOf('stockton-ce'), role: 'officer-peer' as const };
    await assert.rejects(
      services.peerPool.confirmTeam(manager, challengeId, [...proposed, stockton], dataDir),
      (error) => {
        assert.ok(error instanceof TeamRefused);
        assert.deepEqual(error.problems, [
          {
            field: `reason-${idOf('stockton-ce')}`,
            text: 'Say why you add a peer the proposal left out',
          },
        ]);
        return true;
      },
    );
    assert.equal((await services.peerPool.team(manager.viewer, challengeId)).length, 0);
    const reason = 'Knows the Tees Valley combined authority well';
    await services.peerPool.confirmTeam(
      manager,
      challengeId,
      [...proposed, { ...stockton, overrideReason: reason }],
      dataDir,
    );
    const team = await services.peerPool.team(manager.viewer, challengeId);
    assert.equal(team.length, 5);
    assert.ok(team.every((m) => m.status === 'invited'));
    const overridden = team.find((m) => m.peer_id === idOf('stockton-ce'));
    assert.equal(overridden?.override_reason, reason);
    assert.equal(team.filter((m) => m.override_reason !== null).length, 1);
    const audit = await database.db
      .selectFrom('audit_events')
      .select(['action', 'subject'])
      .where('action', '=', 'peer-team-confirmed')
      .execute();
    assert.deepEqual(audit, [{ action: 'peer-team-confirmed', subject: hartlepool }]);
  });

  it('lets a peer change only their own profile, and answer their own invitation', async () => {
    const person = await newUser(database, { role: 'analyst', organisation: 'lga' });
    const actor: PageActor = {
      ...manager,
      viewer: { ...manager.viewer, userId: person.id, memberships: [] },
      email: person.email,
    };
    const change = {
      roleTitle: 'Leader of the council',
      specialisms: 'Finance, Economic development',
      availability: '2027-09-01 to 2027-09-30',
    };
    await assert.rejects(services.peerPool.updateOwnProfile(actor, change), ForbiddenError);
    await database.db
      .updateTable('peers')
      .set({ user_id: person.id })
      .where('id', '=', idOf('sunderland-leader'))
      .execute();
    await services.peerPool.updateOwnProfile(actor, change);
    const profile = await services.peerPool.ownProfile(actor.viewer);
    assert.equal(profile?.peer.id, idOf('sunderland-leader'));
    assert.equal(profile.peer.role_title, 'Leader of the council');
    assert.deepEqual(profile.peer.specialisms, ['finance', 'economic-development']);
    assert.deepEqual(profile.peer.availability, [{ from: '2027-09-01', to: '2027-09-30' }]);
    const others = await services.peerPool.pool(manager.viewer, {
      ids: [idOf('newcastle-ce')],
    });
    assert.equal(others.peers[0]?.role_title, 'Chief executive');
    await services.peerPool.answerInvitation(actor, challengeId, 'accept');
    const team = await services.peerPool.team(manager.viewer, challengeId);
    assert.equal(team.find((m) => m.peer_id === idOf('sunderland-leader'))?.status, 'accepted');
    const answered = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'in', ['peer-profile-updated', 'peer-invitation-answered'])
      .execute();
    assert.equal(answered.length, 2);
  });

  it('counts a peer’s invitations in the year against the cap', async () => {
    const second = await services.peerChallenges.record(manager, {
      type: 'corporate-peer-challenge',
      areaCode: 'E06000010',
      programmeYear: '2026-27',
      window: { start: '2027-04-01', end: '2027-04-05' },
      transitions: [{ to: 'requested', on: '2026-09-01' }],
    });
    await database.db
      .updateTable('peer_challenges')
      .set({ leadership_party: 'Labour' })
      .where('id', '=', second)
      .execute();
    const proposal = await services.peerPool.proposeTeam(manager.viewer, second, dataDir);
    assert.ok(proposal.status === 'matched');
    const reasons = new Map(proposal.result.leftOut.map((l) => [Number(l.id), l.reasons]));
    // Invited to one challenge this year, under the cap of two: still free to serve.
    assert.ok(!reasons.get(idOf('newcastle-ce'))?.some((r) => r.startsWith('already on')));
    const third = await services.peerChallenges.record(manager, {
      type: 'corporate-peer-challenge',
      areaCode: 'E06000011',
      programmeYear: '2026-27',
      window: { start: '2027-05-03', end: '2027-05-07' },
      transitions: [{ to: 'requested', on: '2026-09-01' }],
    });
    await database.db
      .updateTable('peer_challenges')
      .set({ leadership_party: 'Labour' })
      .where('id', '=', third)
      .execute();
    await database.db
      .insertInto('peer_challenge_members')
      .values({
        challenge_id: second,
        peer_id: idOf('newcastle-ce'),
        role: 'chief-executive-peer',
        status: 'accepted',
        override_reason: null,
      })
      .execute();
    const capped = await services.peerPool.proposeTeam(manager.viewer, third, dataDir);
    assert.ok(capped.status === 'matched');
    const cappedReasons = new Map(capped.result.leftOut.map((l) => [Number(l.id), l.reasons]));
    assert.ok(
      cappedReasons.get(idOf('newcastle-ce'))?.includes('already on 2 challenges this year'),
    );
  });

  it('loads the fictitious demo pool once, and the demo’s challenges find teams in it', async () => {
    await services.peerChallenges.loadScenario();
    const added = await services.peerPool.loadDemoPool();
    assert.equal(added, 300);
    assert.equal(await services.peerPool.loadDemoPool(), 0);
    const { peers } = await services.peerPool.pool(manager.viewer, {});
    const illustrative = peers.filter((p) => p.illustrative);
    assert.equal(illustrative.length, 300);
    assert.ok(illustrative.every((p) => p.name.endsWith('(illustrative)')));
    // The scenario records no leadership party: the pool's loader gives one, so a team is found.
    const booked = await database.db
      .selectFrom('peer_challenges')
      .select('id')
      .where('illustrative', '=', true)
      .where('type', '=', 'corporate-peer-challenge')
      .where('window_start', 'is not', null)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const proposal = await services.peerPool.proposeTeam(manager.viewer, booked.id, dataDir);
    assert.equal(proposal.status, 'matched', JSON.stringify(proposal).slice(0, 400));
  });

  it('loads the demo’s live challenge once, with the demo’s peer invited to it', async () => {
    const today = '2026-12-05';
    const live = await services.peerChallenges.loadLiveDemo(today);
    assert.equal(await services.peerChallenges.loadLiveDemo(today), live);
    const challenge = await services.peerChallenges.one(manager.viewer, live, today);
    assert.deepEqual(
      [challenge.facts.state, challenge.row.area_code, challenge.row.programme_year],
      ['scoping', 'E06000001', '2026-27'],
    );
    assert.ok((challenge.facts.window?.from ?? '') > today);
    const person = await newUser(database, { role: 'analyst', organisation: 'E08000024' });
    await services.peerPool.inviteDemoPeer(live, person.id);
    await services.peerPool.inviteDemoPeer(live, person.id);
    const own = await services.peerPool.ownProfile({ userId: person.id });
    assert.ok(own?.peer.illustrative);
    assert.deepEqual(
      own.invitations.map((i) => [i.challenge_id, i.status]),
      [[live, 'invited']],
    );
    const proposal = await services.peerPool.proposeTeam(manager.viewer, live, dataDir);
    assert.equal(proposal.status, 'matched', JSON.stringify(proposal).slice(0, 400));
  });
});
