import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { publicObservation, publicState } from '../db/visibility.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import type { AreaType, GroupKind, ParentRelation } from '../db/vocabulary.ts';

/** Each current area's latest public value of each metric (by period start, then end). */
export async function latestValues(
  db: Executor,
  metricSlugs: readonly string[],
  areaTypes: readonly AreaType[],
): Promise<{ slug: string; code: string; value: number }[]> {
  if (metricSlugs.length === 0 || areaTypes.length === 0) return [];
  const result = await sql<{ slug: string; code: string; value: number }>`
    select distinct on (m.slug, a.code) m.slug, a.code, o.value
    from (select o.metric_id, o.period_id, o.area_id, ${publicState} from observations o
      where ${publicObservation}) o
    join metrics m on m.id = o.metric_id
    join areas a on a.id = o.area_id
    join periods p on p.id = o.period_id
    where m.slug in (${sql.join(metricSlugs)})
      and a.type in (${sql.join(areaTypes)})
      and a.valid_to is null
      and o.value is not null
    order by m.slug, a.code, p.start_date desc, p.end_date desc`.execute(db);
  return result.rows;
}

export interface AreaWithParents {
  code: string;
  name: string;
  type: AreaType;
  parents: Partial<Record<ParentRelation, { code: string; name: string }>>;
}

/** Current areas of the given types (or, asked, every area that ever was) with their parents. */
export async function currentAreas(
  db: Executor,
  types: readonly AreaType[],
  options: { abolishedToo?: boolean } = {},
): Promise<AreaWithParents[]> {
  let query = db
    .selectFrom('areas')
    .select(['code', 'short_name', 'type'])
    .where('type', 'in', types)
    .orderBy('code');
  if (!options.abolishedToo) query = query.where('valid_to', 'is', null);
  const areas = await query.execute();
  const parents = await db
    .selectFrom('area_parents as p')
    .leftJoin('areas as a', 'a.code', 'p.parent_code')
    .select(['p.area_code', 'p.relation', 'p.parent_code', 'p.parent_name', 'a.short_name'])
    .where(
      'p.area_code',
      'in',
      areas.map((a) => a.code),
    )
    .execute();
  const byArea = new Map<string, AreaWithParents['parents']>();
  for (const p of parents) {
    const links = byArea.get(p.area_code) ?? {};
    links[p.relation] = { code: p.parent_code, name: p.short_name ?? p.parent_name };
    byArea.set(p.area_code, links);
  }
  return areas.map((a) => ({
    code: a.code,
    name: a.short_name,
    type: a.type,
    parents: byArea.get(a.code) ?? {},
  }));
}

export async function areaNames(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return new Map<string, { name: string; type: AreaType }>();
  const rows = await db
    .selectFrom('areas')
    .select(['code', 'short_name', 'type'])
    .where('code', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.code, { name: r.short_name, type: r.type }]));
}

/** DfE three-digit LA numbers and the areas they name. */
export async function dfeLaNumbers(db: Executor): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('area_identifiers')
    .select(['identifier', 'area_code'])
    .where('scheme', '=', 'dfe-la')
    .execute();
  return new Map(rows.map((r) => [r.identifier, r.area_code]));
}

export interface GroupInput {
  id: string;
  kind: GroupKind;
  label: string;
  description: string | null;
  subjectAreaCode: string | null;
  model: string | null;
  modelVersion: string | null;
  members: { areaCode: string; distance: number | null; band: string | null; details: unknown }[];
}

function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Replaces every group of the given kinds (and, for model groups, of the given model) with a new
 * set, inside the caller's transaction, so that readers see either the old groups or the new.
 */
export async function replaceGroups(
  trx: Executor,
  scope: { kinds: readonly GroupKind[]; model?: string },
  groups: readonly GroupInput[],
) {
  let remove = trx.deleteFrom('area_groups').where('kind', 'in', scope.kinds);
  if (scope.model) remove = remove.where('model', '=', scope.model);
  await remove.execute();
  for (const chunk of chunks(groups)) {
    if (chunk.length === 0) continue;
    await trx
      .insertInto('area_groups')
      .values(
        chunk.map((g) => ({
          id: g.id,
          kind: g.kind,
          label: g.label,
          description: g.description,
          subject_area_code: g.subjectAreaCode,
          model: g.model,
          model_version: g.modelVersion,
        })),
      )
      .execute();
  }
  const members = groups.flatMap((g) =>
    g.members.map((m, i) => ({
      group_id: g.id,
      area_code: m.areaCode,
      position: i + 1,
      distance: m.distance,
      band: m.band,
      details: m.details === null ? null : JSON.stringify(m.details),
    })),
  );
  for (const chunk of chunks(members, 1000))
    await trx.insertInto('area_group_members').values(chunk).execute();
  await bumpDataVersion(trx);
}

