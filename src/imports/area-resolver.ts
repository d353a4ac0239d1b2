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
  return (reference: AreaReference): Resolution => {
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
        return code ? found(code) : { ok: false, problem: `unknown ${label} "${value}"` };
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
