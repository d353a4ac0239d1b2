import { sql, type Kysely } from 'kysely';

/*
 * Schema v3: the comparison groups of the comparison engine. Group kinds grow to every group
 * the service offers, and each member can carry details (for nearest neighbours, which features
 * make it close), kept as JSON because its shape belongs to the model version that wrote it.
 */
const statements = [
  `alter table area_groups drop constraint area_groups_kind_check`,
  `alter table area_groups add constraint area_groups_kind_check check (kind in ('type', 'region',
    'type-in-region', 'county-districts', 'combined-authority', 'fire-and-rescue-authority',
    'statistical-neighbours', 'nearest-neighbours', 'cluster', 'custom'))`,
  `alter table area_group_members add column details jsonb`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
