import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../db/database.ts';
import type { MetricDefinition } from '../imports/import.types.ts';
import { AccountsService } from '../accounts/accounts.service.ts';
import {
  ImportService,
  type ImportOptions,
  type PublicationChoice,
} from '../imports/imports.service.ts';
import { readTidyCsv } from '../imports/tabular/tabular.reader.ts';

let folder: Promise<string> | undefined;
let files = 0;

/**
 * Imports values of one metric for one period through the real tidy-csv reader and import
 * service, from a small CSV written for the purpose: `values` maps GSS codes to numbers. The
 * metric is defined as `definition` says (by default a test title, higher is better).
 */
export async function importValues(
  database: Database,
  slug: string,
  period: string,
  values: Readonly<Record<string, number>>,
  options: ImportOptions = {},
  definition: Partial<MetricDefinition> = {},
) {
  folder ??= mkdtemp(path.join(tmpdir(), 'openlg-values-'));
  const dir = await folder;
  const file = path.join(dir, `${slug}-${(files += 1)}.csv`);
  const rows = Object.entries(values).map(([code, value]) => `${code},${value}`);
  await writeFile(file, `code,value\n${rows.join('\n')}\n`);
  const parsed = await readTidyCsv(file, dir, {
    name: 'test mapping',
    value: {
      area: { column: 'code' },
      period: { value: period },
      measures: [{ metric: slug, value: 'value' }],
      metrics: [{ slug, title: `Test ${slug}`, polarity: 'higher-is-better', ...definition }],
    },
  });
  return new ImportService(database).run(parsed, options);
}

/**
 * Imports values as lodged by a person of a council (by GSS code): embargoed for a day
 * unless `publication` says otherwise, seen before the public by the council (and `audience`,
 * organisation ids, when restricted).
 */
export async function lodgeValues(
  database: Database,
  slug: string,
  period: string,
  values: Readonly<Record<string, number>>,
  by: {
    organisation: string;
    user: { id: number; email: string };
    publication?: PublicationChoice;
    audience?: readonly number[];
  },
) {
  const accounts = new AccountsService(database.db, { idleSeconds: 60, maxSeconds: 60 });
  const organisation = await accounts.organisation(by.organisation);
  return importValues(database, slug, period, values, {
    publication: by.publication ?? { state: 'embargoed', until: new Date(Date.now() + 86_400_000) },
    lodging: {
      organisationId: organisation.id,
      userId: by.user.id,
      actor: by.user.email,
      audience: by.audience ?? [],
    },
  });
}

/**
 * Writes `mapping.json` in `dir`: a tidy CSV with columns area, `periodColumn` and value, all
 * values of one metric (no judgement), for tests that run `openlg import` as a process.
 */
export async function writeMappingFile(
  dir: string,
  metric: string,
  title: string,
  periodColumn = 'year',
) {
  await writeFile(
    path.join(dir, 'mapping.json'),
    JSON.stringify({
      area: { column: 'area' },
      period: { column: periodColumn },
      measures: [{ metric, value: 'value' }],
      metrics: [{ slug: metric, title, polarity: 'no-judgement' }],
    }),
  );
}
