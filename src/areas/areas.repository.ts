import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import type { AreaRow } from '../db/schema.ts';
import type { AreaType, BoundaryLayer, ParentRelation } from '../db/vocabulary.ts';
import type { MapShape } from '../maps/area-map.ts';
import type { RegisterData } from './register/register.types.ts';

export interface AreaFilter {
  types?: readonly AreaType[];
  /** true: only areas in existence today; false: only abolished ones; undefined: all. */
  current?: boolean;
}

export interface ParentLink {
  areaCode: string;
  relation: ParentRelation;
  code: string;
  name: string;
  /** Whether openlg holds the parent as an area (police force areas, for one, it does not). */
  held: boolean;
}

export interface SuccessionLink {
  predecessorCode: string;
  predecessorName: string;
  successorCode: string;
  successorName: string;
  effectiveDate: string | null;
  kind: string;
}

export interface RegisterWriteSummary {
  areasInserted: number;
  areasUpdated: number;
  areasUnchanged: number;
  areasRemoved: number;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function toAreaRow(a: RegisterData['areas'][number]) {
  return {
    code: a.code,
    name: a.name,
    short_name: a.shortName,
    type: a.type,
    nation: a.nation,
    valid_from: a.validFrom,
    valid_to: a.validTo,
  };
}

export class AreasInUseError extends Error {
  constructor(readonly codes: string[]) {
    super(`areas with stored values are missing from the new register: ${codes.join(', ')}`);
    this.name = 'AreasInUseError';
  }
}

/**
 * Writes a whole register inside the caller's transaction. Areas are upserted, never deleted and
 * re-created, because observations and groups point at them; the facts hanging off areas
 * (identifiers, names, parents, successions, boundaries) are replaced wholesale.
 */
export async function writeRegister(
  trx: Executor,
  data: RegisterData,
): Promise<RegisterWriteSummary> {
  const existing = new Map(
    (await trx.selectFrom('areas').selectAll().execute()).map((row) => [row.code, row]),
  );
  const incoming = new Set(data.areas.map((a) => a.code));
  const summary: RegisterWriteSummary = {
    areasInserted: 0,
    areasUpdated: 0,
    areasUnchanged: 0,
    areasRemoved: 0,
  };
  const changed = data.areas.filter((area) => {
    const before = existing.get(area.code);
    const row = toAreaRow(area);
    if (!before) summary.areasInserted++;
    else if (Object.entries(row).some(([key, value]) => before[key as keyof AreaRow] !== value))
      summary.areasUpdated++;
    else {
      summary.areasUnchanged++;
      return false;
    }
    return true;
  });
  for (const chunk of chunks(changed)) {
    await trx
      .insertInto('areas')
      .values(chunk.map(toAreaRow))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          short_name: eb.ref('excluded.short_name'),
          type: eb.ref('excluded.type'),
          nation: eb.ref('excluded.nation'),
          valid_from: eb.ref('excluded.valid_from'),
          valid_to: eb.ref('excluded.valid_to'),
        })),
      )
      .execute();
  }
  const removed = [...existing.keys()].filter((code) => !incoming.has(code));
  if (removed.length > 0) {
    // Observations carry no foreign key (migration 0002): an area with values must not vanish.
    const inUse = await trx
      .selectFrom('areas as a')
      .select('a.code')
      .where('a.code', 'in', removed)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('observations as o').select('o.area_id').whereRef('o.area_id', '=', 'a.id'),
        ),
      )
      .execute();
    if (inUse.length > 0) throw new AreasInUseError(inUse.map((a) => a.code));
    await trx.deleteFrom('areas').where('code', 'in', removed).execute();
    summary.areasRemoved = removed.length;
  }

  for (const table of [
    'area_identifiers',
    'area_names',
    'area_parents',
    'area_successions',
    'area_boundaries',
  ] as const) {
    await trx.deleteFrom(table).execute();
  }
  for (const chunk of chunks(data.identifiers)) {
    await trx
      .insertInto('area_identifiers')
      .values(
        chunk.map((i) => ({ scheme: i.scheme, identifier: i.identifier, area_code: i.areaCode })),
      )
      .execute();
  }
  for (const chunk of chunks(data.names)) {
    await trx
      .insertInto('area_names')
      .values(chunk.map((n) => ({ name_key: n.nameKey, area_code: n.areaCode })))
      .execute();
  }
  for (const chunk of chunks(data.parents)) {
    await trx
      .insertInto('area_parents')
      .values(
        chunk.map((p) => ({
          area_code: p.areaCode,
          relation: p.relation,
          parent_code: p.parentCode,
          parent_name: p.parentName,
          source: p.source,
        })),
      )
      .execute();
  }
  for (const chunk of chunks(data.successions)) {
    await trx
      .insertInto('area_successions')
      .values(
        chunk.map((s) => ({
          predecessor_code: s.predecessorCode,
          successor_code: s.successorCode,
          effective_date: s.effectiveDate,
          kind: s.kind,
        })),
      )
      .execute();
  }
  // Boundary paths are long strings; smaller chunks keep each statement a sensible size.
  for (const chunk of chunks(data.boundaries, 50)) {
    await trx
      .insertInto('area_boundaries')
      .values(
        chunk.map((b) => ({
          layer: b.layer,
          area_code: b.areaCode,
          path: b.path,
          min_x: b.minX,
          min_y: b.minY,
          max_x: b.maxX,
          max_y: b.maxY,
        })),
      )
      .execute();
  }
  await bumpDataVersion(trx);
  return summary;
}

