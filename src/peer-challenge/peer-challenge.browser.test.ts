import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import { browserSuite, mainHeading, shownText, useBrowserSite } from '../testing/browser.ts';

describe('the peer challenge figures in a browser', browserSuite, () => {
  const site = useBrowserSite();
  before(async () => {
    await createServices(site.database).peerChallenges.loadScenario();
  });

  for (const path of ['/peer-challenge/figures', '/peer-challenge/figures?year=2012-13'])
    it(`has no accessibility violation, the chart followed by its table (${path})`, async () => {
      const page = await site.assertAccessible(path);
      assert.equal(await page.locator('svg.app-chart--stacked').count(), 1);
      assert.equal(await page.locator('table').count(), 2);
      await page.setViewportSize({ width: 320, height: 900 });
      await site.assertStep(page, 320);
    });

  it('chooses a year and a day without JavaScript', async () => {
    const page = await site.open('/peer-challenge/figures', { javaScript: false });
    await page.setViewportSize({ width: 320, height: 900 });
    await page.selectOption('#year', '2012-13');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/year=2012-13/);
    assert.equal(await mainHeading(page), 'Peer challenge figures, 2012/13');
    assert.equal(
      await shownText(page, '#summary'),
      'In 2012/13: 136 challenges delivered, 0 confirmed and 0 in discussion.',
    );
    await page.selectOption('#year', '2017-18');
    await page.getByLabel('As at (optional)').fill('2017-09-30');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/asAt=2017-09-30/);
    assert.equal(
      await shownText(page, '#summary'),
      'In 2017/18, as at 2017-09-30: 35 challenges delivered, 54 confirmed and 23 in discussion.',
    );
    await site.assertStep(page, 320);
  });
});
