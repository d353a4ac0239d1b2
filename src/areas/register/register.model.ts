/**
 * The register being assembled: areas keyed by GSS code, their identifiers, names, parents and
 * successions, and what every step of the reading shares.
 */
import type { IdentifierScheme, ParentRelation } from '../../db/vocabulary.ts';
import type { RegisterArea, RegisterData } from './register.types.ts';
import { nameKey, type Problems, type Row } from './register.cells.ts';
import type { Tables } from './register.sources.ts';

export interface Link {
  code: string;
  name: string;
  source: string;
}

export class Register {
  readonly areas = new Map<string, RegisterArea>();
  /** The file each area came from, recorded as the source of its nation link. */
  readonly origin = new Map<string, string>();
  private readonly identifiers = new Map<string, string>();
  private readonly names = new Set<string>();
  private readonly parents = new Map<string, Map<ParentRelation, Link>>();
  private readonly successions = new Map<string, RegisterData['successions'][number]>();

  addArea(area: RegisterArea, source: string): void {
    this.areas.set(area.code, area);
    this.origin.set(area.code, source);
  }

  /** Replaces an area's facts, keeping where it came from. */
  update(area: RegisterArea): void {
    this.areas.set(area.code, area);
  }

  area(code: string): RegisterArea | undefined {
    return this.areas.get(code);
  }

  /** The held area a code stands for now: its own, or the area that code has since become. */
  resolve(code: string): string | undefined {
    return this.areas.has(code) ? code : this.identifierOwner('former-gss', code);
  }

  identifierOwner(scheme: IdentifierScheme, identifier: string): string | undefined {
    return this.identifiers.get(`${scheme}\t${identifier}`);
  }

  /** Returns the other area already holding the identifier, if there is one. */
  addIdentifier(
    scheme: IdentifierScheme,
    identifier: string,
    areaCode: string,
  ): string | undefined {
    const owner = this.identifierOwner(scheme, identifier);
    if (owner !== undefined && owner !== areaCode) return owner;
    this.identifiers.set(`${scheme}\t${identifier}`, areaCode);
    return undefined;
  }

  addName(name: string, areaCode: string): void {
    const key = nameKey(name);
    if (key !== '') this.names.add(`${key}\t${areaCode}`);
  }

  parent(areaCode: string, relation: ParentRelation): Link | undefined {
    return this.parents.get(areaCode)?.get(relation);
  }

  setParent(areaCode: string, relation: ParentRelation, link: Link): void {
    const links = this.parents.get(areaCode) ?? new Map<ParentRelation, Link>();
    links.set(relation, link);
    this.parents.set(areaCode, links);
  }

  /** Areas linked to the given parent by the given relation. */
  children(relation: ParentRelation, parentCode: string): string[] {
    return [...this.parents]
      .filter(([, links]) => links.get(relation)?.code === parentCode)
      .map(([code]) => code);
  }

  /** A held parent is named as the register names it, so that one area has one name. */
  parentName(code: string, nameInFile: string): string {
    return this.areas.get(code)?.shortName ?? nameInFile;
  }

  successorsOf(code: string): string[] {
    return [...this.successions.values()]
      .filter((s) => s.predecessorCode === code)
      .map((s) => s.successorCode);
  }

  addSuccession(succession: RegisterData['successions'][number]): void {
    this.successions.set(`${succession.predecessorCode}\t${succession.successorCode}`, succession);
  }

  hasSuccession(predecessorCode: string, successorCode: string): boolean {
    return this.successions.has(`${predecessorCode}\t${successorCode}`);
  }

  toData(notes: string[]): RegisterData {
    const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return {
      areas: [...this.areas.values()].sort((a, b) => byText(a.code, b.code)),
      identifiers: [...this.identifiers]
        .map(([key, areaCode]) => {
          const [scheme, identifier] = key.split('\t') as [IdentifierScheme, string];
          return { scheme, identifier, areaCode };
        })
        .sort((a, b) => byText(a.scheme, b.scheme) || byText(a.identifier, b.identifier)),
      names: [...this.names].sort(byText).map((entry) => {
        const [key, areaCode] = entry.split('\t') as [string, string];
        return { nameKey: key, areaCode };
      }),
      parents: [...this.parents]
        .flatMap(([areaCode, links]) =>
          [...links].map(([relation, link]) => ({
            areaCode,
            relation,
            parentCode: link.code,
            parentName: link.name,
            source: link.source,
          })),
        )
        .sort((a, b) => byText(a.areaCode, b.areaCode) || byText(a.relation, b.relation)),
      successions: [...this.successions.values()].sort(
        (a, b) =>
          byText(a.predecessorCode, b.predecessorCode) || byText(a.successorCode, b.successorCode),
      ),
      boundaries: [],
      notes,
    };
  }
}

export interface Authority {
  row: Row;
  registry: string;
  area: RegisterArea;
  replacedBy: string[];
  countyLa: string;
  combinedAuthority: string;
  region: string;
  formerGss: string[];
  ecode: string;
}

export interface Context {
  tables: Tables;
  problems: Problems;
  register: Register;
  notes: string[];
  authorities: Authority[];
  /** mySociety register code -> GSS code, for the authorities that have one. */
  registry: Map<string, string>;
  /** mySociety register codes of abolished authorities that never had a GSS code. */
  withoutGss: Set<string>;
}
