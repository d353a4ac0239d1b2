import { sql, type Kysely } from 'kysely';

/*
 * Schema v8: a metric's definition may say across which area types its values are comparable.
 * Council tax "Band D" is a county's own share, a district's own share and a unitary's whole
 * charge: ranking them together misleads. The column holds the comparison sets, each a list of
 * area types joined by ",", the sets joined by "|" (county|district|unitary,london-borough): text
 * rather than JSON, so that a restated definition compares equal and writes no new version. Null
 * means every area type is comparable with every other. An area type no set names is comparable
 * only with its own type.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table metric_definitions add column comparable_across text
    check (comparable_across ~ '^[a-z-]+(,[a-z-]+)*(\\|[a-z-]+(,[a-z-]+)*)*$')`.execute(db);
}
