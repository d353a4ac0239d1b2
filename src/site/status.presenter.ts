import type { ServiceStatus } from '../health/health.service.ts';
import { monthNames } from '../shared/format.ts';

/** The publishers behind each import kind; CSV kinds name their file instead. */
const sourceNames: Record<string, string> = {
  'ons-els': 'ONS Explore Local Statistics',
  'dfe-lait': 'DfE Local Authority Interactive Tool',
  'mhclg-ctr': 'MHCLG council tax requirement',
};

/** "3 December 2026 at 12:05 UTC": GOV.UK style, in UTC so every server says the same. */
export function formatMoment(at: Date): string {
  const time = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  return `${at.getUTCDate()} ${monthNames[at.getUTCMonth()]} ${at.getUTCFullYear()} at ${time} UTC`;
}

export interface StatusRow {
  key: string;
  value: string;
}

/** The status page's heading and rows, in plain words. */
export function statusView(status: ServiceStatus): {
  ok: boolean;
  heading: string;
  rows: StatusRow[];
} {
  const ok = status.health.status === 'ok';
  const engine =
    status.health.database.engine === 'pglite'
      ? 'The database built into openlg (PGlite)'
      : 'PostgreSQL';
  const rows: StatusRow[] = [
    {
      key: 'Database',
      value: `${engine}: ${status.health.database.reachable ? 'answering' : 'not answering'}`,
    },
  ];
  if (status.data)
    rows.push({
      key: 'Figures last changed',
      value: `${formatMoment(status.data.changedAt)} (version ${status.data.version.toLocaleString('en-GB')})`,
    });
  if (status.lastImport) {
    const { kind, source, finishedAt } = status.lastImport;
    rows.push({
      key: 'Latest import',
      value: `${sourceNames[kind] ?? `The file ${source}`}, ${formatMoment(new Date(finishedAt))}`,
    });
  } else if (status.data) rows.push({ key: 'Latest import', value: 'No figures imported yet' });
  return {
    ok,
    heading: ok ? 'The service is working' : 'The service cannot reach its database',
    rows,
  };
}
