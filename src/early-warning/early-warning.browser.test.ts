import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import * as browser from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';

/*
 * Issue 19: an improvement adviser signs in, reads the watch list and a council's flags with
 * the figures that raised them, and records a meeting after a mistake, without JavaScript and
 * with it; each step passes axe and reads at 320 px.
 */
describe('an improvement adviser uses early warning, in a browser', browser.browserSuite, () => {
  const site = browser.useBrowserSite();
  const email = 'adviser@programme.example';
  let password = '';

  before(async () => {
    const services = createServices(site.database);
    await services.overview.recompute();
    await services.earlyWarning.recompute();
    ({ password } = await newUser(site.database, {
      email,
      role: 'improvement-adviser',
      organisation: 'lga',
    }));
  });

  for (const mode of [{ javaScript: true }, { javaScript: false }] as const)
    it(`reads the watch list and records a meeting (JavaScript ${mode.javaScript ? 'on' : 'off'})`, async () => {
      const page = await site.open('/sign-in', mode);
      await page.setViewportSize({ width: 320, height: 900 });
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname !== '/sign-in');
      // At 320 px with JavaScript the header's links fold into a menu: the link is there.
      assert.equal(await page.locator('header a[href="/early-warning"]').count(), 1);
      await page.goto(`${site.baseUrl}/early-warning`);
      await site.assertStep(page, 320);
      const first = page.locator('tbody th a').first();
      const council = (await first.textContent())?.trim() ?? '';
      await first.click();
      await page.waitForURL((url) => url.pathname.startsWith('/early-warning/E'));
      assert.equal(await browser.mainHeading(page), `Early warning: ${council}`);
      assert.ok((await page.getByText('The figures that raised it').count()) >= 1);
      await site.assertStep(page, 320);
      await page.getByRole('button', { name: 'Add the note' }).click();
      await page.waitForURL((url) => url.pathname.endsWith('/notes'));
      assert.match(
        await page.locator('.govuk-error-summary').innerText(),
        /Choose what kind of note this is/,
      );
      await site.assertStep(page, 320);
      await page.getByLabel('Meeting held').check();
      await page.getByLabel('Note', { exact: true }).fill(`Met ${council}’s chief executive.`);
      await page.getByRole('button', { name: 'Add the note' }).click();
      await page.waitForURL((url) => url.hash === '#notes');
      assert.ok(await page.getByText(`Met ${council}’s chief executive.`).first().isVisible());
    });
});
