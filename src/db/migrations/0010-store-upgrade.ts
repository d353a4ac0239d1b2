import { sql, type Kysely } from 'kysely';

/*
 * Schema v10 changes no table: it brings a store built by an earlier openlg up to what this one
 * would have built.
 * - Periods no named kind describes (a year from 16 November) were labelled with their raw code;
 *   they are labelled by their dates, as the period parser now labels them ("16 November 2024 to
 *   15 November 2025": end_date is the day after the last).
 * - Type, tier and region groups held today's councils only; a comparison for a past period now
 *   needs the councils of every period. The groups the register builds are removed here and
 *   rebuilt by the next `openlg serve` (GroupsService.ensureGroups), which reads the register's
 *   files this migration cannot see. Nearest neighbours and custom groups stay.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update periods
    set label = to_char(start_date, 'FMDD FMMonth YYYY') || ' to '
      || to_char(end_date - 1, 'FMDD FMMonth YYYY')
    where label = code`.execute(db);
  await sql`delete from area_groups where kind in ('type', 'region', 'type-in-region',
    'county-districts', 'combined-authority', 'fire-and-rescue-authority',
    'statistical-neighbours')`.execute(db);
}
