import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestApp, type TestApp, loadContextData } from '../testing/app.ts';

/**
 * Every area code in the register against every page and API that takes one: none may answer
 * 5xx, whatever the area's type, nation or lifetime. A few metrics keep it fast.
 */
describe('every area in the register, on every route that takes one', () => {
  let t: TestApp;
  let codes: string[] = [];
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const metric = 'employment-rate';

  before(async () => {
    t = await openTestApp();
    await loadContextData(t.database);
    codes = (await t.database.db.selectFrom('areas').select('code').orderBy('code').execute()).map(
      (r) => r.code,
    );
  });
  after(() => t.close());

  async function failures(urls: (code: string) => string[]) {
    const failed: string[] = [];
    for (const code of codes)
      for (const url of urls(code)) {
        const response = await get(url);
        if (response.statusCode >= 500) failed.push(`${url}: ${response.statusCode}`);
      }
    return failed;
  }

  it('holds the whole register', () => assert.ok(codes.length > 400, `${codes.length} areas`));

  it('answers every council profile without a server error', async () => {
    assert.deepEqual(await failures((code) => [`/areas/${code}`]), []);
  });

  it('answers every measure page, by default and against a tier, without a server error', async () => {
    const failed = await failures((code) => [
      `/metrics/${metric}?area=${code}`,
      `/metrics/${metric}?area=${code}&group=tier:upper`,
    ]);
    assert.deepEqual(failed, []);
  });

  it('answers every comparison, page and API, without a server error', async () => {
    const failed = await failures((code) => [
      `/compare?areas=${code},E06000001&metrics=${metric}`,
      `/api/v1/compare?metric=${metric}&area=${code}`,
    ]);
    assert.deepEqual(failed, []);
  });

  it('compares councils outside England with their own nation’s councils by default', async () => {
    for (const [code, label] of [
      ['W06000009', 'All Welsh unitary authorities'],
      ['S12000036', 'All Scottish councils'],
      ['N09000003', 'All Northern Ireland district councils'],
    ] as const) {
      const page = await get(`/metrics/${metric}?area=${code}`);
      assert.equal(page.statusCode, 200, code);
      const api = await get(`/api/v1/compare?metric=${metric}&area=${code}`);
      assert.equal(api.statusCode, 200, `${code}: ${api.body}`);
      assert.equal(
        api.json().group.id,
        `type:${code.startsWith('W') ? 'welsh-unitary' : code.startsWith('S') ? 'scottish-unitary' : 'northern-ireland-district'}`,
      );
      assert.equal(api.json().group.label, label);
      const profile = await get(`/areas/${code}`);
      assert.match(profile.body, new RegExp(label, 'i'), code);
    }
  });
});
