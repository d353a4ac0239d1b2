import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { openRegisterDatabase } from '../src/testing/app.ts';

/**
 * `--store`: a bench reads the store the environment names (OPENLG_PGLITE_DIR, or DATABASE_URL)
 * as `openlg demo` left it, instead of loading the demo into a new database of its own. The CI
 * smoke builds one store for every script this way: each demo load costs about a minute there.
 */
export const storeFlag = { store: { type: 'boolean', default: false } } as const;

/** The configured store (`--store`), or a new database holding the real area register. */
export async function openBenchDatabase(useStore: boolean | undefined): Promise<Database> {
  if (!useStore) return openRegisterDatabase();
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  // Opening a missing folder would create an empty store there, and every question would fail.
  if (config.database.kind === 'pglite' && !existsSync(config.database.dataDir))
    throw new Error(`--store: no store at ${config.database.dataDir} (run openlg demo first)`);
  return openDatabase(config.database);
}

/** How many values a store holds, to report beside the figures. */
export async function storedValues(database: Database): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from observations`.execute(database.db);
  return rows[0]?.n ?? 0;
}

/** The measures whose values an import of this kind wrote (`ons-els`: the ONS ones), by slug. */
export async function measuresImportedAs(database: Database, kind: string): Promise<string[]> {
  const { rows } = await sql<{ slug: string }>`
    select m.slug from metrics m
    where exists (
      select 1 from observations o join imports i on i.id = o.import_id
      where o.metric_id = m.id and i.kind = ${kind})
    order by m.slug`.execute(database.db);
  return rows.map((r) => r.slug);
}

/**
 * Up to `count` measures with values for district councils that no import of this kind wrote
 * (`ons-els`: others than the ONS ones), by slug: questions that warm the code without touching
 * the measures a bench times.
 */
export async function measuresNotImportedAs(
  database: Database,
  kind: string,
  count: number,
): Promise<string[]> {
  const { rows } = await sql<{ slug: string }>`
    select m.slug from metrics m
    where not exists (
        select 1 from observations o join imports i on i.id = o.import_id
        where o.metric_id = m.id and i.kind = ${kind})
      and exists (
        select 1 from metric_period_coverage c
        where c.metric_id = m.id and c.area_type = 'district')
    order by m.slug
    limit ${count}`.execute(database.db);
  return rows.map((r) => r.slug);
}
