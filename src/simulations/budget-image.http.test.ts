import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { HttpBrowser, mainText } from '../testing/http-browser.ts';
import { openExampleSimulation } from './simulations.fixture.ts';

/*
 * The thank-you shows the resident's budget as a picture with its text, to download and
 * share: at the response's random key, with the choices alone (never the "about you" answers).
 */
describe('the picture of a resident’s budget', () => {
  let test: TestApp;
  const url = '/simulations/budget-2026';
  let thanks = '';
  let key = '';

  before(async () => {
    test = await openTestApp();
    await openExampleSimulation(test.database, 'budget-2026');
    const browser = new HttpBrowser(test.app);
    const form = await browser.request('GET', url);
    const hidden = Object.fromEntries(
      [...form.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    key = hidden['key']!;
    const sent = await browser.request('POST', url, {
      ...hidden,
      action: 'submit',
      'line-libraries': '-10',
      'council-tax': '100',
      'about-postcode': 'TS24',
      'about-age': '65-and-over',
    });
    assert.equal(sent.statusCode, 303);
    thanks = String(sent.headers.location);
  });
  after(() => test.close());

  // £400,000 saved and £563,953.45 raised by 1%, against £1m to find within £50,000
  it('is on the thank-you with its text, private to the resident', async () => {
    const page = await test.app.inject({ url: thanks });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'private, no-store');
    const text = mainText(page.body);
    assert.match(text, /Libraries -10%: saves £400,000/);
    assert.match(text, /Parking charges No change/);
    assert.match(text, /Your budget balances, to within £36,046\.55/);
    assert.match(text, /Council tax rise in 2026\/27: 1%: £22\.86 a year more/);
    assert.match(page.body, new RegExp(`src="${url}/budgets/${key}\\.svg"`));
    assert.match(page.body, new RegExp(`href="${url}/budgets/${key}\\.png" download`));
  });

  it('is an SVG and a PNG anyone with the address may keep, holding no answer about them', async () => {
    const svg = await test.app.inject({ url: `${url}/budgets/${key}.svg` });
    assert.equal(svg.statusCode, 200);
    assert.equal(svg.headers['content-type'], 'image/svg+xml; charset=utf-8');
    assert.equal(svg.headers['cache-control'], 'public, max-age=86400, immutable');
    assert.equal(svg.headers['x-robots-tag'], 'noindex');
    assert.match(svg.body, />-10%: saves £400,000</);
    assert.doesNotMatch(svg.body, /TS24|65 and over|65-and-over/i);
    const png = await test.app.inject({ url: `${url}/budgets/${key}.png` });
    assert.equal(png.statusCode, 200);
    assert.equal(png.headers['content-type'], 'image/png');
    assert.deepEqual([...png.rawPayload.subarray(1, 4)], [...Buffer.from('PNG')]);
  });

  it('is found only by its own key, in its own simulation', async () => {
    await openExampleSimulation(test.database, 'budget-other');
    for (const address of [
      `${url}/budgets/00000000-0000-4000-8000-000000000000.svg`,
      `/simulations/budget-other/budgets/${key}.svg`,
      `${url}/thank-you?budget=00000000-0000-4000-8000-000000000000`,
    ])
      assert.equal((await test.app.inject({ url: address })).statusCode, 404, address);
    assert.equal((await test.app.inject({ url: `${url}/budgets/1.svg` })).statusCode, 400);
  });
});
