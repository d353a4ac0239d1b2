import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { browserSuite, javaScriptModes, mainHeading, useBrowserSite } from '../testing/browser.ts';

describe('reports in the browser', browserSuite, () => {
  // The council tax report needs its dataset; the DfE set is left out (minutes to load).
  const site = useBrowserSite(['ons-els', 'tidy-csv', 'mhclg-ctr']);
  before(async () => {
    for (const url of ['/reports', '/assets/openlg.css?v=1']) await fetch(`${site.baseUrl}${url}`);
  });

  for (const width of [1280, 320])
    for (const mode of javaScriptModes)
      it(`a councillor runs the council overview for their council at ${width} px (${mode.label})`, async () => {
        const page = await site.open('/', mode);
        await page.setViewportSize({ width, height: 900 });
        // Narrower than a tablet, with JavaScript, the navigation folds behind its Menu button
        // (once the script has run: waited for by the click, not tested at once).
        if (mode.javaScript && width < 641)
          await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('link', { name: 'Reports', exact: true }).click();
        assert.equal(await mainHeading(page), 'Reports');
        await site.assertStep(page, width);
        await page.getByRole('link', { name: 'Council overview' }).click();
        await page.getByRole('combobox', { name: 'Council' }).selectOption({ label: 'Hartlepool' });
        await page.getByRole('combobox', { name: 'Figures' }).selectOption('2022');
        await page.getByRole('button', { name: 'Run the report' }).click();
        await page.waitForURL((url) => url.searchParams.get('area') === 'E06000001');
        assert.equal(await mainHeading(page), 'Hartlepool: council overview');
        const summary = (await page.locator('#section-1 ~ div').first().textContent()) ?? '';
        assert.match(summary, /Hartlepool’s employment rate is [\d.]+% \(2022\), \d+\w\w of 16 /);
        // Every chart has its figures in a table after it.
        assert.equal(await page.locator('.openlg-chart svg').count(), 3);
        assert.ok((await page.locator('table.govuk-table').count()) >= 9);
        await site.assertStep(page, width);
      });

  it('has no accessibility violations on its pages, errors included', async () => {
    for (const url of [
      '/reports',
      '/reports/council-tax-and-finance',
      '/reports/council-tax-and-finance?area=E07000223',
      '/reports/economy-and-skills?area=E06000001&group=custom:E06000002,E06000003',
    ])
      await site.assertAccessible(url);
    await site.assertAccessible('/reports/council-overview?area=nowhere&period=1900', {
      status: 400,
    });
  });
});
