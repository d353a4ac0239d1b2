/**
 * Each area's parents, by relation: region, county, combined and fire authority, police force
 * area and nation, from the ONS lookups resolved through former codes.
 */
import type { AreaType, ParentRelation } from '../../db/vocabulary.ts';
import type { RegisterArea } from './register.types.ts';
import { type Row, cell, examples, gssCell, plural } from './register.cells.ts';
import type { Context, Link } from './register.model.ts';
import { type Change, isCombinedAuthorityChange } from './register.other-areas.ts';
import { CAUTH_LOOKUP_YEAR, type SourceKey, sourceName } from './register.sources.ts';

interface LinkRow {
  row: Row;
  child: string;
  parent: string;
  parentName: string;
  /** The column the parent came from, to locate problems with it. */
  column: string;
}

/**
 * Reads child -> parent rows of a lookup. The child must be an area the register holds (through a
 * former code if need be); rows with a blank parent are no link.
 */
function readLinkRows(
  { tables, problems, register }: Context,
  key: SourceKey,
  columns: { child: string; parent: string; parentName: string },
): LinkRow[] {
  const table = tables[key];
  const rows: LinkRow[] = [];
  for (const row of table.rows) {
    const report = problems.reporter(table, row);
    const childCode = gssCell(row, columns.child, report);
    const parent = gssCell(row, columns.parent, report, false);
    if (childCode === undefined || parent === undefined) continue;
    const child = register.resolve(childCode);
    if (child === undefined) {
      report(columns.child, `"${childCode}" is not an area in the register`);
      continue;
    }
    rows.push({
      row,
      child,
      parent,
      parentName: cell(row, columns.parentName),
      column: columns.parent,
    });
  }
  return rows;
}

/** One link per child; a file linking a child to two different parents is contradicting itself. */
function linkMap({ tables, problems, register }: Context, key: SourceKey, rows: LinkRow[]) {
  const links = new Map<string, Link & { line: number }>();
  for (const { row, child, parent, parentName, column } of rows) {
    const seen = links.get(child);
    if (seen && seen.code !== parent) {
      problems.reporter(tables[key], row)(
        column,
        `${child} is linked to ${parent} here but to ${seen.code} on row ${seen.line}`,
      );
      continue;
    }
    const name = register.parentName(parent, parentName);
    links.set(child, { code: parent, name, source: sourceName(key), line: row.line });
  }
  return links;
}

/** Parents that must themselves be held areas of one of the given types. */
function requireHeldParents(
  context: Context,
  key: SourceKey,
  rows: LinkRow[],
  types: readonly AreaType[],
): LinkRow[] {
  return rows.filter(({ row, parent, column }) => {
    const type = context.register.area(parent)?.type;
    if (type !== undefined && types.includes(type)) return true;
    context.problems.reporter(context.tables[key], row)(
      column,
      `"${parent}" is not a ${types.join(' or ')} in the register`,
    );
    return false;
  });
}

function isEnglishBelowRegion(area: RegisterArea): boolean {
  return area.nation === 'england' && area.type !== 'nation' && area.type !== 'region';
}

