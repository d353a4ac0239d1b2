import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { browserSuite, shownText, useBrowserSite } from '../testing/browser.ts';
import { openExampleSimulation } from './simulations.fixture.ts';

describe('a budget simulation in Welsh in a browser', browserSuite, () => {
  const site = useBrowserSite();
  const url = '/simulations/budget-2026?lang=cy';

  before(async () => {
    await openExampleSimulation(site.database, 'budget-2026');
  });

  it('has no accessibility violation in Welsh, refused with the error summary too', async () => {
    const page = await site.assertAccessible(url);
    await page.getByRole('button', { name: 'Cyflwyno fy nghyllideb' }).click();
    await page.waitForURL(/\?lang=cy$/);
    assert.match(await shownText(page, '.govuk-error-summary'), /Nid yw eich cyllideb yn mantoli/);
    await site.assertStep(page, 1024);
    await page.getByRole('link', { name: 'English' }).click();
    assert.match(await shownText(page, '#balance'), /Money still to find/);
  });
});
