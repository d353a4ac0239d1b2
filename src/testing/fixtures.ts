/**
 * Setup that many test files share, written once: a register database with its import service
 * for a describe block, and parsed sources built in memory for the import checks. Values are
 * imported through the real reader with `importValues` (./values.ts); whole apps come from
 * ./app.ts.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Database } from '../db/database.ts';
import type { MetricDefinition, ObservationInput, ParsedSource } from '../imports/import.types.ts';
import { ImportService } from '../imports/imports.service.ts';
import { parsePeriod, type Period } from '../periods/period.ts';
import { openRegisterDatabase } from './app.ts';

export interface ImportDatabase {
  readonly database: Database;
  readonly imports: ImportService;
}

/**
 * A database holding the real area register, opened before the enclosing describe block's
 * tests and closed after them, with an import service on it. Read its fields inside tests (or
 * hooks): they exist only once the block has started.
 */
export function useImportDatabase(): ImportDatabase {
  let opened: ImportDatabase | undefined;
  before(async () => {
    const database = await openRegisterDatabase();
    opened = { database, imports: new ImportService(database) };
  });
  after(() => opened?.database.close());
  const ready = () => {
    assert.ok(opened, 'the import database is opened before the describe block’s tests');
    return opened;
  };
  return {
    get database() {
      return ready().database;
    },
    get imports() {
      return ready().imports;
    },
  };
}

export function period(text: string): Period {
  const parsed = parsePeriod(text);
  assert.ok(parsed.ok, `${text} is a period`);
  return parsed.period;
}

/**
 * One row of a source as a reader gives it: a value of `test-rate` for a council by GSS code in
 * 2019/20 (a null value is suppressed), from row 2 of test.csv unless `extra` says otherwise.
 */
export function observation(
  areaCode: string,
  value: number | null,
  extra: Partial<ObservationInput> = {},
): ObservationInput {
  return {
    metricSlug: 'test-rate',
    area: { scheme: 'gss', value: areaCode },
    period: period('2019-04-01/P1Y'),
    value,
    lci: null,
    uci: null,
    numerator: null,
    denominator: null,
    status: value === null ? 'suppressed' : 'ok',
    file: 'test.csv',
    row: 2,
    ...extra,
  };
}

/** The definition of `test-rate`, a percentage where higher is better. */
export const testRate: MetricDefinition = {
  slug: 'test-rate',
  title: 'Test rate',
  subtitle: null,
  description: null,
  unit: '%',
  measure: 'Percentage',
  decimalPlaces: 1,
  polarity: 'higher-is-better',
  theme: 'economy-and-skills',
  sourceOrganisation: 'Tests',
  sourceUrl: null,
  licence: null,
  caveats: null,
  periodicity: 'annual',
};

/** A parsed tidy CSV, test.csv, of the given rows defining `test-rate`, with no problems. */
export function parsedSource(
  observations: ObservationInput[],
  extra: Partial<ParsedSource> = {},
): ParsedSource {
  return {
    kind: 'tidy-csv',
    source: 'test',
    files: [{ name: 'test.csv', checksum: 'abc' }],
    metrics: [testRate],
    observations,
    problems: [],
    notes: [],
    ...extra,
  };
}

/** People and organisations (issue 17): see src/accounts/accounts.fixture.ts. */
export { newOrganisation, newUser, testPassword } from '../accounts/accounts.fixture.ts';
