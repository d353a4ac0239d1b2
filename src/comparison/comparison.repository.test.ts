import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import { importValues } from '../testing/values.ts';
import { metricPeriods, valuesAtKeys, valuesFor, type ValueRow } from './comparison.repository.ts';

const future = { state: 'embargoed', until: new Date(Date.now() + 86_400_000) } as const;
const year = (y: number) => `${y}-01-01/P1Y`;
const sorted = (rows: readonly ValueRow[]) =>
  rows.map((r) => JSON.stringify(r)).sort((a, b) => a.localeCompare(b));

/**
 * valuesAtKeys answers exactly what valuesFor does at the keys asked for, whichever way it reads
 * them (by index for a few areas, by each key's slice for many): the compare page and the
 * profile switched to it for speed, not for another answer.
 */
describe('values at exact keys', () => {
  let database: Database;
  let codes: string[];
  const ids = new Map<string, number>();

  before(async () => {
    database = await openRegisterDatabase();
    codes = (
      await database.db
        .selectFrom('areas')
        .select('code')
        .where('type', '=', 'unitary')
        .where('valid_to', 'is', null)
        .orderBy('code')
        .limit(40)
        .execute()
    ).map((a) => a.code);
    const all = (n: number) => Object.fromEntries(codes.map((c, i) => [c, n + i]));
    for (const y of [2021, 2022, 2023]) await importValues(database, 'alpha', String(y), all(y));
    await importValues(database, 'beta', '2022', all(5));
    // A revision under embargo (the public still sees 2023's first figures), a period only an
    // embargo holds, and a value withdrawn.
    await importValues(
      database,
      'alpha',
      '2023',
      { ...all(2023), [codes[0] ?? '']: 987654 },
      {
        publication: future,
      },
    );
    await importValues(database, 'beta', '2024', all(7), { publication: future });
    await importValues(
      database,
      'beta',
      '2022',
      { [codes[1] ?? '']: 666666 },
      {
        publication: { state: 'restricted' },
      },
    );
    for (const m of await database.db.selectFrom('metrics').select(['id', 'slug']).execute())
      ids.set(m.slug, m.id);
  });
  after(() => database.close());

  const keys = () => [
    { metricId: ids.get('alpha') ?? -1, period: year(2022) },
    { metricId: ids.get('alpha') ?? -1, period: year(2023) },
    { metricId: ids.get('beta') ?? -1, period: year(2022) },
    { metricId: ids.get('beta') ?? -1, period: year(2024) },
  ];
  const expected = async (areas: readonly string[]) => {
    const wanted = new Set(keys().map((k) => `${k.metricId} ${k.period}`));
    const rows = await valuesFor(
      database.db,
      [...ids.values()],
      [2021, 2022, 2023, 2024].map(year),
      areas,
    );
    return rows.filter((r) => wanted.has(`${r.metricId} ${r.period}`));
  };

  for (const [name, count] of [
    ['a few areas, looked up by index', 3],
    ['many areas, read by key', 40],
  ] as const)
    it(`gives valuesFor's public rows at the keys, for ${name}`, async () => {
      const areas = [...codes.slice(0, count), 'E92000001'];
      const rows = await valuesAtKeys(database.db, keys(), areas);
      // Three public keys for each council, but the withdrawn value is no row at all.
      assert.equal(rows.length, count * 3 - 1);
      assert.deepEqual(sorted(rows), sorted(await expected(areas)));
      const first = rows.find((r) => r.code === codes[0] && r.period === year(2023));
      assert.equal(first?.value, 2023, 'the public figure, not the embargoed revision');
      assert.ok(!rows.some((r) => r.value === 666666 || r.period === year(2024)));
    });

  it('gives a profile the public periods of each metric, oldest first, with their types', async () => {
    const alpha = ids.get('alpha') ?? -1;
    const beta = ids.get('beta') ?? -1;
    const rows = await metricPeriods(database.db, [alpha, beta], ['unitary', 'county']);
    const shown = rows.map((r) => `${r.metricId === alpha ? 'alpha' : 'beta'} ${r.code}`);
    // beta's 2024 is held only by an embargo: no period the public may see yet.
    assert.deepEqual(shown, [
      `alpha ${year(2021)}`,
      `alpha ${year(2022)}`,
      `beta ${year(2022)}`,
      `alpha ${year(2023)}`,
    ]);
    assert.deepEqual(rows[0]?.types, ['unitary']);
    assert.equal(rows[0]?.startDate, '2021-01-01');
    assert.equal(rows[0]?.endDate, '2022-01-01', 'the end is exclusive, as periods are stored');
    assert.deepEqual(await metricPeriods(database.db, [alpha], ['county']), []);
  });
});
