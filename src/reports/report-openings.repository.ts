import type { Executor } from '../db/database.ts';

/** Which report, for which area, opened by whom. */
export interface Opening {
  userId: number;
  slug: string;
  area: string;
}

/** When the person last opened the report for the area, or null if never. */
export async function lastOpened(db: Executor, opening: Opening): Promise<Date | null> {
  const row = await db
    .selectFrom('report_openings')
    .select('opened_at')
    .where('user_id', '=', opening.userId)
    .where('report_slug', '=', opening.slug)
    .where('area_code', '=', opening.area)
    .executeTakeFirst();
  return row ? new Date(row.opened_at) : null;
}

/** Records that the person opened the report for the area at `at`. */
export async function recordOpening(db: Executor, opening: Opening, at: Date): Promise<void> {
  await db
    .insertInto('report_openings')
    .values({
      user_id: opening.userId,
      report_slug: opening.slug,
      area_code: opening.area,
      opened_at: at,
    })
    .onConflict((c) =>
      c.columns(['user_id', 'report_slug', 'area_code']).doUpdateSet({ opened_at: at }),
    )
    .execute();
}
