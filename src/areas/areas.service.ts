import type { Db } from '../db/database.ts';
import type { AreaRow } from '../db/schema.ts';
import type { AreaType, ParentRelation } from '../db/vocabulary.ts';
import { DataFileError, NotFoundError } from '../shared/errors.ts';
import { silentProgress, type Progress } from '../shared/progress.ts';
import * as repository from './areas.repository.ts';
import { nameKey, readRegister } from './register/register.reader.ts';
import { readBoundaries } from '../maps/boundaries.ts';
import path from 'node:path';
import { groupBy } from '../shared/group-by.ts';

export interface AreaSummary {
  code: string;
  name: string;
  shortName: string;
  type: AreaType;
  nation: string;
  validFrom: string | null;
  validTo: string | null;
  parents: Partial<Record<ParentRelation, { code: string; name: string }>>;
}

export interface AreaDetail extends AreaSummary {
  identifiers: { scheme: string; identifier: string }[];
  children: (Pick<AreaSummary, 'code' | 'shortName' | 'type' | 'validTo'> & {
    relation: ParentRelation;
  })[];
  predecessors: { code: string; name: string; date: string | null; kind: string }[];
  successors: { code: string; name: string; date: string | null; kind: string }[];
}

export type AreaLookup = { found: AreaDetail } | { movedTo: string };

export interface RegisterImportSummary extends repository.RegisterWriteSummary {
  areas: number;
  identifiers: number;
  names: number;
  parents: number;
  successions: number;
  boundaries: number;
  notes: string[];
  seconds: number;
}

const BOUNDARY_FILE = 'areas/boundaries/ons-uk-topo.json';

function summarise(row: AreaRow, parents: repository.ParentLink[]): AreaSummary {
  return {
    code: row.code,
    name: row.name,
    shortName: row.short_name,
    type: row.type,
    nation: row.nation,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    parents: Object.fromEntries(parents.map((p) => [p.relation, { code: p.code, name: p.name }])),
  };
}

export class AreasService {
  constructor(private readonly db: Db) {}

  /** Reads the register files and replaces the stored register in one transaction. */
  async importRegister(
    dataDir: string,
    progress: Progress = silentProgress,
  ): Promise<RegisterImportSummary> {
    const started = performance.now();
    progress.step(`Reading the area register from ${dataDir}`);
    const register = await readRegister(dataDir);
    const held = new Set(register.areas.map((a) => a.code));
    const boundaries = await readBoundaries(path.join(dataDir, BOUNDARY_FILE), BOUNDARY_FILE);
    const kept = boundaries.boundaries.filter((b) => held.has(b.areaCode));
    const notHeld = boundaries.boundaries.length - kept.length;
    const notes = [...register.notes, ...boundaries.notes];
    if (notHeld > 0)
      notes.push(`${BOUNDARY_FILE}: ${notHeld} boundaries for areas not in the register skipped`);
    progress.step('Writing the register');
    let written: repository.RegisterWriteSummary;
    try {
      written = await this.db
        .transaction()
        .execute((trx) => repository.writeRegister(trx, { ...register, boundaries: kept }));
    } catch (error) {
      if (error instanceof repository.AreasInUseError)
        throw new DataFileError([
          {
            file: 'areas/mysociety-uk-local-authorities.csv',
            message: `${error.codes.join(', ')} ${error.codes.length === 1 ? 'has' : 'have'} stored values but ${error.codes.length === 1 ? 'is' : 'are'} missing from the new register`,
          },
        ]);
      throw error;
    }
    const summary: RegisterImportSummary = {
      ...written,
      areas: register.areas.length,
      identifiers: register.identifiers.length,
      names: register.names.length,
      parents: register.parents.length,
      successions: register.successions.length,
      boundaries: kept.length,
      notes,
      seconds: (performance.now() - started) / 1000,
    };
    progress.done(
      `Register: ${summary.areas} areas (${written.areasInserted} new, ${written.areasUpdated} changed, ` +
        `${written.areasUnchanged} unchanged, ${written.areasRemoved} removed), ${summary.boundaries} boundaries ` +
        `in ${summary.seconds.toFixed(1)} s`,
    );
    return summary;
  }