export function addRegionParents(context: Context): void {
  const { register, authorities, problems, tables, notes } = context;
  const region24 = linkMap(
    context,
    'region24',
    readLinkRows(context, 'region24', {
      child: 'ltla24_code',
      parent: 'region24_code',
      parentName: 'region24_name',
    }),
  );
  const ltla14Rows = readLinkRows(context, 'ltla14', {
    child: 'ltlacd',
    parent: 'rgncd',
    parentName: 'rgnnm',
  }).filter((r) => r.parent.startsWith('E12'));
  // The 2014 lookup also places each county, which no later lookup does.
  const countyRows = ltla14Rows.flatMap((r) => {
    const county = cell(r.row, 'ctycd');
    const resolved = county === '' ? undefined : register.resolve(county);
    return resolved === undefined ? [] : [{ ...r, child: resolved }];
  });
  const ltla14 = linkMap(context, 'ltla14', [
    ...requireHeldParents(context, 'ltla14', ltla14Rows, ['region']),
    ...countyRows,
  ]);
  const regionByName = new Map(
    [...register.areas.values()].filter((a) => a.type === 'region').map((a) => [a.name, a.code]),
  );
  const disagreements: string[] = [];
  for (const { row, area, region } of authorities) {
    if (!isEnglishBelowRegion(area)) continue;
    const named = region === '' ? undefined : regionByName.get(region);
    if (region !== '' && named === undefined)
      problems.reporter(tables.authorities, row)('region', `"${region}" is not an English region`);
    const link =
      region24.get(area.code) ??
      ltla14.get(area.code) ??
      (named === undefined
        ? undefined
        : { code: named, name: region, source: sourceName('authorities') });
    if (link === undefined) continue;
    register.setParent(area.code, 'region', {
      code: link.code,
      name: link.name,
      source: link.source,
    });
    if (named !== undefined && named !== link.code)
      disagreements.push(`${area.code} ${area.shortName}: ${region} vs ${link.name}`);
  }
  if (disagreements.length > 0)
    notes.push(
      `${tables.authorities.file}: region column disagrees with the ONS lookups for ` +
        `${plural(disagreements.length, 'area')} (${examples(disagreements)}); ONS kept`,
    );
}

export function addUpperTierParents(context: Context): void {
  const { register, authorities, registry, tables, notes } = context;
  const utla23 = linkMap(
    context,
    'utla23',
    requireHeldParents(
      context,
      'utla23',
      readLinkRows(context, 'utla23', {
        child: 'ltla23_code',
        parent: 'utla23_code',
        parentName: 'utla23_name',
      }).filter((r) => r.child !== r.parent),
      ['county'],
    ),
  );
  const cty21Rows = readLinkRows(context, 'cty21', {
    child: 'LAD21CD',
    parent: 'CTY21CD',
    parentName: 'CTY21NM',
  });
  // Metropolitan counties (E11) and Inner/Outer London (E13) are statistical, not councils.
  const notCouncils = cty21Rows.filter((r) => !r.parent.startsWith('E10'));
  const cty21 = linkMap(
    context,
    'cty21',
    requireHeldParents(
      context,
      'cty21',
      cty21Rows.filter((r) => r.parent.startsWith('E10')),
      ['county'],
    ),
  );
  const ltla14 = linkMap(
    context,
    'ltla14',
    requireHeldParents(
      context,
      'ltla14',
      readLinkRows(context, 'ltla14', { child: 'ltlacd', parent: 'ctycd', parentName: 'ctynm' }),
      ['county'],
    ),
  );
  const disagreements: string[] = [];
  for (const { area, countyLa } of authorities) {
    const stated = registry.get(countyLa);
    const link =
      utla23.get(area.code) ??
      cty21.get(area.code) ??
      ltla14.get(area.code) ??
      (stated === undefined
        ? undefined
        : {
            code: stated,
            name: register.parentName(stated, ''),
            source: sourceName('authorities'),
          });
    if (link === undefined) continue;
    register.setParent(area.code, 'upper-tier', {
      code: link.code,
      name: link.name,
      source: link.source,
    });
    if (stated !== undefined && stated !== link.code)
      disagreements.push(
        `${area.code} ${area.shortName}: ${countyLa} vs ${link.code} ${link.name}`,
      );
  }
  notes.push(
    `${tables.cty21.file}: ${plural(notCouncils.length, 'link')} to metropolitan counties (E11) and ` +
      'Inner/Outer London (E13), which have no council, not stored',
  );
  if (disagreements.length > 0)
    notes.push(
      `${tables.authorities.file}: county-la disagrees with the ONS lookups for ` +
        `${plural(disagreements.length, 'district')} (${examples(disagreements)}); ONS kept`,
    );
}

