import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  browserSuite,
  javaScriptModes,
  mainHeading,
  screenshotName,
  shownText,
  useBrowserSite,
} from '../testing/browser.ts';

/** Journey 1's answer on screen, described in the issue's closing note. */
const journeyScreenshot = path.resolve(
  import.meta.dirname,
  '../../test-results/journey-1-league-table.png',
);

const bandD = '/metrics/band-d-council-tax-including-parish-precepts';

/** The ranked rows of the first league table as "rank|council|figure", in the order shown. */
async function rankedRows(page: Page): Promise<string[][]> {
  const rows = page.locator('table.openlg-league').first().locator('tbody:last-of-type tr');
  return (await rows.allTextContents()).map((row) =>
    row
      .trim()
      .split(/\n\s*/)
      .map((cell) => cell.trim()),
  );
}

const pounds = (figure: string | undefined) => Number((figure ?? '').replace(/[£,]/g, ''));

/**
 * A journalist ranks every council on Band D council tax: the league table with no council
 * chosen, a filter to the South East's district councils, a sort by the figure, and a council
 * followed to its profile; at a desktop and a phone width, with script on and off.
 */
describe('journey 1: a league table of every council', browserSuite, () => {
  const site = useBrowserSite(['ons-els', 'tidy-csv', 'mhclg-ctr']);
  // The stylesheet compiles on its first request: on a busy machine that can outlast the first
  // test's navigation timeout, so it is compiled before any test starts.
  before(async () => {
    await fetch(`${site.baseUrl}/assets/openlg.css`);
  });

  for (const mode of javaScriptModes)
    for (const width of [1280, 320])
      it(`ranks every council on Band D council tax (${mode.label}, ${width} px)`, async () => {
        const page = await site.open(bandD, mode);
        await page.setViewportSize({ width, height: 900 });
        assert.equal(await mainHeading(page), 'Band D council tax including parish precepts');
        assert.match(await shownText(page, '#league-table'), /^Every council, \d{4}\/\d{2}$/);
        assert.match(
          await page.title(),
          /^Band D council tax including parish precepts: every council ranked, \d{4}\/\d{2}/,
        );
        // Council tax compares only within tiers: each tier has its own ranking.
        assert.match(await shownText(page, '#league-sets'), /each type is ranked on its own/);
        const sets = await page.locator('section h3').allTextContents();
        assert.ok(sets.includes('County councils'), sets.join(' | '));
        assert.ok(sets.includes('District councils'), sets.join(' | '));
        const first = await rankedRows(page);
        assert.ok(first.length > 100, `${first.length} councils in the first set`);
        assert.equal(first[0]?.[0], '1');
        // England heads each table, shaded and not ranked.
        assert.match(
          await shownText(page, '.openlg-league__reference tr'),
          /^Reference England £[\d,.]+$/,
        );
        await site.assertStep(page, width);

        // A filter: the South East's district councils.
        await page.getByLabel('Type of council').selectOption('district');
        await page.getByLabel('Region').selectOption({ label: 'South East' });
        await page.getByRole('button', { name: 'Filter' }).click();
        await page.waitForURL((url) => url.searchParams.get('type') === 'district');
        assert.match(await shownText(page, '#league-table'), /^District councils in South East, /);
        const districts = await rankedRows(page);
        assert.ok(districts.length > 20, `${districts.length} districts in the South East`);
        assert.equal(await page.locator('table.openlg-league').count(), 1);

        // A sort: by the figure, highest first, then lowest first.
        await page.getByRole('link', { name: /^Figure/ }).click();
        await page.waitForURL((url) => url.searchParams.get('sort') === 'value');
        const highest = (await rankedRows(page)).map((r) => pounds(r[2]));
        assert.deepEqual(
          highest,
          [...highest].sort((a, b) => b - a),
        );
        await page.getByRole('link', { name: /^Figure/ }).click();
        await page.waitForURL((url) => url.searchParams.get('order') === 'asc');
        const lowest = await rankedRows(page);
        assert.deepEqual(
          lowest.map((r) => pounds(r[2])),
          [...highest].reverse(),
        );
        assert.equal(
          await page
            .locator('th[aria-sort="ascending"]')
            .textContent()
            .then((t) => t?.trim()),
          'Figure, sort descending',
        );
        await site.assertStep(page, width);
        // Printed, the forms are left out and the table stays.
        await page.emulateMedia({ media: 'print' });
        assert.equal(await page.locator('#league-filters').isVisible(), false);
        assert.equal(await page.locator('table.openlg-league').isVisible(), true);
        await page.emulateMedia({ media: 'screen' });
        await site.screenshot(page, screenshotName(`journey-1-league-table-${width}`, mode.label));
        if (mode.javaScript && width === 1280)
          await page.screenshot({ path: journeyScreenshot, fullPage: true });

        // Follow the lowest-taxing district to its profile.
        const council = lowest[0]?.[1] ?? '';
        await page
          .locator('table.openlg-league')
          .getByRole('link', { name: council, exact: true })
          .click();
        await page.waitForURL((url) => url.pathname.startsWith('/areas/E07'));
        assert.equal(await mainHeading(page), council);
        assert.deepEqual(site.errors(page), []);
      });

  it('names a council, its custom group and the period, and leads back to its profile', async () => {
    const group = 'custom:E06000001,E06000002,E06000003';
    const page = await site.open(
      `/metrics/gcses-in-english-and-maths?area=E06000001&group=${group}`,
    );
    await page.setViewportSize({ width: 320, height: 900 });
    assert.match(
      await page.title(),
      /^GCSEs in English and Maths: Hartlepool among Custom group, \d{4}\/\d{2} – openlg$/,
    );
    assert.deepEqual(await page.locator('.govuk-breadcrumbs__link').allTextContents(), [
      'Home',
      'Measures',
      'GCSEs in English and Maths',
    ]);
    assert.equal(
      await page.getByLabel('Compare with').locator('option:checked').textContent(),
      'Custom group (3 councils)',
    );
    await site.assertStep(page, 320);
    await page.getByRole('link', { name: /^Back to Hartlepool's profile/ }).click();
    await page.waitForURL(
      (url) => url.pathname === '/areas/E06000001' && url.searchParams.get('group') === group,
    );
    assert.equal(await mainHeading(page), 'Hartlepool');
  });
});