  /** Loads the register on first start; a populated database is left alone. */
  async ensureRegister(dataDir: string, progress: Progress = silentProgress): Promise<boolean> {
    if ((await repository.countAreas(this.db)) > 0) return false;
    await this.importRegister(dataDir, progress);
    return true;
  }

  async listAreas(filter: repository.AreaFilter): Promise<AreaSummary[]> {
    return this.withParents(await repository.listAreas(this.db, filter));
  }

  /** Search by code or by any known spelling of the name; current areas first. */
  async searchAreas(query: string, filter: repository.AreaFilter): Promise<AreaSummary[]> {
    const key = nameKey(query);
    if (key === '') return [];
    return this.withParents(
      await repository.searchAreas(this.db, query.trim().toUpperCase(), key, filter),
    );
  }

  private async withParents(rows: AreaRow[]): Promise<AreaSummary[]> {
    const parents = await repository.findParents(
      this.db,
      rows.map((r) => r.code),
    );
    const byArea = groupBy(parents, (parent) => parent.areaCode);
    return rows.map((row) => summarise(row, byArea.get(row.code) ?? []));
  }

  /** Short names of the areas openlg holds among these codes. */
  async namesOf(codes: readonly string[]): Promise<Map<string, string>> {
    const rows = await repository.findAreas(this.db, codes);
    return new Map(rows.map((r) => [r.code, r.short_name]));
  }

  /** An area and its parents by its current or a former code (no children or history). */
  async getSummary(code: string): Promise<AreaSummary> {
    const row =
      (await repository.findArea(this.db, code)) ??
      (await repository.findArea(
        this.db,
        (await repository.findCodeByFormerCode(this.db, code)) ?? '',
      ));
    if (!row) throw new NotFoundError('Area', code);
    const [summary] = await this.withParents([row]);
    if (!summary) throw new NotFoundError('Area', code);
    return summary;
  }

  /** An area by its current code; a former code answers with the code to move to. */
  async getArea(code: string): Promise<AreaLookup> {
    const row = await repository.findArea(this.db, code);
    if (!row) {
      const current = await repository.findCodeByFormerCode(this.db, code);
      if (current) return { movedTo: current };
      throw new NotFoundError('Area', code);
    }
    const [parents, identifiers, children, successions] = await Promise.all([
      repository.findParents(this.db, [code]),
      repository.findIdentifiers(this.db, code),
      repository.findChildren(this.db, code),
      repository.findSuccessions(this.db, code),
    ]);
    return {
      found: {
        ...summarise(row, parents),
        identifiers,
        children: children.map((c) => ({
          code: c.code,
          shortName: c.short_name,
          type: c.type,
          validTo: c.valid_to,
          relation: c.relation,
        })),
        predecessors: successions
          .filter((s) => s.successorCode === code)
          .map((s) => ({
            code: s.predecessorCode,
            name: s.predecessorName,
            date: s.effectiveDate,
            kind: s.kind,
          })),
        successors: successions
          .filter((s) => s.predecessorCode === code)
          .map((s) => ({
            code: s.successorCode,
            name: s.successorName,
            date: s.effectiveDate,
            kind: s.kind,
          })),
      },
    };
  }

  /** Every current English council's shape on a layer: ltla (districts) or utla (counties). */
  async layerShapes(layer: 'ltla' | 'utla') {
    return repository.findLayerShapes(this.db, layer);
  }

  async getBoundaryMap(code: string) {
    return repository.findBoundaryWithContext(
      this.db,
      code,
      ['ltla', 'utla', 'cauth', 'rgn', 'ctry'],
      0.6,
    );
  }
}
