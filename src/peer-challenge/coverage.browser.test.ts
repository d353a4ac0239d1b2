import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import { browserSuite, shownText, useBrowserSite } from '../testing/browser.ts';

describe('peer challenge coverage and feedback in a browser', browserSuite, () => {
  const site = useBrowserSite();
  before(async () => {
    const services = createServices(site.database);
    await services.peerChallenges.loadScenario();
    await services.peerFeedback.loadIllustrative();
  });

  it('has no accessibility violation on the coverage page, each map followed by its table', async () => {
    const page = await site.assertAccessible('/peer-challenge/coverage?asAt=2017-09-30');
    assert.equal(await page.locator('svg.app-chart--map').count(), 2);
    await page.setViewportSize({ width: 320, height: 900 });
    await site.assertStep(page, 320);
  });

  it('chooses a day without JavaScript', async () => {
    const page = await site.open('/peer-challenge/coverage', { javaScript: false });
    await page.setViewportSize({ width: 320, height: 900 });
    await page.getByLabel('As at (optional)').fill('2017-09-30');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/asAt=2017-09-30/);
    assert.match(await shownText(page, '#summary'), /^As at 2017-09-30: of \d+ councils/);
    await site.assertStep(page, 320);
  });

  it('has no accessibility violation on the feedback page', async () => {
    const page = await site.assertAccessible('/peer-challenge/feedback');
    assert.match(await shownText(page, '#headlines-2012-13'), /92% found their peer challenge/);
    await page.setViewportSize({ width: 320, height: 900 });
    await site.assertStep(page, 320);
  });
});
