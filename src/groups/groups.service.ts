import path from 'node:path';
import type { Db, Executor } from '../db/database.ts';
import {
  groupKinds,
  principalCouncilTypes,
  type AreaType,
  type GroupKind,
} from '../db/vocabulary.ts';
import { inSentence, typeLabels } from '../areas/areas.schema.ts';
import { NotFoundError } from '../shared/errors.ts';
import * as repository from './groups.repository.ts';
import { profileGroupKinds } from './groups.schema.ts';
import { findModel, neighbourModels, neighboursWords, type NeighbourModel } from './models.ts';
import { meanOverlap, nearestNeighbours, type AreaFeatures } from './neighbours.ts';
import { readStatisticalNeighbours } from './statistical-neighbours.reader.ts';

export const statisticalNeighboursFile = 'metrics/dfe-lait/statistical_neighbours_2025.csv';

const lowerTier: readonly AreaType[] = [
  'district',
  'unitary',
  'metropolitan-district',
  'london-borough',
  'sui-generis',
];
const upperTier: readonly AreaType[] = [
  'county',
  'unitary',
  'metropolitan-district',
  'london-borough',
  'sui-generis',
];

const id = (...parts: string[]) => parts.join(':').toLowerCase();

/**
 * The councils of Wales, Scotland and Northern Ireland: held so that UK-wide sources resolve, and
 * compared by default with their own nation's councils of their type.
 */
const nationCouncilTypes = [
  'welsh-unitary',
  'scottish-unitary',
  'northern-ireland-district',
] as const satisfies readonly AreaType[];

/** Every council a profile or measure page is drawn for: England's and the other nations'. */
export const councilTypes: readonly AreaType[] = [...principalCouncilTypes, ...nationCouncilTypes];

function group(
  kind: GroupKind,
  groupId: string,
  label: string,
  description: string,
  codes: readonly string[],
): repository.GroupInput {
  return {
    id: groupId,
    kind,
    label,
    description,
    subjectAreaCode: null,
    model: null,
    modelVersion: null,
    members: codes.map((areaCode) => ({ areaCode, distance: null, band: null, details: null })),
  };
}

function byParent(
  areas: readonly repository.AreaWithParents[],
  relation: 'region' | 'upper-tier' | 'combined-authority' | 'fire-and-rescue-authority',
  keep: (a: repository.AreaWithParents) => boolean = () => true,
) {
  const out = new Map<string, { name: string; codes: string[] }>();
  for (const area of areas) {
    const parent = area.parents[relation];
    if (!parent || !keep(area)) continue;
    const entry = out.get(parent.code) ?? { name: parent.name, codes: [] };
    entry.codes.push(area.code);
    out.set(parent.code, entry);
  }
  return out;
}

