import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AreaType } from '../db/vocabulary.ts';
import { leagueTable, sortEntries, type LeagueRow, type LeagueTableInput } from './league-table.ts';

function row(code: string, type: AreaType, value: number | null, extra: Partial<LeagueRow> = {}) {
  return {
    code,
    name: code.toLowerCase(),
    type,
    validFrom: null,
    validTo: null,
    region: 'E12000001',
    value,
    lci: null,
    uci: null,
    status: value === null ? 'suppressed' : 'ok',
    ...extra,
  } satisfies LeagueRow;
}

const period = { label: '2024/25', startDate: '2024-04-01', endDate: '2025-03-31' };

const input = (rows: LeagueRow[], overrides: Partial<LeagueTableInput> = {}): LeagueTableInput => ({
  rows,
  councilTypes: ['county', 'district', 'unitary'],
  across: null,
  period,
  polarity: 'higher-is-better',
  filter: { types: null, region: null },
  ...overrides,
});

const names = (entries: { name: string }[]) => entries.map((e) => e.name);

describe('leagueTable', () => {
  it('ranks every council in one set when the measure compares every type', () => {
    const sets = leagueTable(
      input([row('A', 'county', 3), row('B', 'district', 5), row('C', 'unitary', 3)]),
    );
    assert.equal(sets.length, 1);
    assert.equal(sets[0]?.label, null);
    assert.deepEqual(
      sets[0]?.entries.map((e) => [e.name, e.rank, e.joint]),
      [
        ['b', 1, false],
        ['a', 2, true],
        ['c', 2, true],
      ],
    );
  });

  it('ranks each comparable set on its own, largest first', () => {
    const sets = leagueTable(
      input([row('A', 'county', 3), row('B', 'district', 5), row('C', 'district', 9)], {
        across: [['county'], ['district']],
      }),
    );
    assert.deepEqual(
      sets.map((s) => [s.label, names(s.entries), s.ranked]),
      [
        ['district councils', ['c', 'b'], 2],
        ['county councils', ['a'], 1],
      ],
    );
  });

  it('lists a council abolished before the period, and one without a figure, unranked', () => {
    const [set] = leagueTable(
      input([
        row('A', 'district', 1),
        row('GONE', 'district', 99, { validTo: '2023-04-01' }),
        row('B', 'district', null),
      ]),
    );
    assert.deepEqual(
      set?.entries.map((e) => [e.name, e.rank, e.notRanked]),
      [
        ['a', 1, null],
        ['b', null, 'suppressed'],
        ['gone', null, 'outside-lifetime'],
      ],
    );
    assert.equal(set?.ranked, 1);
    assert.match(set?.leftOut[0]?.explanation ?? '', /gone was abolished on 1 April 2023/);
  });

  it('keeps only the councils of the types and region asked for, never England or regions', () => {
    const rows = [
      row('A', 'county', 1),
      row('B', 'district', 2, { region: 'E12000002' }),
      row('C', 'district', 3),
      row('E92000001', 'nation', 2, { region: null }),
      row('E12000001', 'region', 2, { region: null }),
    ];
    const [all] = leagueTable(input(rows));
    assert.deepEqual(names(all?.entries ?? []), ['c', 'b', 'a']);
    const [filtered] = leagueTable(
      input(rows, { filter: { types: ['district'], region: 'E12000001' } }),
    );
    assert.deepEqual(names(filtered?.entries ?? []), ['c']);
  });

  it('ranks lower figures first when lower is better', () => {
    const [set] = leagueTable(
      input([row('A', 'county', 3), row('B', 'county', 1)], { polarity: 'lower-is-better' }),
    );
    assert.deepEqual(names(set?.entries ?? []), ['b', 'a']);
  });
});

describe('sortEntries', () => {
  const [set] = leagueTable(
    input([
      row('A', 'county', 3),
      row('B', 'county', 5),
      row('C', 'county', 3),
      row('D', 'county', null),
    ]),
  );
  const entries = set?.entries ?? [];

  it('sorts by rank either way, ties by name, councils without a rank last', () => {
    assert.deepEqual(names(sortEntries(entries, 'rank', 'asc')), ['b', 'a', 'c', 'd']);
    assert.deepEqual(names(sortEntries(entries, 'rank', 'desc')), ['a', 'c', 'b', 'd']);
  });

  it('sorts by figure either way, councils without one last', () => {
    assert.deepEqual(names(sortEntries(entries, 'value', 'asc')), ['a', 'c', 'b', 'd']);
    assert.deepEqual(names(sortEntries(entries, 'value', 'desc')), ['b', 'a', 'c', 'd']);
  });

  it('sorts by name either way, every council included', () => {
    assert.deepEqual(names(sortEntries(entries, 'name', 'asc')), ['a', 'b', 'c', 'd']);
    assert.deepEqual(names(sortEntries(entries, 'name', 'desc')), ['d', 'c', 'b', 'a']);
  });
});
