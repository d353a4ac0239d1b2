import { createHash } from 'node:crypto';
import path from 'node:path';
import type { PublicationState } from '../db/vocabulary.ts';

/** Who publishes the figures, named in provenance instead of the operator's account. */
export const publisher = 'openlg';

export interface ImportRow {
  kind: string;
  source: string;
  file_name: string;
  file_checksum: string;
  started_at: Date;
  finished_at: Date;
  publication: PublicationState;
  embargo_until: Date | null;
  synthetic: boolean;
  summary: unknown;
}

/** The last part of a path, whichever separator the machine that imported it used. */
function baseName(name: string): string {
  return path.win32.basename(path.posix.basename(name));
}

/**
 * A stable public name for an import, made from what it read and when: the stored id counts
 * every import, embargoed and restricted ones included, so its gaps would tell that hidden
 * imports exist. The same import always gets the same identifier, on every copy of the store.
 */
export function publicImportId(row: Pick<ImportRow, 'kind' | 'file_checksum' | 'started_at'>) {
  return createHash('sha256')
    .update(`${row.kind}\n${row.file_checksum}\n${row.started_at.toISOString()}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * An import as a reader of the figures needs it: what was read (files by name, with checksums),
 * when, and by which publisher. Not the operator's machine: no local paths, command line or
 * operating-system user.
 */
export function publicImport(row: ImportRow) {
  const names = row.file_name.split(', ');
  const checksums = row.file_checksum.split(',');
  // Names are joined with ", " when stored; a name holding ", " itself cannot be split back.
  const files =
    names.length === checksums.length
      ? names.map((name, i) => ({ name: baseName(name), sha256: checksums[i] ?? '' }))
      : [{ name: baseName(row.file_name), sha256: row.file_checksum }];
  return {
    id: publicImportId(row),
    kind: row.kind,
    source: baseName(row.source),
    files,
    publisher,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at.toISOString(),
    publication: row.publication,
    embargoUntil: row.embargo_until?.toISOString() ?? null,
    synthetic: row.synthetic,
    summary: publicSummary(row.summary),
  };
}

/**
 * The counts of an import, without the mapping it was read with: the operator's record of how a
 * file was read, like the command line, is not published (it can name columns and codes that were
 * skipped or measures that are not public).
 */
function publicSummary(summary: unknown): unknown {
  if (typeof summary !== 'object' || summary === null || !('mapping' in summary)) return summary;
  return Object.fromEntries(Object.entries(summary).filter(([key]) => key !== 'mapping'));
}
