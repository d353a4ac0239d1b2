import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { observation, parsedSource } from '../testing/fixtures.ts';
import { createAreaResolver } from './area-resolver.ts';
import { checkRows } from './import-checks.ts';
import type { ObservationInput, ParsedSource } from './import.types.ts';

/** Rows of test.csv, after a problem the reader found in its row 1. */
const source = (observations: ObservationInput[]) =>
  parsedSource(observations, {
    metrics: [],
    problems: [{ file: 'test.csv', row: 1, message: 'read by the parser' }],
  });

/** A row by its line in the file. */
const row = (
  line: number,
  area: string,
  value: number | null,
  extra: Partial<ObservationInput> = {},
) => observation(area, value, { row: line, ...extra });

const resolve = createAreaResolver({
  idByCode: new Map([
    ['E06000001', 1],
    ['E06000002', 2],
  ]),
  codeByIdentifier: new Map(),
  codesByNameKey: new Map(),
});
const slugs = new Set(['test-rate']);

describe('checkRows', () => {
  it('keeps each good row once, by metric, area and period', () => {
    const checked = checkRows(
      source([row(2, 'E06000001', 1), row(3, 'E06000001', 1), row(4, 'E06000002', null)]),
      slugs,
      resolve,
      {},
    );
    assert.deepEqual(
      [...checked.keyed.values()].map((o) => [o.row, o.areaId]),
      [
        [2, 1],
        [4, 2],
      ],
    );
    assert.equal(checked.duplicated, 1);
    assert.deepEqual([...checked.periods.keys()], ['2019-04-01/P1Y']);
  });

  it('reports each bad row by its file, row and own column, after the parser’s problems', () => {
    const checked = checkRows(
      source([
        row(2, 'E06000001', 1, { metricSlug: 'unknown', columns: { metric: 'Indicator' } }),
        row(3, 'E06000001', null, { status: 'ok' }),
        row(4, 'E06000001', 5, { lci: 6, uci: 4 }),
        row(5, 'E06000099', 1),
        row(6, 'E06000002', 1),
        row(7, 'E06000002', 2),
      ]),
      slugs,
      resolve,
      {},
    );
    assert.deepEqual(
      checked.problems.map((p) => [p.row, p.column ?? null, p.message.slice(0, 30)]),
      [
        [1, null, 'read by the parser'],
        [2, 'Indicator', 'no definition for metric "unkn'],
        [3, 'value', 'value and status "ok" disagree'],
        [4, 'lci', 'the lower confidence limit 6 i'],
        [5, 'area', 'unknown area code "E06000099"'],
        [7, null, 'conflicts with row 6 for test-'],
      ],
    );
    assert.equal(checked.keyed.size, 1);
  });

  it('counts rows for geographies openlg does not hold, by code prefix, without an error', () => {
    const checked = checkRows(source([row(2, 'E23000001', 1)]), slugs, resolve, {});
    assert.deepEqual(checked.notHeld, { E23: 1 });
    assert.equal(checked.problems.length, 1);
  });

  it('asks a synthetic import to say so in every metric title', () => {
    const parsed = source([]);
    const metric = { slug: 'made-up', title: 'Made up' };
    const checked = checkRows(
      { ...parsed, metrics: [metric as ParsedSource['metrics'][number]] },
      slugs,
      resolve,
      { synthetic: true },
    );
    assert.match(checked.problems.at(-1)?.message ?? '', /"made-up" must say "\(synthetic\)"/);
  });
});