export async function countAreas(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('areas')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findAreas(db: Executor, codes: readonly string[]): Promise<AreaRow[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('areas').selectAll().where('code', 'in', codes).execute();
}

export async function findArea(db: Executor, code: string): Promise<AreaRow | undefined> {
  return db.selectFrom('areas').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The current code for a code that an area used to have, if any. */
export async function findCodeByFormerCode(
  db: Executor,
  formerCode: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('area_identifiers')
    .select('area_code')
    .where('scheme', '=', 'former-gss')
    .where('identifier', '=', formerCode)
    .executeTakeFirst();
  return row?.area_code;
}

export async function listAreas(db: Executor, filter: AreaFilter): Promise<AreaRow[]> {
  let query = db.selectFrom('areas').selectAll();
  if (filter.types && filter.types.length > 0) query = query.where('type', 'in', filter.types);
  if (filter.current === true) query = query.where('valid_to', 'is', null);
  if (filter.current === false) query = query.where('valid_to', 'is not', null);
  return query.orderBy('short_name').orderBy('code').execute();
}

export async function findParents(
  db: Executor,
  areaCodes: readonly string[],
): Promise<ParentLink[]> {
  if (areaCodes.length === 0) return [];
  const rows = await db
    .selectFrom('area_parents as p')
    .leftJoin('areas as a', 'a.code', 'p.parent_code')
    .select([
      'p.area_code',
      'p.relation',
      'p.parent_code',
      'p.parent_name',
      'a.short_name as held_name',
    ])
    .where('p.area_code', 'in', areaCodes)
    .orderBy('p.area_code')
    .orderBy('p.relation')
    .execute();
  return rows.map((r) => ({
    areaCode: r.area_code,
    relation: r.relation,
    code: r.parent_code,
    name: r.held_name ?? r.parent_name,
    held: r.held_name !== null,
  }));
}

export async function findChildren(
  db: Executor,
  parentCode: string,
): Promise<(AreaRow & { relation: ParentRelation })[]> {
  return db
    .selectFrom('area_parents as p')
    .innerJoin('areas as a', 'a.code', 'p.area_code')
    .selectAll('a')
    .select('p.relation')
    .where('p.parent_code', '=', parentCode)
    .orderBy('a.short_name')
    .execute();
}

export async function findSuccessions(db: Executor, code: string): Promise<SuccessionLink[]> {
  return db
    .selectFrom('area_successions as s')
    .innerJoin('areas as p', 'p.code', 's.predecessor_code')
    .innerJoin('areas as n', 'n.code', 's.successor_code')
    .select([
      's.predecessor_code as predecessorCode',
      'p.short_name as predecessorName',
      's.successor_code as successorCode',
      'n.short_name as successorName',
      's.effective_date as effectiveDate',
      's.kind',
    ])
    .where((eb) => eb.or([eb('s.predecessor_code', '=', code), eb('s.successor_code', '=', code)]))
    .orderBy('s.effective_date')
    .orderBy('p.short_name')
    .execute();
}

export async function findIdentifiers(
  db: Executor,
  code: string,
): Promise<{ scheme: string; identifier: string }[]> {
  return db
    .selectFrom('area_identifiers')
    .select(['scheme', 'identifier'])
    .where('area_code', '=', code)
    .orderBy('scheme')
    .orderBy('identifier')
    .execute();
}

export type BoundaryShape = Omit<MapShape, 'role'>;

const shapeColumns = [
  'a.code',
  'a.short_name as name',
  'b.path',
  'b.min_x as minX',
  'b.min_y as minY',
  'b.max_x as maxX',
  'b.max_y as maxY',
] as const;

/** The area's own shape (first layer that has it) and every shape of that layer in the box. */
/** The current English areas' shapes on one boundary layer, for a map of every council. */
export async function findLayerShapes(
  db: Executor,
  layer: BoundaryLayer,
): Promise<BoundaryShape[]> {
  return db
    .selectFrom('area_boundaries as b')
    .innerJoin('areas as a', 'a.code', 'b.area_code')
    .select(shapeColumns)
    .where('b.layer', '=', layer)
    .where('a.valid_to', 'is', null)
    .where('a.nation', '=', 'england')
    .orderBy('a.code')
    .execute();
}

export async function findBoundaryWithContext(
  db: Executor,
  code: string,
  layers: readonly BoundaryLayer[],
  margin: number,
): Promise<{ focus: BoundaryShape; context: BoundaryShape[] } | undefined> {
  const focus = await db
    .selectFrom('area_boundaries as b')
    .innerJoin('areas as a', 'a.code', 'b.area_code')
    .select(['b.layer', 'a.valid_to', ...shapeColumns])
    .where('b.area_code', '=', code)
    .where('b.layer', 'in', layers)
    .orderBy(sql`array_position(${sql.val(layers)}::text[], b.layer)`)
    .executeTakeFirst();
  if (!focus) return undefined;
  const width = Math.max(focus.maxX - focus.minX, focus.maxY - focus.minY) * margin;
  const context = await db
    .selectFrom('area_boundaries as b')
    .innerJoin('areas as a', 'a.code', 'b.area_code')
    .select(shapeColumns)
    .where('b.layer', '=', focus.layer)
    .where('b.area_code', '<>', code)
    // Draw the neighbours as they were while the area existed, not former and current
    // boundaries on top of each other.
    .where((eb) => {
      const endedBy = focus.valid_to;
      if (endedBy === null) return eb('a.valid_to', 'is', null);
      return eb.and([
        eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', endedBy)]),
        eb.or([eb('a.valid_from', 'is', null), eb('a.valid_from', '<', endedBy)]),
      ]);
    })
    .where('b.max_x', '>=', focus.minX - width)
    .where('b.min_x', '<=', focus.maxX + width)
    .where('b.max_y', '>=', focus.minY - width)
    .where('b.min_y', '<=', focus.maxY + width)
    .orderBy('a.code')
    .execute();
  return {
    focus: {
      code: focus.code,
      name: focus.name,
      path: focus.path,
      minX: focus.minX,
      minY: focus.minY,
      maxX: focus.maxX,
      maxY: focus.maxY,
    },
    context,
  };
}

/** Areas whose code matches exactly or any of whose name variants contains the key. */
export async function searchAreas(
  db: Executor,
  code: string,
  nameKeyFragment: string,
  filter: AreaFilter,
): Promise<AreaRow[]> {
  let query = db
    .selectFrom('areas')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('code', '=', code),
        eb(
          'code',
          'in',
          eb
            .selectFrom('area_names')
            .select('area_code')
            .where('name_key', 'like', `%${nameKeyFragment.replace(/[\\%_]/g, '\\$&')}%`),
        ),
      ]),
    );
  if (filter.types && filter.types.length > 0) query = query.where('type', 'in', filter.types);
  if (filter.current === true) query = query.where('valid_to', 'is', null);
  if (filter.current === false) query = query.where('valid_to', 'is not', null);
  return query.orderBy('valid_to', 'desc').orderBy('short_name').limit(100).execute();
}
