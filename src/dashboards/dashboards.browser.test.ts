import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as browser from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';

/*
 * Issue 18: a council's analyst signs in, lands on the dashboards, pins a measure from its page
 * for the council (told what is wrong first), and sees its tile: with and without JavaScript,
 * each step passing axe.
 */
describe('an analyst pins a measure to a dashboard, in a browser', browser.browserSuite, () => {
  const site = browser.useBrowserSite();
  const analyst = { email: 'dashboard.analyst@hartlepool.example', password: '' };

  before(async () => {
    const user = await newUser(site.database, {
      email: analyst.email,
      organisation: 'E06000001',
      role: 'analyst',
    });
    analyst.password = user.password;
  });

  for (const mode of browser.javaScriptModes)
    it(`pins employment rate for Hartlepool (${mode.label})`, async () => {
      const width = 1280;
      const page = await site.open('/sign-in', mode);
      await page.getByLabel('Email address').fill(analyst.email);
      await page.getByLabel('Password', { exact: true }).fill(analyst.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/dashboard');
      assert.equal(await browser.mainHeading(page), 'Your dashboards');
      await site.assertStep(page, width);

      await page.goto(`${site.baseUrl}/metrics/employment-rate?area=E06000001`);
      await page
        .getByRole('link', { name: /Add this measure for Hartlepool to a dashboard/ })
        .click();
      await page.waitForURL((url) => url.pathname === '/dashboard/add');
      await site.assertStep(page, width);
      await page.getByLabel('Your own dashboard').check();
      await page.getByRole('textbox', { name: 'Council', exact: true }).fill('');
      await page.getByRole('button', { name: 'Add to dashboard' }).click();
      await page.waitForSelector('.govuk-error-summary');
      assert.match(await browser.shownText(page, '.govuk-error-summary'), /Enter the council/);
      await site.assertStep(page, width);

      await page.getByRole('textbox', { name: 'Council', exact: true }).fill('Hartlepool');
      await page.getByRole('button', { name: 'Add to dashboard' }).click();
      await page.waitForURL((url) => url.pathname === '/dashboard');
      assert.match(
        await browser.shownText(page, 'main'),
        /Employment rate[\s\S]*Hartlepool, compared with/i,
      );
      await site.assertStep(page, width);
    });
});
