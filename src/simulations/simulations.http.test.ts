import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { assertErrorSummary, errorSummaryOf } from '../testing/forms.ts';
import { HttpBrowser, mainText } from '../testing/http-browser.ts';
import { hiddenFields, openExampleSimulation } from './simulations.fixture.ts';

/*
 * A resident's visit without JavaScript, in process: the form, Recalculate, an unbalanced and
 * an off-grid budget refused with the error summary, a balanced one recorded once however often
 * it is sent, and the thank-you after it is committed.
 */
describe('the resident’s pages', () => {
  let test: TestApp;
  const url = '/simulations/budget-2026';

  before(async () => {
    test = await openTestApp();
    await openExampleSimulation(test.database, 'budget-2026');
  });
  after(() => test.close());

  const responses = async () =>
    (await test.database.db.selectFrom('simulation_responses').selectAll().execute()).length;

  async function visit() {
    const browser = new HttpBrowser(test.app);
    const page = await browser.request('GET', url);
    assert.equal(page.statusCode, 200);
    return { browser, hidden: hiddenFields(page.body), html: page.body };
  }

  it('lists the open simulation and shows its form with the money to find', async () => {
    const list = await test.app.inject({ url: '/simulations' });
    assert.match(list.body, /href="\/simulations\/budget-2026">Help us balance the budget</);
    const { html, hidden } = await visit();
    assert.match(mainText(html), /Money still to find: £1,000,000/);
    assert.match(html, /id="line-libraries" name="line-libraries" type="number" value="0"/);
    assert.match(html, /4\.99%: £114\.08 a year more for a Band D home, £2,814,127\.72 raised/);
    assert.deepEqual(Object.keys(hidden).sort(), ['csrf', 'key', 'started', 'version']);
    assert.match(html, /<input id="website" name="website" type="text" tabindex="-1"/);
  });

  it('recalculates without JavaScript, with the consequence of the step chosen', async () => {
    const { browser, hidden } = await visit();
    const page = await browser.request('POST', url, {
      ...hidden,
      action: 'recalculate',
      'line-libraries': '-10',
    });
    assert.equal(page.statusCode, 200);
    const text = mainText(page.body);
    assert.match(text, /Money still to find: £600,000/);
    assert.match(text, /Two libraries close on Saturdays/);
    assert.match(text, /Saves £400,000/);
    assert.equal(errorSummaryOf(page.body), '');
  });

  it('refuses an unbalanced or off-grid budget with the error summary, recording nothing', async () => {
    const { browser, hidden } = await visit();
    const unbalanced = await browser.request('POST', url, {
      ...hidden,
      action: 'submit',
      'line-libraries': '-10',
    });
    assert.equal(unbalanced.statusCode, 400);
    assertErrorSummary(unbalanced.body, [
      'Your budget does not balance yet: find £600,000 more (to within £50,000)',
    ]);
    assert.match(unbalanced.body, /href="#balance"/);
    const offGrid = await browser.request('POST', url, {
      ...hidden,
      action: 'submit',
      'line-parks': '5',
      'line-libraries': 'ten',
    });
    assert.equal(offGrid.statusCode, 400);
    assertErrorSummary(offGrid.body, [
      'Enter the change to Libraries as a whole number, like -10',
      'Parks changes in steps of 10%, like -10%',
    ]);
    assert.match(offGrid.body, /value="ten"/);
    assert.equal(await responses(), 0);
  });

  it('records a balanced budget once, however often it is sent, then thanks', async () => {
    const { browser, hidden } = await visit();
    const form = {
      ...hidden,
      action: 'submit',
      'line-libraries': '-25',
      'about-postcode': 'ts24',
      'about-age': '35-64',
    };
    const sent = await browser.request('POST', url, form);
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `${url}/thank-you?budget=${hidden['key']}`);
    const again = await browser.request('POST', url, form);
    assert.equal(again.statusCode, 303);
    assert.equal(await responses(), 1);
    const thanks = await browser.request('GET', String(sent.headers.location));
    assert.match(mainText(thanks.body), /Your budget is recorded/);
  });

  it('thanks a robot that fills the hidden field, and keeps its answer excluded', async () => {
    const { browser, hidden } = await visit();
    const sent = await browser.request('POST', url, {
      ...hidden,
      action: 'submit',
      'line-libraries': '-25',
      website: 'https://spam.example',
    });
    assert.equal(sent.statusCode, 303);
    const robot = await test.database.db
      .selectFrom('simulation_responses')
      .select(['honeypot_filled', 'excluded_at'])
      .where('honeypot_filled', '=', true)
      .executeTakeFirstOrThrow();
    assert.ok(robot.excluded_at !== null);
  });

  it('refuses a form without the form cookie’s token', async () => {
    const { hidden } = await visit();
    const stranger = new HttpBrowser(test.app, '192.0.2.1');
    const refused = await stranger.request('POST', url, {
      ...hidden,
      action: 'submit',
      'line-libraries': '-25',
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(await responses(), 2);
  });

  it('answers 404 for a simulation that is not open to residents', async () => {
    const page = await test.app.inject({ url: '/simulations/no-such-simulation' });
    assert.equal(page.statusCode, 404);
  });
});
