import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { BadRequestError } from '../shared/errors.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import { auditEvents } from './accounts.repository.ts';
import { AccountsService } from './accounts.service.ts';
import { clubsCommand, type ClubsFlags } from './clubs.command.ts';
import { ClubsService } from './clubs.service.ts';

describe('openlg clubs', () => {
  let database: Database;
  let clubs: ClubsService;
  const run = async (args: string[], flags: ClubsFlags = {}) => {
    let text = '';
    const code = await clubsCommand(clubs, args, flags, (t) => (text += t));
    return { code, text };
  };
  before(async () => {
    database = await openRegisterDatabase();
    const accounts = new AccountsService(database.db, { idleSeconds: 3600, maxSeconds: 43_200 });
    clubs = new ClubsService(database.db, accounts);
  });
  after(() => database.close());

  it('makes a club, puts councils in it and takes them out, audited', async () => {
    assert.equal((await run(['create', 'tees-club'], { name: 'Tees club' })).code, 0);
    await run(['join', 'tees-club'], { council: 'E06000004' });
    await run(['join', 'tees-club'], { council: 'E06000001' });
    await run(['join', 'tees-club'], { council: 'E06000001' });
    assert.equal(
      (await run(['list', 'tees-club'])).text,
      'E06000001\tHartlepool Borough Council\nE06000004\tStockton-on-Tees Borough Council\n',
    );
    await run(['leave', 'tees-club'], { council: 'E06000004' });
    assert.equal(
      (await run(['list', 'tees-club'])).text,
      'E06000001\tHartlepool Borough Council\n',
    );
    const actions = (await auditEvents(database.db)).map((e) => `${e.action} ${e.subject}`);
    assert.deepEqual(actions.filter((a) => a.startsWith('club-member')).sort(), [
      'club-member-added tees-club',
      'club-member-added tees-club',
      'club-member-removed tees-club',
    ]);
  });

  it('refuses what is not a club, a council, or a slug', async () => {
    await assert.rejects(run(['join', 'lga'], { council: 'E06000001' }), BadRequestError);
    await assert.rejects(run(['join', 'tees-club'], { council: 'lga' }), BadRequestError);
    await assert.rejects(run(['join', 'tees-club'], { council: 'E99999999' }), BadRequestError);
    await assert.rejects(run(['create', 'Tees Club'], { name: 'x' }), BadRequestError);
    await assert.rejects(run(['create', 'lga'], { name: 'x' }), BadRequestError);
    await assert.rejects(run(['join', 'tees-club']), BadRequestError);
  });
});
