import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** PGlite and node-postgres both parse jsonb; a string would mean it was stored double-encoded. */
const parsedJson = (stored: unknown): unknown =>
  typeof stored === 'string' ? JSON.parse(stored) : stored;

const recordOf = <T>(value: unknown, keep: (v: unknown) => v is T): Record<string, T> =>
  typeof value === 'object' && value !== null
    ? Object.fromEntries(Object.entries(value).filter((e): e is [string, T] => keep(e[1])))
    : {};
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isString = (v: unknown): v is string => typeof v === 'string';

/** Counts one showing of the resident's form, in the shard given. */
export async function countFormView(
  db: Executor,
  simulationId: number,
  day: string,
  shard: number,
) {
  await db
    .insertInto('simulation_form_views')
    .values({
      simulation_id: simulationId,
      day,
      shard,
      shown: 1,
    })
    .onConflict((oc) =>
      oc.columns(['simulation_id', 'day', 'shard']).doUpdateSet({
        shown: sql`simulation_form_views.shown + 1`,
      }),
    )
    .execute();
}

/** How often the form was first shown, per UK day. */
export async function formViews(
  db: Executor,
  simulationId: number,
): Promise<{ day: string; shown: number }[]> {
  return db
    .selectFrom('simulation_form_views')
    .where('simulation_id', '=', simulationId)
    .groupBy('day')
    .select('day')
    .select((eb) => eb.fn.sum<number>('shown').as('shown'))
    .orderBy('day')
    .execute();
}

export async function setResultsPublic(trx: Executor, id: number, open: boolean) {
  await trx
    .updateTable('simulations')
    .set({ results_public: open, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function resultsPublic(db: Executor, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('simulations')
    .select('results_public')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.results_public ?? false;
}

export interface FlaggedResponse {
  id: number;
  version: number;
  submittedAt: Date;
  seconds: number;
  choices: Record<string, number>;
  councilTaxBasisPoints: number;
  aboutYou: Record<string, string>;
  duplicateOf: number | null;
  tooFast: boolean;
  honeypot: boolean;
  excludedAt: Date | null;
  excludedReason: string | null;
}

/**
 * The responses moderation should look at: flagged (a duplicate, too fast, the hidden field
 * filled) or excluded, newest first; at most `limit` (a page lists a bounded number).
 */
export async function flaggedResponses(
  db: Executor,
  simulationId: number,
  limit: number,
): Promise<{ rows: FlaggedResponse[]; total: number }> {
  const flagged = db
    .selectFrom('simulation_responses as r')
    .where('r.simulation_id', '=', simulationId)
    .where((eb) =>
      eb.or([
        eb('r.duplicate_of', 'is not', null),
        eb('r.too_fast', '=', true),
        eb('r.honeypot_filled', '=', true),
        eb('r.excluded_at', 'is not', null),
      ]),
    );
  const [rows, count] = await Promise.all([
    flagged
      .innerJoin('simulation_versions as v', 'v.id', 'r.version_id')
      .select([
        'r.id',
        'v.version',
        'r.submitted_at',
        'r.started_at',
        'r.choices',
        'r.council_tax_basis_points',
        'r.about_you',
        'r.duplicate_of',
        'r.too_fast',
        'r.honeypot_filled',
        'r.excluded_at',
        'r.excluded_reason',
      ])
      .orderBy('r.id', 'desc')
      .limit(limit)
      .execute(),
    flagged.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    rows: rows.map((r) => ({
      id: r.id,
      version: r.version,
      submittedAt: r.submitted_at,
      seconds: Math.round((r.submitted_at.getTime() - r.started_at.getTime()) / 1000),
      choices: recordOf(parsedJson(r.choices), isNumber),
      councilTaxBasisPoints: r.council_tax_basis_points,
      aboutYou: recordOf(parsedJson(r.about_you), isString),
      duplicateOf: r.duplicate_of,
      tooFast: r.too_fast,
      honeypot: r.honeypot_filled,
      excludedAt: r.excluded_at,
      excludedReason: r.excluded_reason,
    })),
  };
}

/** One answer's group of a version's included responses: its count and sums. */
export interface AnswerGroupRow {
  answer: string;
  responses: number;
  /** Line id to the percents chosen, added up. */
  percentSums: Record<string, number>;
  basisPointsSum: number;
}

/**
 * A version's included responses grouped by their answer to one "about you" question ('' for
 * none), with each line's sum of percents: the kept aggregates are not split by answer (that
 * would multiply the rows every submission writes by the questions asked), so the database
 * adds them up here, in one pass over the version's responses, one question at a time.
 */
export async function answerGroups(
  db: Executor,
  version: { simulationId: number; versionId: number },
  question: string,
  lineIds: readonly string[],
): Promise<AnswerGroupRow[]> {
  const sums = lineIds.map((id, i) =>
    sql<number>`sum((r.choices ->> ${id})::integer)`.as(`line_${i}`),
  );
  const rows = await db
    .selectFrom('simulation_responses as r')
    // The simulation first: its responses are indexed by it.
    .where('r.simulation_id', '=', version.simulationId)
    .where('r.version_id', '=', version.versionId)
    .where('r.excluded_at', 'is', null)
    .select([
      sql<string>`coalesce(r.about_you ->> ${question}, '')`.as('answer'),
      (eb) => eb.fn.countAll<number>().as('responses'),
      sql<number>`sum(r.council_tax_basis_points)`.as('basis_points'),
      ...sums,
    ])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return rows.map((row) => {
    const cells = row as Record<string, unknown>;
    return {
      answer: row.answer,
      responses: Number(row.responses),
      basisPointsSum: Number(row.basis_points),
      percentSums: Object.fromEntries(lineIds.map((id, i) => [id, Number(cells[`line_${i}`])])),
    };
  });
}

export interface AdoptedRow {
  version: number;
  choices: Record<string, number>;
  councilTaxBasisPoints: number | null;
  enteredAt: Date;
}

export async function adoptedBudget(db: Executor, simulationId: number) {
  const row = await db
    .selectFrom('simulation_adopted_budgets as a')
    .innerJoin('simulation_versions as v', 'v.id', 'a.version_id')
    .where('a.simulation_id', '=', simulationId)
    .select(['v.version', 'a.choices', 'a.council_tax_basis_points', 'a.entered_at'])
    .executeTakeFirst();
  if (!row) return null;
  return {
    version: row.version,
    choices: recordOf(parsedJson(row.choices), isNumber),
    councilTaxBasisPoints: row.council_tax_basis_points,
    enteredAt: row.entered_at,
  } satisfies AdoptedRow;
}

export async function saveAdoptedBudget(
  trx: Executor,
  row: {
    simulation_id: number;
    version_id: number;
    choices: Record<string, number>;
    council_tax_basis_points: number | null;
    entered_at: Date;
    entered_by_user_id: number;
  },
) {
  const values = { ...row, choices: JSON.stringify(row.choices) };
  await trx
    .insertInto('simulation_adopted_budgets')
    .values(values)
    .onConflict((oc) => oc.column('simulation_id').doUpdateSet(values))
    .execute();
}

/** Every version residents were shown, oldest first. */
export async function openedVersions(
  db: Executor,
  simulationId: number,
): Promise<{ version: number; definition: unknown }[]> {
  const rows = await db
    .selectFrom('simulation_versions')
    .select(['version', 'definition'])
    .where('simulation_id', '=', simulationId)
    .where('opened_at', 'is not', null)
    .orderBy('version')
    .execute();
  return rows.map((row) => ({ ...row, definition: parsedJson(row.definition) }));
}
