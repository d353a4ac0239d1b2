import { nameKey } from '../areas/register/register.reader.ts';
import type { AreaReference } from './import.types.ts';

const identifierLabels = {
  'dfe-la': 'DfE LA number',
  mysociety: 'mySociety code',
  'mhclg-ecode': 'MHCLG E-code',
} as const;

export interface AreaLookupTables {
  idByCode: ReadonlyMap<string, number>;
  /** "scheme:identifier" -> current GSS code. */
  codeByIdentifier: ReadonlyMap<string, string>;
  codesByNameKey: ReadonlyMap<string, readonly string[]>;
  /** Each area's short name and start date, and the areas it succeeded, for reused numbers. */
  lifetimes?: ReadonlyMap<string, { name: string; validFrom: string | null }>;
  predecessors?: ReadonlyMap<string, readonly string[]>;
}

export type Resolution =
  | { ok: true; code: string; areaId: number }
  /** A geography openlg does not hold at all (police force areas, ITL regions…): counted, not an error. */
  | { ok: false; notHeld: string }
  | { ok: false; problem: string };

/**
 * Resolves how a source names an area to an area openlg holds. A former GSS code of the same
 * council resolves to its current code; an abolished council's code stays its own (its values are
 * never moved to a successor). Names resolve only through known spellings, and an ambiguous
 * spelling is a problem, not a guess.
 */
export function createAreaResolver(tables: AreaLookupTables) {
  const heldPrefixes = new Set([...tables.idByCode.keys()].map((code) => code.slice(0, 3)));
  const found = (code: string): Resolution => {
    const areaId = tables.idByCode.get(code);
    return areaId === undefined
      ? { ok: false, problem: `area ${code} is in the register's lookups but not held` }
      : { ok: true, code, areaId };
  };
  /*
   * DfE passes a county's LA number to the unitary council of the same name that replaces it
   * (825 Buckinghamshire in 2020, 815 North Yorkshire and 933 Somerset in 2023), and the code
   * list names only the new council. A value for a period that ended before that council
   * existed belongs to the county. A number that moved to a council of another name (Cumbria's
   * successors) is not reused, and DfE's back-calculated figures for the new council stay on it;
   * nor is one whose county keeps a number of its own (835 Dorset County beside 838 Dorset
   * Council). "Buckinghamshire County" and "Buckinghamshire" are one name here.
   */
  const numbered = new Set(
    [...tables.codeByIdentifier].filter(([key]) => key.startsWith('dfe-la:')).map(([, c]) => c),
  );
  const plainName = (code: string) =>
    tables.lifetimes?.get(code)?.name.replace(/\s+(County\s+Council|County|Council)$/i, '');
  const reusedBy = (code: string, periodEnd: string | undefined): string => {
    const life = tables.lifetimes?.get(code);
    if (!periodEnd || !life?.validFrom || periodEnd > life.validFrom) return code;
    const same = (tables.predecessors?.get(code) ?? []).filter(
      (p) => !numbered.has(p) && plainName(p) === plainName(code),
    );
    return same.length === 1 && same[0] ? same[0] : code;
  };
  return (reference: AreaReference, period?: { endDate: string }): Resolution => {
    const value = reference.value.trim();
    switch (reference.scheme) {
      case 'gss': {
        const code = value.toUpperCase();
        if (tables.idByCode.has(code)) return found(code);
        const current = tables.codeByIdentifier.get(`former-gss:${code}`);
        if (current) return found(current);
        const prefix = code.slice(0, 3);
        if (heldPrefixes.has(prefix)) return { ok: false, problem: `unknown area code "${value}"` };
        return { ok: false, notHeld: /^[EWSNK]\d{2}$/.test(prefix) ? prefix : 'other codes' };
      }
      case 'dfe-la':
      case 'mysociety':
      case 'mhclg-ecode': {
        const code = tables.codeByIdentifier.get(`${reference.scheme}:${value}`);
        const label = identifierLabels[reference.scheme];
        if (!code) return { ok: false, problem: `unknown ${label} "${value}"` };
        return found(reference.scheme === 'dfe-la' ? reusedBy(code, period?.endDate) : code);
      }
      case 'name': {
        const codes = tables.codesByNameKey.get(nameKey(value)) ?? [];
        if (codes.length === 1 && codes[0]) return found(codes[0]);
        if (codes.length === 0)
          return { ok: false, problem: `no area is known by the name "${value}"` };
        return {
          ok: false,
          problem: `the name "${value}" is ambiguous: it could be ${codes.join(' or ')}`,
        };
      }
    }
  };
}