function toGroup(row: repository.GroupRow) {
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    description: row.description,
    subject: row.subject_area_code,
    model: row.model,
    modelVersion: row.model_version,
    members: Number(row.member_count ?? 0),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

interface StoredDetails {
  distance: number;
  contributions: { metric: string; share: number; difference: number | null }[];
}

export interface Validation {
  model: string;
  version: string;
  subjects: number;
  top: number;
  openlg: number;
  sameRegion: number;
  random: number;
}

/**
 * The kinds of group the register and its files make (see rebuildRegisterGroups): every kind
 * but those computed from values (nearest neighbours, clusters) and those people make.
 */
const registerGroupKinds = groupKinds.filter(
  (kind) => kind !== 'nearest-neighbours' && kind !== 'cluster' && kind !== 'custom',
);

export class GroupsService {
  constructor(private readonly db: Db) {}

  /**
   * Rebuilds the groups that follow from the register (types, regions, counties, combined and
   * fire authorities) and the DfE statistical neighbours, in one transaction.
   */
  async rebuildRegisterGroups(dataDir: string): Promise<{ groups: number; notes: string[] }> {
    const areas = await repository.currentAreas(this.db, principalCouncilTypes);
    // Type, tier and region groups hold every council that ever was: a comparison keeps those
    // that existed in its period, so 2017/18 is compared among the councils of 2017/18.
    const ever = await repository.currentAreas(this.db, principalCouncilTypes, {
      abolishedToo: true,
    });
    const groups: repository.GroupInput[] = [];
    for (const type of principalCouncilTypes) {
      const codes = ever.filter((a) => a.type === type).map((a) => a.code);
      if (codes.length > 1)
        groups.push(
          group(
            'type',
            id('type', type),
            `All ${inSentence(typeLabels[type].plural)}`,
            `Every ${inSentence(typeLabels[type].singular)} in England in the period compared.`,
            codes,
          ),
        );
    }
    for (const type of nationCouncilTypes) {
      const codes = (await repository.currentAreas(this.db, [type])).map((a) => a.code);
      if (codes.length > 1)
        groups.push(
          group(
            'type',
            id('type', type),
            `All ${typeLabels[type].plural}`,
            `Every current ${typeLabels[type].singular}.`,
            codes,
          ),
        );
    }
    const tiers = [
      ['lower', lowerTier, 'District-level councils', 'councils that run district services'],
      ['upper', upperTier, 'County-level councils', 'councils that run county services'],
    ] as const;
    for (const [tier, types, label, what] of tiers) {
      const inTier = (a: repository.AreaWithParents) => types.includes(a.type);
      groups.push(
        group(
          'type',
          id('tier', tier),
          `All ${label.toLowerCase()}`,
          `The English ${what} in the period compared: ${types.map((t) => inSentence(typeLabels[t].plural)).join(', ')}.`,
          ever.filter(inTier).map((a) => a.code),
        ),
      );
      for (const [code, region] of byParent(ever, 'region', inTier))
        groups.push(
          group(
            'region',
            id('region', tier, code),
            `${label} in ${region.name}`,
            `The ${what} in the ${region.name} region in the period compared.`,
            region.codes,
          ),
        );
    }
    for (const type of principalCouncilTypes)
      for (const [code, region] of byParent(ever, 'region', (a) => a.type === type))
        if (region.codes.length > 1)
          groups.push(
            group(
              'type-in-region',
              id('type-region', type, code),
              `${typeLabels[type].plural} in ${region.name}`,
              `The ${inSentence(typeLabels[type].plural)} in the ${region.name} region in the period compared.`,
              region.codes,
            ),
          );
    for (const [code, county] of byParent(areas, 'upper-tier', (a) => a.type === 'district'))
      groups.push(
        group(
          'county-districts',
          id('county', code),
          `Districts in ${county.name}`,
          `The district councils within ${county.name}.`,
          county.codes,
        ),
      );
    for (const [code, ca] of byParent(areas, 'combined-authority'))
      groups.push(
        group(
          'combined-authority',
          id('ca', code),
          `${ca.name} members`,
          `The councils in the ${ca.name} area.`,
          ca.codes,
        ),
      );
    for (const [code, fra] of byParent(
      areas,
      'fire-and-rescue-authority',
      (a) => a.type !== 'county',
    ))
      groups.push(
        group(
          'fire-and-rescue-authority',
          id('fra', code),
          `Councils in ${fra.name}`,
          `The councils whose area ${fra.name} covers.`,
          fra.codes,
        ),
      );

    const { groups: neighbours, notes } = await this.statisticalNeighbourGroups(dataDir);
    groups.push(...neighbours);
    await this.db
      .transaction()
      .execute((trx) => repository.replaceGroups(trx, { kinds: registerGroupKinds }, groups));
    return { groups: groups.length, notes };
  }

  private async statisticalNeighbourGroups(dataDir: string) {
    const file = path.join(dataDir, statisticalNeighboursFile);
    const { lists, rowsAfterTable } = await readStatisticalNeighbours(
      file,
      statisticalNeighboursFile,
    );
    const byLa = await repository.dfeLaNumbers(this.db);
    const notes: string[] = [];
    if (rowsAfterTable > 0)
      notes.push(
        `${statisticalNeighboursFile}: ${rowsAfterTable} rows below the table (blank, and the "Old SNs" of authorities before reorganisation) left out`,
      );
    const unknown = new Set<string>();
    const groups: repository.GroupInput[] = [];
    for (const list of lists) {
      const subject = byLa.get(list.la);
      if (!subject) {
        unknown.add(list.la);
        continue;
      }
      const members = list.neighbours.flatMap((n) => {
        const code = byLa.get(n.la);
        if (!code) unknown.add(n.la);
        return code
          ? [{ areaCode: code, distance: null, band: n.band.toLowerCase(), details: null }]
          : [];
      });
      groups.push({
        id: id('dfe-sn', subject),
        kind: 'statistical-neighbours',
        label: 'DfE statistical neighbours',
        description:
          "The Department for Education's ten children's services statistical neighbours (2025), closest first.",
        subjectAreaCode: subject,
        model: 'dfe-statistical-neighbours',
        modelVersion: '2025',
        members,
      });
    }
    if (unknown.size > 0)
      notes.push(
        `${statisticalNeighboursFile}: LA numbers openlg cannot place, left out: ${[...unknown].sort().join(', ')}`,
      );
    return { groups, notes };
  }

  private async features(
    db: Executor,
    model: NeighbourModel,
    areas: readonly repository.AreaWithParents[],
  ): Promise<AreaFeatures[]> {
    const rows = await repository.latestValues(
      db,
      model.features.map((f) => f.metric),
      model.areaTypes,
    );
    const values = new Map<string, Record<string, number>>(areas.map((a) => [a.code, {}]));
    for (const row of rows) {
      const entry = values.get(row.code);
      if (entry) entry[row.slug] = row.value;
    }
    return [...values].map(([code, v]) => ({ code, values: v }));
  }

  /** Computes and stores every council's nearest neighbours under each model. */
  async rebuildNeighbours(
    models: readonly NeighbourModel[] = neighbourModels,
  ): Promise<{ model: string; version: string; areas: number; withoutNeighbours: string[] }[]> {
    const results = [];
    for (const model of models) results.push(await this.rebuildModel(model));
    return results;
  }

  /**
   * Rebuilds the neighbours of the models some of whose inputs the public has come to see since
   * they were built (an embargo on them ended): the neighbours are worked out from public values
   * only, so an embargoed revision moves them when it is published, not before. Any process may
   * run this at any time; the answer lives in the database.
   */
  async refreshStaleNeighbours(): Promise<string[]> {
    const stale: NeighbourModel[] = [];
    for (const model of neighbourModels) {
      const inputs = model.features.map((f) => f.metric);
      if (await repository.neighboursOutdated(this.db, model.id, inputs)) stale.push(model);
    }
    await this.rebuildNeighbours(stale);
    return stale.map((m) => m.id);
  }

  /**
   * Reads the model's inputs and stores its neighbours in one transaction, so that the groups'
   * updated_at (the transaction's start) is exactly the moment whose public values they use.
   */
  private rebuildModel(model: NeighbourModel) {
    return this.db.transaction().execute((trx) => this.buildModel(trx, model));
  }

  private async buildModel(trx: Executor, model: NeighbourModel) {
    const register = await repository.currentAreas(trx, model.areaTypes);
    const areas = await this.features(trx, model, register);
    const neighbours = nearestNeighbours(areas, model);
    const groups: repository.GroupInput[] = [];
    const withoutNeighbours: string[] = [];
    for (const area of register) {
      const list = neighbours.get(area.code) ?? [];
      if (list.length === 0) {
        withoutNeighbours.push(area.code);
        continue;
      }
      groups.push({
        id: id('nn', model.id, area.code),
        kind: 'nearest-neighbours',
        ...neighboursWords(model, area, list.length),
        subjectAreaCode: area.code,
        model: model.id,
        modelVersion: model.version,
        members: list.map((n) => ({
          areaCode: n.code,
          distance: n.rebased,
          band: n.band,
          details: { distance: n.distance, contributions: n.contributions },
        })),
      });
    }
    await repository.replaceGroups(trx, { kinds: ['nearest-neighbours'], model: model.id }, groups);
    return { model: model.id, version: model.version, areas: areas.length, withoutNeighbours };
  }

  /**
   * Builds the groups a database lacks: every group on first start; the register's groups
   * alone after a migration removed them to be rebuilt by newer rules (migration 0010); and the
   * neighbours of a model whose stored groups an earlier version made (their words or their
   * maths are not this openlg's). True when every model's neighbours were built (a caller that
   * needs them all rebuilt has nothing left to do).
   */
  async ensureGroups(dataDir: string): Promise<boolean> {
    if ((await repository.countGroups(this.db, registerGroupKinds)) === 0)
      await this.rebuildRegisterGroups(dataDir);
    const none = (await repository.countGroups(this.db, ['nearest-neighbours'])) === 0;
    const outdated: NeighbourModel[] = [];
    for (const model of neighbourModels)
      if (none || (await repository.otherModelVersion(this.db, model.id, model.version)))
        outdated.push(model);
    await this.rebuildNeighbours(outdated);
    return outdated.length === neighbourModels.length;
  }

  /**
   * The groups a page offers an area to compare with, nearest neighbours first. An abolished
   * council belongs to no current group: it is offered the councils of its type.
   */
  async comparisonOptions(area: { code: string; type: AreaType }) {
    const groups = await this.listGroups({ area: area.code, kinds: profileGroupKinds });
    const ownType = await repository.findGroup(this.db, id('type', area.type));
    if (ownType && !groups.some((g) => g.id === ownType.id)) groups.push(toGroup(ownType));
    return groups.sort(
      (a, b) =>
        profileGroupKinds.indexOf(a.kind as (typeof profileGroupKinds)[number]) -
        profileGroupKinds.indexOf(b.kind as (typeof profileGroupKinds)[number]),
    );
  }

  async listGroups(filter: repository.GroupFilter) {
    return (await repository.listGroups(this.db, filter)).map(toGroup);
  }

  async getGroup(groupId: string) {
    const row = await repository.findGroup(this.db, groupId);
    if (!row) throw new NotFoundError('Group', groupId);
    const members = await repository.groupMembers(this.db, groupId);
    return {
      ...toGroup(row),
      areas: members.map((m) => ({
        code: m.area_code,
        name: m.short_name,
        type: m.type,
        position: m.position,
        distance: m.distance,
        band: m.band,
        validFrom: m.valid_from,
        validTo: m.valid_to,
      })),
    };
  }

  /** Member codes of a stored group, for comparisons. */
  async memberCodes(
    groupId: string,
  ): Promise<{ group: ReturnType<typeof toGroup>; codes: string[] }> {
    const row = await repository.findGroup(this.db, groupId);
    if (!row) throw new NotFoundError('Group', groupId);
    const members = await repository.groupMembers(this.db, groupId);
    return { group: toGroup(row), codes: members.map((m) => m.area_code) };
  }

  /**
   * The group a council is compared with when none is asked for: its nearest neighbours, or,
   * for a council that has none (outside England, or abolished), the councils of its type.
   */
  async defaultGroupId(area: { code: string; type: AreaType }): Promise<string> {
    const neighbours = id('nn', this.defaultModel(area.type), area.code);
    return (await repository.findGroup(this.db, neighbours)) ? neighbours : id('type', area.type);
  }

  /** The model a council's neighbours come from unless another is asked for. */
  defaultModel(type: AreaType): string {
    return type === 'district' ? 'openlg-lower-tier' : 'openlg-upper-tier';
  }

  /** The area's nearest neighbours under a model, nearest first, with what makes them close. */
  async neighbours(areaCode: string, areaType: AreaType, k: number, modelId?: string) {
    const model = modelId ?? this.defaultModel(areaType);
    const kind =
      model === 'dfe-statistical-neighbours' ? 'statistical-neighbours' : 'nearest-neighbours';
    if (kind === 'nearest-neighbours' && !findModel(model)) throw new NotFoundError('Model', model);
    const groupId = await repository.subjectGroupId(this.db, areaCode, kind, model);
    if (!groupId) throw new NotFoundError(`Neighbours under model ${model} for area`, areaCode);
    const { group } = await this.memberCodes(groupId);
    const spec = findModel(model);
    const labels = new Map(spec?.features.map((f) => [f.metric, f.label]) ?? []);
    const members = await repository.groupMembers(this.db, groupId);
    return {
      group,
      neighbours: members.slice(0, k).map((m) => {
        const details = m.details as StoredDetails | null;
        const features = (details?.contributions ?? [])
          .filter((c) => c.difference !== null)
          .map((c) => ({
            metric: c.metric,
            label: labels.get(c.metric) ?? c.metric,
            share: c.share,
            difference: c.difference,
          }));
        const byCloseness = [...features].sort(
          (a, b) => Math.abs(a.difference ?? 0) - Math.abs(b.difference ?? 0),
        );
        return {
          code: m.area_code,
          name: m.short_name,
          type: m.type,
          position: m.position,
          distance: m.distance,
          band: m.band,
          ...(details
            ? {
                features,
                mostAlike: byCloseness.slice(0, 3).map((f) => f.label),
                mostDifferent: byCloseness.at(-1)?.label ?? null,
              }
            : {}),
        };
      }),
    };
  }

  /**
   * How well a model's top-10 lists agree with the DfE statistical neighbours for the councils
   * both cover, beside two baselines: ten councils from the same region (the region's councils
   * nearest in the list order, as a naive analyst might pick) and ten drawn at random.
   */
  async validateAgainstDfe(modelId = 'openlg-upper-tier', seed = 1): Promise<Validation> {
    const model = findModel(modelId);
    if (!model) throw new NotFoundError('Model', modelId);
    const register = await repository.currentAreas(this.db, model.areaTypes);
    const areas = await this.features(this.db, model, register);
    const ours = new Map(
      [...nearestNeighbours(areas, model, 10)].map(([k, v]) => [k, v.map((n) => n.code)]),
    );
    const dfe = new Map<string, string[]>();
    for (const g of await repository.listGroups(this.db, { kinds: ['statistical-neighbours'] })) {
      if (!g.subject_area_code) continue;
      dfe.set(
        g.subject_area_code,
        (await repository.groupMembers(this.db, g.id)).map((m) => m.area_code),
      );
    }
    const candidates = [...ours.keys()].filter((c) => dfe.has(c));
    const regions = new Map(register.map((a) => [a.code, a.parents.region?.code]));
    let state = seed;
    const random = () => {
      // A small linear congruential generator: the baseline must be reproducible.
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const pick = (pool: string[], n: number) => {
      const copy = [...pool];
      const out: string[] = [];
      while (out.length < n && copy.length > 0)
        out.push(copy.splice(Math.floor(random() * copy.length), 1)[0] ?? '');
      return out;
    };
    const sameRegion = new Map(
      candidates.map((c) => [
        c,
        pick(
          candidates.filter((o) => o !== c && regions.get(o) === regions.get(c)),
          10,
        ),
      ]),
    );
    const randomLists = new Map(
      candidates.map((c) => [
        c,
        pick(
          candidates.filter((o) => o !== c),
          10,
        ),
      ]),
    );
    const restrict = (m: Map<string, string[]>) =>
      new Map(candidates.map((c) => [c, m.get(c) ?? []]));
    const result = meanOverlap(restrict(ours), dfe);
    return {
      model: model.id,
      version: model.version,
      subjects: result.subjects,
      top: 10,
      openlg: result.meanOverlap,
      sameRegion: meanOverlap(sameRegion, dfe).meanOverlap,
      random: meanOverlap(randomLists, dfe).meanOverlap,
    };
  }
}
