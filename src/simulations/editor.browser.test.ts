import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { browserSuite, shownText, useBrowserSite } from '../testing/browser.ts';
import { newUser } from '../testing/fixtures.ts';

/*
 * A simulation editor sets up a small simulation in a browser, 320 px wide, each page checked
 * with axe: create it, add a service (a mistake refused, then fixed), the lever's page, the
 * rest's page, the preview, then open it for residents.
 */
describe('setting up a budget simulation in a browser', browserSuite, () => {
  const site = useBrowserSite();
  const width = 320;
  let editor = { email: 'sim.editor@hartlepool.example', password: '' };

  before(async () => {
    const user = await newUser(site.database, {
      email: editor.email,
      role: 'simulation-editor',
      organisation: 'E06000001',
    });
    editor = { ...editor, password: user.password };
  });

  it('is set up end to end, every page accessible at 320 px', async () => {
    const page = await site.open('/sign-in');
    await page.setViewportSize({ width, height: 900 });
    await page.getByLabel('Email address').fill(editor.email);
    await page.getByLabel('Password', { exact: true }).fill(editor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard');

    await page.goto(`${site.baseUrl}/account/simulations`);
    await site.assertStep(page, width);
    await page.getByRole('button', { name: 'Create a simulation' }).click();
    await page.getByLabel('Address').fill('budget-2027');
    await page.getByLabel('Title', { exact: true }).fill('Help balance the budget');
    await site.assertStep(page, width);
    await page.getByRole('button', { name: 'Create the draft' }).click();
    await page.waitForURL((url) => url.pathname === '/account/simulations/budget-2027');
    await site.assertStep(page, width);

    await page.getByRole('link', { name: 'Add a service' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Libraries');
    await page.getByLabel('Budget this year, in pounds').fill('4000000');
    await page.getByLabel('Largest cut residents may choose').fill('-30');
    await page.getByLabel('Largest rise residents may choose').fill('12');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match(await shownText(page, '.govuk-error-summary'), /whole number of steps/);
    await site.assertStep(page, width);
    await page.getByLabel('Largest rise residents may choose').fill('10');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => url.pathname === '/account/simulations/budget-2027');

    for (const link of [
      'Change the council tax lever',
      'Change the title, target, dates and look',
    ]) {
      await page.getByRole('link', { name: link }).click();
      await site.assertStep(page, width);
      await page.getByRole('link', { name: 'Back to the simulation without saving' }).click();
    }

    await page.getByRole('link', { name: 'Preview it as residents will see it' }).click();
    assert.match(await shownText(page, 'main'), /A preview of version 1/);
    await site.assertStep(page, width);
    await site.screenshot(page, 'simulation-editor-preview');
    await page.getByRole('link', { name: 'Back to editing the simulation' }).click();
    await page.getByRole('button', { name: 'Open it to residents' }).click();
    assert.match(await shownText(page, '.govuk-notification-banner'), /Open: residents can/);
    await site.assertStep(page, width);
  });
});
