import path from 'node:path';
import type { ParsedSource } from './import.types.ts';
import { readOnsEls } from './els/els.reader.ts';

/** A kind of source openlg can import, and where the demo finds it under the data folder. */
export interface SourceKind {
  kind: string;
  description: string;
  read(target: string, displayRoot: string): Promise<ParsedSource>;
  demoPath?: string;
}

export const sourceKinds: readonly SourceKind[] = [
  {
    kind: 'ons-els',
    description:
      'ONS Explore Local Statistics tidy CSV with its JSON metadata (a file or a folder)',
    read: readOnsEls,
    demoPath: 'metrics/ons-explore-local-statistics',
  },
];

export function findSourceKind(kind: string): SourceKind | undefined {
  return sourceKinds.find((k) => k.kind === kind);
}

export function demoTargets(dataDir: string): { kind: SourceKind; target: string }[] {
  return sourceKinds.flatMap((kind) =>
    kind.demoPath ? [{ kind, target: path.join(dataDir, kind.demoPath) }] : [],
  );
}
