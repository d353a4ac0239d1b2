import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { ImportService } from '../imports/imports.service.ts';
import { readOnsEls } from '../imports/els/els.reader.ts';
import { AreasService } from '../areas/areas.service.ts';
import { dataDir } from '../testing/app.ts';
import { fingerprint, openTestDatabase } from '../testing/database.ts';
import { openDatabase, type Database } from './database.ts';
import { migrateToLatest } from './migrate.ts';

/**
 * Everything a backup must carry: values, their history and provenance, what they mean, and the
 * summaries kept from them.
 */
const tables = [
  'areas',
  'metrics',
  'metric_definitions',
  'periods',
  'imports',
  'observations',
  'observation_revisions',
  'metric_period_coverage',
  'latest_values',
  'latest_value_builds',
  'area_groups',
  'area_group_members',
];

const gcses = path.join(
  dataDir,
  'metrics/ons-explore-local-statistics/gcses-in-english-and-maths.csv',
);

async function fill(database: Database) {
  await new AreasService(database.db).importRegister(dataDir);
  await new ImportService(database).run(await readOnsEls(gcses, dataDir));
}

describe('backup and restore', () => {
  it(
    'PostgreSQL: pg_dump then pg_restore into a new database gives identical tables',
    { skip: process.env.DATABASE_URL ? false : 'runs in the PostgreSQL pass (DATABASE_URL)' },
    async () => {
      const source = await openTestDatabase();
      const target = await openTestDatabase();
      try {
        assert.ok(source.url && target.url);
        await fill(source);
        const dump = path.join(await mkdtemp(path.join(tmpdir(), 'openlg-dump-')), 'openlg.dump');
        const dumped = spawnSync('pg_dump', ['--format=custom', `--file=${dump}`, source.url], {
          encoding: 'utf8',
        });
        assert.equal(dumped.status, 0, dumped.stderr);
        // The target was migrated by the test helper; a restore goes into an empty database.
        const client = new pg.Client({ connectionString: target.url });
        await client.connect();
        await client.query('drop schema public cascade; create schema public');
        await client.end();
        const restored = spawnSync(
          'pg_restore',
          ['--no-owner', '--exit-on-error', `--dbname=${target.url}`, dump],
          { encoding: 'utf8' },
        );
        assert.equal(restored.status, 0, restored.stderr);
        assert.equal(await fingerprint(target, tables), await fingerprint(source, tables));
        assert.deepEqual(await migrateToLatest(target.db), [], 'the restored schema is current');
      } finally {
        await source.close();
        await target.close();
      }
    },
  );

  it('PGlite: a copy of the stopped data folder opens with identical tables', async () => {
    const folder = path.join(await mkdtemp(path.join(tmpdir(), 'openlg-pglite-')), 'pglite');
    const original = await openDatabase({ kind: 'pglite', dataDir: folder });
    await migrateToLatest(original.db);
    await fill(original);
    const before = await fingerprint(original, tables);
    await original.close();
    const copy = `${folder}-copy`;
    await cp(folder, copy, { recursive: true });
    const restored = await openDatabase({ kind: 'pglite', dataDir: copy });
    try {
      assert.equal(await fingerprint(restored, tables), before);
    } finally {
      await restored.close();
    }
  });
});
