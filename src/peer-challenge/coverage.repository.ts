import type { Executor } from '../db/database.ts';
import { coveringTypes, type CoveringChallenge } from './coverage.ts';
import type { ChallengeState } from './vocabulary.ts';

/** Every corporate peer challenge and finance peer review, with its changes of state. */
export async function coveringChallenges(db: Executor): Promise<CoveringChallenge[]> {
  const rows = await db
    .selectFrom('peer_challenges')
    .select(['id', 'type', 'area_code', 'state', 'on_site_end'])
    .where('type', 'in', coveringTypes)
    .orderBy('id')
    .execute();
  if (rows.length === 0) return [];
  const changes = new Map<number, { to: ChallengeState; on: string }[]>();
  for (const t of await db
    .selectFrom('peer_challenge_transitions as t')
    .innerJoin('peer_challenges as c', 'c.id', 't.challenge_id')
    .select(['t.challenge_id', 't.to_state', 't.on_date'])
    .where('c.type', 'in', coveringTypes)
    .orderBy('t.challenge_id')
    .orderBy('t.on_date')
    .orderBy('t.id')
    .execute()) {
    const known = changes.get(t.challenge_id) ?? [];
    known.push({ to: t.to_state, on: t.on_date });
    changes.set(t.challenge_id, known);
  }
  return rows.map((row) => ({
    type: row.type,
    areaCode: row.area_code,
    state: row.state,
    onSiteEnd: row.on_site_end,
    transitions: changes.get(row.id) ?? [],
  }));
}
