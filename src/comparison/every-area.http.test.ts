import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openContextApp, type TestApp } from '../testing/app.ts';

/**
 * The first, middle and last area of each type, current and abolished: what a page does depends
 * on the area's type and lifetime, so these stand for the rest on the heavier pages.
 */
function sample(areas: readonly { code: string; type: string; valid_to: unknown }[]): string[] {
  const byKind = new Map<string, string[]>();
  for (const area of areas) {
    const kind = `${area.type}|${area.valid_to === null}`;
    byKind.set(kind, [...(byKind.get(kind) ?? []), area.code]);
  }
  return [...byKind.values()]
    .flatMap((codes) => [...new Set([codes[0], codes[codes.length >> 1], codes.at(-1)])])
    .filter((code): code is string => code !== undefined);
}

/**
 * Every area code in the register against every page and API that takes one: none may answer
 * 5xx, whatever the area's type, nation or lifetime. A few metrics keep it fast.
 */
describe('every area in the register, on every route that takes one', () => {
  let t: TestApp;
  /** Every code for the profile and the API; a sample by type and lifetime for heavier pages. */
  let codes: string[] = [];
  let sampled: string[] = [];
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const metric = 'employment-rate';

  before(async () => {
    // Two thousand requests from one address: the rate limit is off, or it would answer them.
    t = await openContextApp({ OPENLG_RATE_LIMIT: '0' });
    const areas = await t.database.db
      .selectFrom('areas')
      .select(['code', 'type', 'valid_to'])
      .orderBy('code')
      .execute();
    sampled = sample(areas);
    codes = process.env.DATABASE_URL ? sampled : areas.map((a) => a.code);
  });
  after(() => t.close());

  async function failures(urls: (code: string) => string[], among = codes) {
    const failed: string[] = [];
    for (const code of among)
      for (const url of urls(code)) {
        const response = await get(url);
        // A refused request (429) would prove nothing about the route: it fails too.
        if (response.statusCode >= 500 || response.statusCode === 429)
          failed.push(`${url}: ${response.statusCode}`);
      }
    return failed;
  }

  it('holds the whole register', () =>
    assert.ok(codes.length > (process.env.DATABASE_URL ? 20 : 400), `${codes.length} areas`));

  it('answers every council profile without a server error', async () => {
    assert.deepEqual(await failures((code) => [`/areas/${code}`]), []);
  });

  it('answers measure pages, by default and against a tier, without a server error', async () => {
    const failed = await failures(
      (code) => [
        `/metrics/${metric}?area=${code}`,
        `/metrics/${metric}?area=${code}&group=tier:upper`,
      ],
      sampled,
    );
    assert.deepEqual(failed, []);
  });

  it('answers every comparison API, and comparison pages, without a server error', async () => {
    const api = await failures((code) => [`/api/v1/compare?metric=${metric}&area=${code}`]);
    const page = (code: string) => [`/compare?areas=${code},E06000001&metrics=${metric}`];
    assert.deepEqual([...api, ...(await failures(page, sampled))], []);
  });

  it('compares councils outside England with their own nation’s councils by default', async () => {
    for (const [code, type, label] of [
      ['W06000009', 'welsh-unitary', 'All Welsh unitary authorities'],
      ['S12000036', 'scottish-unitary', 'All Scottish councils'],
      ['N09000003', 'northern-ireland-district', 'All Northern Ireland district councils'],
    ] as const) {
      const page = await get(`/metrics/${metric}?area=${code}`);
      assert.equal(page.statusCode, 200, code);
      // The employment rate covers Great Britain: the measure page says so for Belfast, and
      // Northern Ireland's group has no figures to compare.
      const api = await get(`/api/v1/compare?metric=${metric}&area=${code}`);
      if (type === 'northern-ireland-district') {
        assert.match(page.body, /only, so there is no figure for Belfast/);
        assert.match(api.json().detail, /type:northern-ireland-district/);
      } else {
        assert.match(page.body, new RegExp(`among ${label}`), code);
        assert.equal(api.json().group.id, `type:${type}`, api.body);
      }
      const profile = await get(`/areas/${code}`);
      assert.match(profile.body, new RegExp(label), code);
    }
  });
});
