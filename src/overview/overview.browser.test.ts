import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createServices } from '../app/services.ts';
import { browserSuite, mainHeading, shownText, useBrowserSite } from '../testing/browser.ts';

describe('the sector overview in a browser', browserSuite, () => {
  const site = useBrowserSite();
  before(async () => {
    await createServices(site.database).overview.recompute();
  });

  for (const path of ['/overview', '/overview?basket=economy-and-skills&area=E06000001'])
    it(`has no accessibility violation, charts followed by tables (${path})`, async () => {
      const page = await site.assertAccessible(path);
      const charts = await page.locator('svg.app-chart--stacked').count();
      assert.ok(charts >= 1);
      assert.ok((await page.locator('table').count()) >= charts + 1);
      await page.setViewportSize({ width: 320, height: 900 });
      await site.assertStep(page, 320);
    });

  it('chooses a council without JavaScript', async () => {
    const page = await site.open('/overview', { javaScript: false });
    await page.selectOption('#area', 'E06000001');
    await page.selectOption('#basket', 'economy-and-skills');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/area=E06000001/);
    assert.equal(await mainHeading(page), 'Direction of travel of Hartlepool');
    assert.match(
      await shownText(page, '#summary'),
      /^Hartlepool improved on \d+ of 5 measures since 2016 \(2016\/17\); similar councils on [\d.]+ on average; England on \d+\.$/,
    );
  });
});