export function addCombinedAuthorityParents(context: Context, changes: Change[]): void {
  const { register, authorities, registry, tables, notes } = context;
  const cauth23 = linkMap(
    context,
    'cauth23',
    requireHeldParents(
      context,
      'cauth23',
      readLinkRows(context, 'cauth23', {
        child: 'ltla23_code',
        parent: 'cauth23_code',
        parentName: 'cauth23_name',
      }),
      ['combined-authority'],
    ),
  );
  for (const [child, link] of cauth23) register.setParent(child, 'combined-authority', link);

  const disagreements: string[] = [];
  for (const { area, combinedAuthority } of authorities) {
    const code = registry.get(combinedAuthority);
    if (code === undefined) continue;
    const known = cauth23.get(area.code);
    if (known?.code === code) continue;
    if (known) disagreements.push(`${area.code}: ${combinedAuthority} vs ${known.code}`);
    register.setParent(area.code, 'combined-authority', {
      code,
      name: register.parentName(code, ''),
      source: sourceName('authorities'),
    });
  }
  applyLaterCombinedAuthorityChanges(context, changes);

  const london = authorities.filter(
    (a) =>
      register.area(register.parent(a.area.code, 'combined-authority')?.code ?? '')?.type ===
      'strategic-authority',
  );
  notes.push(
    `${tables.authorities.file}: ${plural(london.length, 'London authority', 'London authorities')} linked to ` +
      'the Greater London Authority (a strategic authority) as their combined authority, as mySociety does',
  );
  if (disagreements.length > 0)
    notes.push(
      `${tables.authorities.file}: combined-authority disagrees with ${tables.cauth23.file} for ` +
        `${plural(disagreements.length, 'area')} (${examples(disagreements)}); mySociety, the later source, kept`,
    );
}

/**
 * ONS changes after the 2023 lookup move members into new combined authorities; a merger of
 * combined authorities moves every member of the old ones.
 */
function applyLaterCombinedAuthorityChanges(context: Context, changes: Change[]): void {
  const { register, tables, notes, problems } = context;
  const membership = changes.filter(isCombinedAuthorityChange);
  const later = membership
    .filter((c) => c.year > CAUTH_LOOKUP_YEAR)
    .sort((a, b) => a.year - b.year);
  const outdated = membership
    .filter((c) => c.year <= CAUTH_LOOKUP_YEAR)
    .filter((c) => {
      const member = register.resolve(c.oldCode);
      return (
        member === undefined || register.parent(member, 'combined-authority')?.code !== c.newCode
      );
    })
    .map((c) => `${c.oldCode} -> ${c.newCode} ${c.year}`);
  const link = (code: string) => ({
    code,
    name: register.parentName(code, ''),
    source: sourceName('changes'),
  });
  for (const change of later) {
    const member = register.resolve(change.oldCode);
    if (member === undefined) {
      problems.reporter(tables.changes, change.row)(
        'oldcd',
        `"${change.oldCode}" is not an area in the register`,
      );
      continue;
    }
    if (change.type === 'new_geo')
      register.setParent(member, 'combined-authority', link(change.newCode));
    else
      for (const child of register.children('combined-authority', member))
        register.setParent(child, 'combined-authority', link(change.newCode));
  }
  notes.push(
    `${tables.changes.file}: ${plural(later.length, 'combined authority change')} after ` +
      `${CAUTH_LOOKUP_YEAR} applied to membership (where ONS lists only a county, its districts ` +
      `get no combined-authority link); ${membership.length - later.length - outdated.length} ` +
      `earlier ones agree with ${tables.cauth23.file}` +
      (outdated.length > 0
        ? `, ${outdated.length} do not and were superseded by it (${examples(outdated)})`
        : ''),
  );
}

/** Counties are in no ONS fire or police lookup; they take their districts' parent if all agree. */
function deriveCountyParents(context: Context, relation: ParentRelation): string[] {
  const { register } = context;
  const mixed: string[] = [];
  for (const county of [...register.areas.values()].filter((a) => a.type === 'county')) {
    const links = register
      .children('upper-tier', county.code)
      .map((child) => register.parent(child, relation))
      .filter((l) => l !== undefined);
    const codes = new Set(links.map((l) => l.code));
    const [first] = links;
    if (codes.size === 1 && first) register.setParent(county.code, relation, first);
    else if (codes.size > 1) mixed.push(`${county.code} ${county.shortName}`);
  }
  return mixed;
}