export interface GroupFilter {
  kinds?: readonly GroupKind[];
  /** Groups this area belongs to or is the subject of. */
  area?: string;
}

/** Groups with their member counts: the one query listing and finding build on. */
function groupsWithCounts(db: Executor) {
  return db
    .selectFrom('area_groups as g')
    .select([
      'g.id',
      'g.kind',
      'g.label',
      'g.description',
      'g.subject_area_code',
      'g.model',
      'g.model_version',
      'g.updated_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('area_group_members as m')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('m.group_id', '=', 'g.id')
        .as('member_count'),
    );
}

export async function listGroups(db: Executor, filter: GroupFilter) {
  let query = groupsWithCounts(db);
  if (filter.kinds && filter.kinds.length > 0) query = query.where('g.kind', 'in', filter.kinds);
  if (filter.area) {
    const area = filter.area;
    query = query.where((eb) =>
      eb.or([
        eb('g.subject_area_code', '=', area),
        eb.and([
          eb('g.subject_area_code', 'is', null),
          eb.exists(
            eb
              .selectFrom('area_group_members as m')
              .select('m.group_id')
              .whereRef('m.group_id', '=', 'g.id')
              .where('m.area_code', '=', area),
          ),
        ]),
      ]),
    );
  }
  return query.orderBy('g.kind').orderBy('g.label').orderBy('g.id').execute();
}

export type GroupRow = Awaited<ReturnType<typeof listGroups>>[number];

export async function findGroup(db: Executor, id: string): Promise<GroupRow | undefined> {
  return groupsWithCounts(db).where('g.id', '=', id).executeTakeFirst();
}

export async function groupMembers(db: Executor, groupId: string) {
  return db
    .selectFrom('area_group_members as m')
    .innerJoin('areas as a', 'a.code', 'm.area_code')
    .select([
      'm.area_code',
      'a.short_name',
      'a.type',
      'm.position',
      'm.distance',
      'm.band',
      'm.details',
      'a.valid_from',
      'a.valid_to',
    ])
    .where('m.group_id', '=', groupId)
    .orderBy('m.position')
    .execute();
}

/** The area's group of the given kind and model, if one was computed. */
export async function subjectGroupId(
  db: Executor,
  areaCode: string,
  kind: GroupKind,
  model?: string,
): Promise<string | undefined> {
  let query = db
    .selectFrom('area_groups')
    .select('id')
    .where('subject_area_code', '=', areaCode)
    .where('kind', '=', kind);
  if (model) query = query.where('model', '=', model);
  return (await query.executeTakeFirst())?.id;
}

/**
 * Whether a value of these metrics became public after the model's neighbours were built (an
 * embargo ended), read from the coverage summary: it marks each embargo's end. Never when the
 * model has no neighbours yet: building them first is ensureGroups' work.
 */
export async function neighboursOutdated(
  db: Executor,
  model: string,
  metricSlugs: readonly string[],
): Promise<boolean> {
  const result = await sql<{ outdated: boolean }>`
    select exists (
      select 1 from metric_period_coverage c join metrics m on m.id = c.metric_id
      where m.slug = any(${metricSlugs}::text[]) and c.visible_from <= now()
        and c.visible_from > coalesce((select min(g.updated_at) from area_groups g
          where g.kind = 'nearest-neighbours' and g.model = ${model}), 'infinity')
    ) as outdated`.execute(db);
  return result.rows[0]?.outdated === true;
}

/** Whether a model's stored neighbour groups were made by another version of it. */
export async function otherModelVersion(
  db: Executor,
  model: string,
  version: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('area_groups')
    .select('id')
    .where('kind', '=', 'nearest-neighbours')
    .where('model', '=', model)
    .where((eb) => eb('model_version', 'is', null).or('model_version', '<>', version))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function countGroups(db: Executor, kinds: readonly GroupKind[]): Promise<number> {
  const row = await db
    .selectFrom('area_groups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', 'in', kinds)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
