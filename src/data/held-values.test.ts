import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { GroupsService } from '../groups/groups.service.ts';
import { openContextApp, openTestApp, type TestApp } from '../testing/app.ts';
import { importValues } from '../testing/values.ts';

/*
 * Issue 13, findings 4 and 6: an embargoed revision of values the public has seen must not move
 * any public figure before its embargo ends (the values themselves, ranks, group statistics,
 * coverage, direction of travel, nearest neighbours), and must move them the moment it ends.
 */
describe('an embargoed revision of public values', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const body = async (url: string) => {
    const response = await get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    // Asked again, the answer cache gives the same bytes.
    assert.deepEqual((await get(url)).rawPayload, response.rawPayload, `${url} asked again`);
    return response.json() as unknown;
  };
  const subject = 'E06000001';
  const figures = [
    '/api/v1/data?metric=resident-population&areaType=unitary&period=latest&include=rank,benchmark',
    `/api/v1/data?metric=*&area=${subject}&period=latest`,
    '/api/v1/metrics/resident-population',
    `/api/v1/compare?metric=resident-population&area=${subject}`,
    `/api/v1/compare?metric=resident-population&area=${subject}&group=tier:upper`,
    `/api/v1/areas/${subject}/neighbours?model=openlg-upper-tier`,
  ];
  // A rebuild stamps the groups it writes; the order of the neighbours is what the public reads.
  const snapshot = async () =>
    JSON.parse(JSON.stringify(await Promise.all(figures.map(body))), (key, value: unknown) =>
      key === 'updatedAt' ? undefined : value,
    ) as unknown[];
  const populationOf = async (code: string) => {
    const answer = (await body(
      `/api/v1/data?metric=resident-population&area=${code}&period=latest`,
    )) as { observations: { value: number; period: string }[] };
    const [observation] = answer.observations;
    assert.ok(observation);
    return observation;
  };

  before(async () => {
    t = await openContextApp();
  });
  after(() => t.close());

  it('keeps every public figure until the embargo ends, then moves them all at once', async () => {
    const { period, value } = await populationOf(subject);
    const before = await snapshot();
    const pageBefore = (await get(`/areas/${subject}`)).body;

    // Revise the subject and nine other councils tenfold: enough to move ranks, medians and
    // the neighbours of the subject, were the revision to leak.
    const codes = [subject, 'E06000002', 'E06000003', 'E06000004', 'E06000005', 'E06000006'];
    const revised = Object.fromEntries(codes.map((c, i) => [c, (i + 1) * 9_000_000]));
    // Long enough for the import and the neighbours' rebuild before it ends, on a loaded machine.
    const until = new Date(Date.now() + 20_000);
    const summary = await importValues(
      t.database,
      'resident-population',
      period,
      revised,
      { publication: { state: 'embargoed', until } },
      // The same definition again: only the values are revised.
      JSON.parse(await readFile('catalogue/mappings/mysociety-population.json', 'utf8')).metrics[0],
    );
    assert.equal(summary.valuesUpdated, codes.length);
    // What the command line does after an import of a model's input.
    const groups = new GroupsService(t.database.db);
    await groups.rebuildNeighbours();
    assert.deepEqual(await groups.refreshStaleNeighbours(), [], 'nothing new is public yet');

    assert.ok(Date.now() < until.getTime() - 1000, 'the checks ran before the embargo ended');
    assert.deepEqual(await snapshot(), before, 'no public figure moved');
    const pageDuring = (await get(`/areas/${subject}`)).body;
    const withoutNonce = (html: string) => html.replaceAll(/nonce="[^"]*"/g, '');
    assert.equal(withoutNonce(pageDuring), withoutNonce(pageBefore), 'the profile is unchanged');

    await sleep(Math.max(0, until.getTime() - Date.now()) + 50);
    assert.equal((await populationOf(subject)).value, revised[subject], 'lifted on time');
    const during = new Date(until.getTime() - 500).toISOString();
    assert.equal(
      (
        (await body(
          `/api/v1/data?metric=resident-population&area=${subject}&period=latest&asOf=${during}`,
        )) as { observations: { value: number }[] }
      ).observations[0]?.value,
      value,
      'as of a moment during the embargo: the value the public saw then',
    );
    const [ranked, kept] = (await snapshot()) as [
      { observations: { area: string; value: number }[] },
      { observations: { metric: string; value: number }[] },
    ];
    assert.equal(ranked.observations.find((o) => o.area === subject)?.value, revised[subject]);
    assert.equal(
      kept.observations.find((o) => o.metric === 'resident-population')?.value,
      revised[subject],
      "the profile's kept latest values know the embargo ended",
    );

    // The neighbours follow the values the public now sees, once, whichever process looks.
    const neighbours = figures.indexOf(
      `/api/v1/areas/${subject}/neighbours?model=openlg-upper-tier`,
    );
    assert.deepEqual((await snapshot())[neighbours], before[neighbours], 'not rebuilt yet');
    assert.ok((await groups.refreshStaleNeighbours()).includes('openlg-upper-tier'));
    assert.notDeepEqual((await snapshot())[neighbours], before[neighbours], 'rebuilt');
    assert.deepEqual(await groups.refreshStaleNeighbours(), [], 'and only once');
  });
});