export function addFireAuthorityParents(context: Context): void {
  const { register, tables, notes } = context;
  const rows = readLinkRows(context, 'fra24', {
    child: 'ltla24_code',
    parent: 'fra24_code',
    parentName: 'fra24_name',
  });
  const held = rows.filter((r) => register.area(r.parent)?.type === 'fire-and-rescue-authority');
  for (const [child, link] of linkMap(context, 'fra24', held))
    register.setParent(child, 'fire-and-rescue-authority', link);
  const mixed = deriveCountyParents(context, 'fire-and-rescue-authority');
  notes.push(
    `${tables.fra24.file}: ${plural(rows.length - held.length, 'link')} to fire and rescue authorities ` +
      'without an E31 code not stored; counties take their districts’ authority' +
      (mixed.length > 0 ? ` except where they differ (${mixed.join(', ')})` : ''),
  );
}

export function addPoliceForceAreaParents(context: Context): void {
  const { register, tables, notes } = context;
  const rows = readLinkRows(context, 'pfa24', {
    child: 'ltla24_code',
    parent: 'pfa24_code',
    parentName: 'pfa24_name',
  });
  for (const [child, link] of linkMap(context, 'pfa24', rows))
    register.setParent(child, 'police-force-area', link);
  const mixed = deriveCountyParents(context, 'police-force-area');
  const forces = new Set(rows.map((r) => r.parent));
  const partnerships = new Set(rows.map((r) => cell(r.row, 'csp24_code')));
  notes.push(
    `${tables.pfa24.file}: ${plural(forces.size, 'police force area')} kept as parent links only` +
      (mixed.length > 0 ? ` (not for counties that span several: ${mixed.join(', ')})` : '') +
      `; ${plural(partnerships.size, 'community safety partnership')} not stored`,
  );
}

/** The relation through which an area not in mySociety's list has members. */
const MEMBERSHIP: Partial<Record<AreaType, ParentRelation>> = {
  'fire-and-rescue-authority': 'fire-and-rescue-authority',
  'combined-authority': 'combined-authority',
};

/**
 * Fire authorities and the combined authorities added from ONS changes lie in a region when all
 * their members do; the source names both the membership and the region files.
 */
export function addDerivedRegionParents({ register, notes }: Context): void {
  const unplaced: string[] = [];
  for (const area of [...register.areas.values()].filter(isEnglishBelowRegion)) {
    if (register.parent(area.code, 'region')) continue;
    const relation = MEMBERSHIP[area.type];
    const members = relation === undefined ? [] : register.children(relation, area.code);
    const [first, ...rest] = members.map((m) => ({
      membership: relation === undefined ? undefined : register.parent(m, relation),
      region: register.parent(m, 'region'),
    }));
    const region = first?.region;
    if (region && first.membership && rest.every((m) => m.region?.code === region.code))
      register.setParent(area.code, 'region', {
        ...region,
        source: `${first.membership.source} + ${region.source}`,
      });
    else unplaced.push(`${area.code} ${area.shortName}`);
  }
  if (unplaced.length > 0)
    notes.push(
      `${plural(unplaced.length, 'English area')} with no single region (${examples(unplaced, 10)}) ` +
        'have no region link',
    );
}

export function addNationParents({ register }: Context): void {
  const nations = new Map(
    [...register.areas.values()].filter((a) => a.type === 'nation').map((a) => [a.nation, a]),
  );
  for (const area of register.areas.values()) {
    const nation = nations.get(area.nation);
    if (area.type === 'nation' || nation === undefined) continue;
    register.setParent(area.code, 'nation', {
      code: nation.code,
      name: nation.shortName,
      source: register.origin.get(area.code) ?? '',
    });
  }
}
