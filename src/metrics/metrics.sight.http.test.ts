import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { darlington, lodgeSightData, stockton } from '../testing/sight.ts';

/*
 * Issue 17: the measure pages, their league tables and downloads, and the search page show a
 * signed-in reader what their sight adds (their council's embargoed figures, marked; figures a
 * club shared), never kept for anyone else; the public and everyone else read the public's.
 */
describe('the measure and search pages, for a signed-in reader', () => {
  let t: TestApp;
  let until = '';
  const cookies = { anonymous: '', steward: '', member: '', neighbour: '' };
  type Reader = keyof typeof cookies;
  const readers = Object.keys(cookies) as Reader[];

  before(async () => {
    t = await openTestApp();
    const lodged = await lodgeSightData(t.database);
    until = lodged.until.toISOString().slice(11, 16);
    const analyst = async (organisation: string) =>
      (await newUser(t.database, { organisation, role: 'analyst' })).id;
    cookies.steward = (await sessionFor(t.database, lodged.steward.id)).cookie;
    cookies.member = (await sessionFor(t.database, await analyst(stockton))).cookie;
    cookies.neighbour = (await sessionFor(t.database, await analyst(darlington))).cookie;
  });
  after(() => t.close());

  async function read(reader: Reader, url: string) {
    const cookie = cookies[reader];
    const response = await t.app.inject({ url, headers: cookie ? { cookie } : {} });
    assert.ok(response.statusCode < 500, `${reader} ${url}: ${response.body}`);
    return response;
  }

  /** Which readers see `text` at `url`; each of them is answered `private, no-store`. */
  async function seenBy(url: string, text: string | RegExp) {
    const seeing: Reader[] = [];
    for (const reader of readers) {
      const response = await read(reader, url);
      const shown =
        typeof text === 'string' ? response.body.includes(text) : text.test(response.body);
      if (!shown) continue;
      seeing.push(reader);
      if (reader !== 'anonymous')
        assert.equal(response.headers['cache-control'], 'private, no-store', `${reader} ${url}`);
    }
    return seeing;
  }

  it('lists a measure in the catalogue for those who may know it', async () => {
    assert.deepEqual(await seenBy('/metrics', 'Test yak-rate'), ['steward']);
    assert.deepEqual(await seenBy('/metrics', 'Test quagga-rate'), ['steward', 'member']);
    assert.deepEqual(await seenBy('/metrics?q=yak', 'Test yak-rate'), ['steward']);
    assert.deepEqual(await seenBy('/metrics', 'Test sight-rate'), readers);
    // The catalogue says the latest period its reader sees.
    assert.deepEqual(await seenBy('/metrics', /sight-rate<\/a>\s*<span[^>]*>, latest 2024/), [
      'steward',
    ]);
  });

  it('gives a measure only its lodgers may know a page, with its figure marked', async () => {
    for (const reader of readers) {
      const response = await read(reader, '/metrics/yak-rate');
      assert.equal(response.statusCode, reader === 'steward' ? 200 : 404, reader);
    }
    const marked = `7.0 <strong class="govuk-tag govuk-tag--orange">Embargoed until`;
    assert.deepEqual(await seenBy('/metrics/yak-rate', marked), ['steward']);
    assert.deepEqual(await seenBy('/metrics/quagga-rate', '3.0 <strong'), ['steward', 'member']);
    assert.deepEqual(await seenBy('/metrics/quagga-rate', `Restricted until`), [
      'steward',
      'member',
    ]);
  });

  it("ranks a council's own embargoed figures in its league table, marked, by period", async () => {
    const marked = (value: string) =>
      new RegExp(
        `${value} <strong class="govuk-tag govuk-tag--orange">Embargoed until .* ${until} UTC`,
      );
    assert.deepEqual(await seenBy('/metrics/sight-rate', marked('10.0')), ['steward']);
    const past = '/metrics/sight-rate?period=2023-01-01%2FP1Y';
    assert.deepEqual(await seenBy(past, marked('5.0')), ['steward']);
    assert.deepEqual(await seenBy(past, />1.0<\/td>/), ['anonymous', 'member', 'neighbour']);
    for (const reader of ['anonymous', 'neighbour'] as const) {
      const response = await read(reader, '/metrics/sight-rate?period=2024-01-01%2FP1Y');
      assert.equal(response.statusCode, 404, reader);
    }
  });

  it('marks the figures not public yet in the league table downloads', async () => {
    assert.deepEqual(
      await seenBy('/metrics/sight-rate.csv', /,10\.0 \(Embargoed until [^)]+\),10,/),
      ['steward'],
    );
    assert.deepEqual(await seenBy('/metrics/quagga-rate.csv', '3.0 (Restricted until'), [
      'steward',
      'member',
    ]);
    const publicTable = await read('anonymous', '/metrics/sight-rate.csv');
    assert.doesNotMatch(publicTable.body, /Embargoed|,10(\.0)?,/);
  });

  it('finds the measures its reader may know, and goes straight to them', async () => {
    assert.deepEqual(await seenBy('/search?q=yak', 'href="/metrics/yak-rate"'), ['steward']);
    assert.deepEqual(await seenBy('/search?q=quagga', 'href="/metrics/quagga-rate"'), [
      'steward',
      'member',
    ]);
    for (const reader of readers) {
      const response = await read(reader, '/search?q=yak-rate');
      assert.equal(
        response.headers.location,
        reader === 'steward' ? '/metrics/yak-rate' : undefined,
      );
    }
  });
});