describe('answers as of any moment around embargoes and withdrawals', () => {
  let t: TestApp;
  const moments = new Map<string, Date>();
  const note = async (name: string) => {
    await sleep(5); // timestamps are stored to the microsecond, JavaScript keeps milliseconds
    moments.set(name, new Date());
    await sleep(5);
  };
  const seen = async (asOf: Date) => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/data?metric=asof-test&area=E06000001,E06000002&asOf=${asOf.toISOString()}`,
    });
    if (response.statusCode === 404) return 'nothing';
    assert.equal(response.statusCode, 200, response.body);
    return (response.json().observations as { area: string; value: number }[])
      .map((o) => `${o.area.slice(-1)}=${o.value}`)
      .join(' ');
  };
  const load = (values: Record<string, number>, options = {}) =>
    importValues(t.database, 'asof-test', '2024', values, options);

  before(async () => {
    t = await openTestApp();
  });
  after(() => t.close());

  it('gives what the public saw at every moment', async () => {
    await note('before');
    await load({ E06000001: 1, E06000002: 2 });
    await note('published');
    const first = new Date(Date.now() + 1500);
    await load({ E06000001: 3 }, { publication: { state: 'embargoed', until: first } });
    await note('revised under embargo');
    const second = new Date(Date.now() + 3000);
    await load({ E06000001: 4 }, { publication: { state: 'embargoed', until: second } });
    await note('revised again before the first embargo ended');
    await sleep(Math.max(0, first.getTime() - Date.now()) + 50);
    await note('after the first embargo');
    await sleep(Math.max(0, second.getTime() - Date.now()) + 50);
    await note('after the second embargo');
    await load({ E06000001: 5 }, { publication: { state: 'restricted' } });
    await note('withdrawn');
    await load({ E06000001: 6 });
    await note('published again');

    const expected: Record<string, string> = {
      before: 'nothing',
      published: '1=1 2=2',
      'revised under embargo': '1=1 2=2',
      'revised again before the first embargo ended': '1=1 2=2',
      'after the first embargo': '1=1 2=2',
      'after the second embargo': '1=4 2=2',
      withdrawn: '2=2',
      'published again': '1=6 2=2',
    };
    for (const [name, moment] of moments) assert.equal(await seen(moment), expected[name], name);
    assert.equal(await seen(new Date(second.getTime() - 1)), '1=1 2=2', 'just before the end');
    assert.equal(await seen(second), '1=4 2=2', 'at the very moment the embargo ends');
  });
});
