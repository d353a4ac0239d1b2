import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { browserSuite, shownText, useBrowserSite } from '../testing/browser.ts';
import { openExampleSimulation } from './simulations.fixture.ts';

describe('a budget simulation in a browser', browserSuite, () => {
  const site = useBrowserSite();
  const url = '/simulations/budget-2026';

  before(async () => {
    await openExampleSimulation(site.database, 'budget-2026');
  });

  it('has no accessibility violation on the list and the form, at 320 px too', async () => {
    await site.assertAccessible('/simulations');
    const page = await site.assertAccessible(url);
    await page.setViewportSize({ width: 320, height: 900 });
    await site.assertStep(page, 320);
  });

  it('is completed without JavaScript: recalculate, refused unbalanced, checked, then recorded', async () => {
    const page = await site.open(url, { javaScript: false });
    await page.setViewportSize({ width: 320, height: 900 });
    await page.getByLabel('Libraries (change in %)').fill('-10');
    await page.getByRole('button', { name: 'Recalculate' }).click();
    assert.equal(await shownText(page, '#balance'), 'Money still to find: £600,000');
    await site.screenshot(page, 'simulation-recalculated-javascript-off');
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match(
      await shownText(page, '.govuk-error-summary'),
      /Your budget does not balance yet: find £600,000 more/,
    );
    await site.assertStep(page, 320);
    await site.screenshot(page, 'simulation-refused-javascript-off');
    await page.getByLabel('Libraries (change in %)').fill('-25');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Check your budget' }).waitFor();
    assert.match(await shownText(page, 'main'), /Libraries\s*This saves £1,000,000/);
    await site.assertStep(page, 320);
    await page.getByRole('button', { name: 'Submit budget' }).click();
    await page.waitForURL(/\/thank-you\?budget=/);
    assert.match(await shownText(page, 'main'), /Your budget is recorded/);
    await site.assertStep(page, 320);
  });
});
