import type { Boundary } from '../../maps/boundaries.ts';
import type {
  AreaType,
  IdentifierScheme,
  Nation,
  ParentRelation,
  SuccessionKind,
} from '../../db/vocabulary.ts';

/** Everything the area register files say, resolved to GSS codes and checked, ready to store. */
export interface RegisterData {
  areas: RegisterArea[];
  identifiers: { scheme: IdentifierScheme; identifier: string; areaCode: string }[];
  /** Lower-cased, punctuation-folded spelling variants (see nameKey()). */
  names: { nameKey: string; areaCode: string }[];
  parents: {
    areaCode: string;
    relation: ParentRelation;
    parentCode: string;
    parentName: string;
    source: string;
  }[];
  successions: {
    predecessorCode: string;
    successorCode: string;
    effectiveDate: string | null;
    kind: SuccessionKind;
  }[];
  boundaries: Boundary[];
  /** Things the files contain that openlg does not store, counted so nothing vanishes silently. */
  notes: string[];
}

export interface RegisterArea {
  code: string;
  name: string;
  shortName: string;
  type: AreaType;
  nation: Nation;
  validFrom: string | null;
  validTo: string | null;
}
