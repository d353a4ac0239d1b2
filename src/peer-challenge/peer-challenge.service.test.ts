import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import { AuditService } from '../admin/admin.service.ts';
import type { Database } from '../db/database.ts';
import { NotFoundError } from '../shared/errors.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { ChallengeEventRefused, PeerChallengeService } from './peer-challenge.service.ts';

/*
 * A challenge's life through the state machine, on a real database: each event dated, saved
 * with its change of state and audited, refused with every problem and nothing changed when
 * the machine says no; and the deadlines read from what was saved.
 */
describe('a peer challenge moved through its life', () => {
  let database: Database;
  let service: PeerChallengeService;
  let manager: Parameters<PeerChallengeService['advance']>[0];
  let id = 0;

  before(async () => {
    database = await openRegisterDatabase();
    const { areas } = createServices(database);
    service = new PeerChallengeService(database.db, {
      areas,
      audit: new AuditService(database.db),
    });
    const user = await newUser(database, { role: 'peer-challenge-manager', organisation: 'lga' });
    manager = {
      viewer: {
        userId: user.id,
        memberships: [{ organisation: 'lga', role: 'peer-challenge-manager' }],
      },
      email: user.email,
      address: null,
    } as Parameters<PeerChallengeService['advance']>[0];
    id = await service.record(manager, {
      type: 'corporate-peer-challenge',
      areaCode: 'E06000001',
      programmeYear: '2026-27',
      transitions: [{ to: 'requested', on: '2026-05-01' }],
    });
  });
  after(() => database.close());

  const stateOf = async () =>
    await database.db
      .selectFrom('peer_challenges')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('refuses an event the state does not allow, with nothing changed', async () => {
    await assert.rejects(
      service.advance(manager, id, { kind: 'give-feedback', on: '2026-05-02' }),
      (error) => {
        assert.ok(error instanceof ChallengeEventRefused);
        assert.equal(error.problems[0]?.field, 'event');
        return true;
      },
    );
    assert.equal((await stateOf()).state, 'requested');
  });

  it('goes from requested to on site, dated, each change saved and audited', async () => {
    const events = [
      { kind: 'start-scoping', on: '2026-05-10' },
      { kind: 'book-window', on: '2026-05-11', window: { from: '2026-09-01', to: '2026-09-30' } },
      { kind: 'receive-position-statement', on: '2026-07-01' },
      { kind: 'assemble-team', on: '2026-07-15' },
      { kind: 'arrive-on-site', on: '2026-09-08' },
      { kind: 'give-feedback', on: '2026-09-11' },
    ];
    for (const event of events) await service.advance(manager, id, event, '2026-12-01');
    const row = await stateOf();
    assert.deepEqual(
      [row.state, row.window_start, row.window_end, row.on_site_start, row.on_site_end],
      ['feedback-given', '2026-09-01', '2026-09-30', '2026-09-08', '2026-09-11'],
    );
    const moves = await database.db
      .selectFrom('peer_challenge_transitions')
      .select(['to_state', 'on_date'])
      .where('challenge_id', '=', id)
      .orderBy('id')
      .execute();
    // Booking the window is not a change of state: six moves, with the request.
    assert.deepEqual(
      moves.map((m) => `${m.to_state} ${m.on_date}`),
      [
        'requested 2026-05-01',
        'scoping 2026-05-10',
        'position-statement-received 2026-07-01',
        'team-assembled 2026-07-15',
        'on-site 2026-09-08',
        'feedback-given 2026-09-11',
      ],
    );
    const audited = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'peer-challenge-advanced')
      .execute();
    assert.equal(audited.length, events.length);
  });

  it('counts the deadlines from the last day on site, overdue when missed', async () => {
    const due = await service.deadlinesOf(id, '2026-12-01');
    assert.deepEqual(
      due.map((d) => [d.kind, d.dueBy, d.status.state]),
      [
        ['report', '2026-12-11', 'due'],
        ['action-plan', '2026-12-11', 'due'],
        ['progress-review', '2027-09-11', 'upcoming'],
      ],
    );
    const late = await service.deadlinesOf(id, '2026-12-20');
    assert.equal(late[0]?.status.state, 'overdue');
  });

  it('refuses an event dated before the state it leaves, saying so', async () => {
    await assert.rejects(
      service.advance(manager, id, { kind: 'draft-report', on: '2026-09-01' }),
      (error) => {
        assert.ok(error instanceof ChallengeEventRefused);
        assert.equal(error.problems[0]?.field, 'on');
        return true;
      },
    );
    assert.equal((await stateOf()).state, 'feedback-given');
  });

  it('lets only the programme’s managers move a challenge, and no one else find it', async () => {
    const steward = await newUser(database, { role: 'data-steward', organisation: 'E06000001' });
    const other = {
      viewer: {
        userId: steward.id,
        memberships: [{ organisation: 'E06000001', role: 'data-steward' }],
      },
      email: steward.email,
      address: null,
    } as Parameters<PeerChallengeService['advance']>[0];
    await assert.rejects(
      service.advance(other, id, { kind: 'draft-report', on: '2026-10-01' }),
      NotFoundError,
    );
  });
});
