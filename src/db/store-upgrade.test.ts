import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { GroupsService } from '../groups/groups.service.ts';
import { dataDir, openContextDatabase, openRegisterDatabase } from '../testing/app.ts';
import type { Database } from './database.ts';
import { up } from './migrations/0010-store-upgrade.ts';

/** A migration is written against any database, as the migrator runs it. */
const asMigrated = (database: Database) => database.db as unknown as Kysely<unknown>;

/** A store built by an earlier openlg, brought up to what this one builds (migration 0010). */
describe('upgrading a store built by an earlier openlg', () => {
  let database: Database;
  let groups: GroupsService;
  const kinds = async () =>
    Object.fromEntries(
      (
        await sql<{ kind: string; n: number }>`select kind, count(*)::int as n
          from area_groups group by kind`.execute(database.db)
      ).rows.map((r) => [r.kind, r.n]),
    );

  before(async () => {
    database = await openRegisterDatabase();
    groups = new GroupsService(database.db);
    await groups.ensureGroups(dataDir);
  });
  after(() => database.close());

  it('labels periods that held their raw code by their dates', async () => {
    await database.db
      .insertInto('periods')
      .values([
        {
          code: '2024-11-16/P1Y',
          type: 'other',
          label: '2024-11-16/P1Y',
          start_date: '2024-11-16',
          end_date: '2025-11-16',
        },
        {
          code: '2023-04-01/P1Y',
          type: 'financial-year',
          label: '2023/24',
          start_date: '2023-04-01',
          end_date: '2024-04-01',
        },
      ])
      .execute();
    await up(asMigrated(database));
    const labels = await database.db
      .selectFrom('periods')
      .select(['code', 'label'])
      .orderBy('code')
      .execute();
    assert.deepEqual(labels, [
      { code: '2023-04-01/P1Y', label: '2023/24' },
      { code: '2024-11-16/P1Y', label: '16 November 2024 to 15 November 2025' },
    ]);
  });

  it('rebuilds the register’s groups by today’s rules on the next start, keeping the rest', async () => {
    // An earlier openlg's tier group: today's councils only, none of those abolished.
    await database.db
      .updateTable('area_groups')
      .set({ description: 'Every current county council.' })
      .where('id', '=', 'tier:upper')
      .execute();
    await database.db
      .insertInto('area_groups')
      .values([
        { id: 'custom:kept', kind: 'custom', label: 'Kept', description: null },
        { id: 'nn:kept', kind: 'nearest-neighbours', label: 'Kept', description: null },
      ])
      .execute();
    await up(asMigrated(database));
    assert.deepEqual(await kinds(), { custom: 1, 'nearest-neighbours': 1 });
    assert.equal(await groups.ensureGroups(dataDir), false, 'the neighbours stay as they were');
    const after = await kinds();
    assert.ok((after['type'] ?? 0) > 10 && (after['region'] ?? 0) > 10, JSON.stringify(after));
    const upper = await groups.getGroup('tier:upper');
    assert.match(upper.description ?? '', /in the period compared/);
    assert.ok(
      upper.areas.some((a) => a.code === 'E10000002'),
      'Buckinghamshire CC, abolished 2020',
    );
  });
});

/** Neighbours an earlier version of a model stored: rebuilt by this one on the next start. */
describe('upgrading neighbours an earlier model version made', () => {
  let database: Database;
  let groups: GroupsService;
  const stored = (model: string) =>
    database.db
      .selectFrom('area_groups')
      .select(['label', 'description', 'model_version', 'updated_at'])
      .where('id', '=', `nn:${model}:e08000016`)
      .executeTakeFirstOrThrow();

  before(async () => {
    database = await openContextDatabase();
    groups = new GroupsService(database.db);
  });
  after(() => database.close());

  it('leaves a store its own version built as it is', async () => {
    assert.equal(await groups.ensureGroups(dataDir), false);
  });

  it('rebuilds the outdated model’s groups in plain words, and only that model’s', async () => {
    // What openlg 2026.1 stored for Barnsley, a metropolitan district.
    await database.db
      .updateTable('area_groups')
      .set({
        label: 'openlg nearest neighbours: counties and unitaries',
        description: 'Councils that run upper-tier services',
        model_version: '2026.1',
      })
      .where('model', '=', 'openlg-upper-tier')
      .execute();
    const lowerBefore = await stored('openlg-lower-tier');
    // One model of two rebuilt: an import of a model's input still has the other to rebuild.
    assert.equal(await groups.ensureGroups(dataDir), false);
    const upper = await stored('openlg-upper-tier');
    assert.notEqual(upper.model_version, '2026.1');
    assert.match(upper.label, /^15 most similar councils that run social care/);
    assert.match(upper.description ?? '', /Barnsley is among them because a metropolitan district/);
    assert.deepEqual(await stored('openlg-lower-tier'), lowerBefore);
  });
});
