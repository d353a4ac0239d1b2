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
    assert.match(html, /value="review" name="action"[^>]*>\s*Continue\s*</);
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
      action: 'review',
      'line-libraries': '-10',
    });
    assert.doesNotMatch(unbalanced.body, /Check your budget/);
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

  it('shows the budget to check, returns to the form with it kept, records it once', async () => {
    const { browser, hidden } = await visit();
    const chosen = {
      'line-libraries': '-10',
      'council-tax': '100',
      'about-postcode': 'TS24',
      'about-age': '35-64',
    };
    const check = await browser.request('POST', url, { ...hidden, action: 'review', ...chosen });
    assert.equal(check.statusCode, 200);
    const text = mainText(check.body);
    assert.match(text, /Check your budget/);
    assert.match(text, /Libraries This saves £400,000\. Two libraries close on Saturdays/);
    assert.match(text, /Council tax rise 1%: £22\.86 a year more for a Band D home/);
    assert.match(text, /Money still to find Your budget balances/);
    assert.match(
      text,
      /Your postcode district TS24 Change Your postcode district Your age 35 to 64/,
    );
    assert.match(text, /We keep your answers for a year/);
    assert.doesNotMatch(check.body, /type="number"|simulator\.js/);
    const carried = hiddenFields(check.body);
    assert.deepEqual({ ...carried, ...chosen }, carried, 'every answer is carried');
    assert.equal(await responses(), 0, 'nothing is recorded before Submit budget');

    const changing = await browser.request('POST', url, { ...carried, action: 'change' });
    assert.equal(changing.statusCode, 200);
    assert.match(
      changing.body,
      /id="line-libraries" name="line-libraries" type="number" value="-10"/,
    );
    assert.match(changing.body, /value="100" checked/);
    assert.match(
      changing.body,
      /id="about-postcode" name="about-postcode" type="text" value="TS24"/,
    );
    assert.equal(errorSummaryOf(changing.body), '');

    const sent = await browser.request('POST', url, { ...carried, action: 'submit' });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `${url}/thank-you?budget=${hidden['key']}`);
    assert.equal(
      (await browser.request('POST', url, { ...carried, action: 'submit' })).statusCode,
      303,
    );
    assert.equal(await responses(), 1);
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
    assert.equal(await responses(), 2);
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
    assert.equal(await responses(), 3);
  });

  it('answers 404 for a simulation that is not open to residents', async () => {
    const page = await test.app.inject({ url: '/simulations/no-such-simulation' });
    assert.equal(page.statusCode, 404);
  });
});
