import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  browserSuite,
  javaScriptModes,
  mainHeading,
  screenshotName,
  shownText,
  useBrowserSite,
} from '../testing/browser.ts';

/** Journey 6's answer on screen, described in the issue's closing note. */
const journeyScreenshot = path.resolve(
  import.meta.dirname,
  '../../test-results/journey-6-search.png',
);

/** Types into the page's search box and submits it, as a reader would. */
async function search(page: Page, words: string) {
  const box = page.getByRole('search');
  await box.getByRole('searchbox').fill(words);
  await box.getByRole('button', { name: 'Search' }).click();
}

/**
 * A reader who half-remembers names: a misspelt council from the home page's box reaches its
 * profile; a council's exact name goes straight there; a few words of a measure put that
 * measure first; "Kingston" lists both Kingstons before any measure.
 */
describe('journey 6: one search box finds councils and measures', browserSuite, () => {
  const site = useBrowserSite();

  for (const mode of javaScriptModes)
    for (const width of [1280, 320])
      it(`finds councils and measures from one box (${mode.label}, ${width} px)`, async () => {
        const page = await site.open('/', mode);
        await page.setViewportSize({ width, height: 900 });

        // A misspelt name lists the council it meant.
        await search(page, 'Hartlepol');
        await page.waitForURL((url) => url.searchParams.get('q') === 'Hartlepol');
        assert.equal(await mainHeading(page), 'Find a council or a measure');
        assert.equal(await shownText(page, '#results-heading'), '1 council for “Hartlepol”');
        await site.assertStep(page, width);
        await page
          .locator('ul[aria-labelledby="results-heading"]')
          .getByRole('link', { name: 'Hartlepool', exact: true })
          .click();
        await page.waitForURL((url) => url.pathname === '/areas/E06000001');
        assert.equal(await mainHeading(page), 'Hartlepool');

        // An exact name goes straight to the profile.
        await page.goto(`${site.baseUrl}/search`);
        await search(page, 'middlesbrough');
        await page.waitForURL((url) => url.pathname === '/areas/E06000002');
        assert.equal(await mainHeading(page), 'Middlesbrough');

        // Both Kingstons come before any measure.
        await page.goto(`${site.baseUrl}/search`);
        await search(page, 'Kingston');
        await page.waitForURL((url) => url.searchParams.get('q') === 'Kingston');
        const kingstons = await page
          .locator('ul[aria-labelledby="results-heading"] a')
          .allTextContents();
        assert.deepEqual(kingstons.slice(0, 2), ['Kingston upon Hull', 'Kingston upon Thames']);

        // A few words of a measure put it first.
        await search(page, 'gcse english maths');
        await page.waitForURL((url) => url.searchParams.get('q') === 'gcse english maths');
        assert.match(
          await shownText(page, '#measures-heading'),
          /^\d+ measures for “gcse english maths”$/,
        );
        const first = page.locator('ol[aria-labelledby="measures-heading"] a').first();
        assert.equal((await first.textContent())?.trim(), 'GCSEs in English and Maths');
        await site.assertStep(page, width);
        // Printed, the results stay and the search form is left out.
        await page.emulateMedia({ media: 'print' });
        assert.equal(await page.getByRole('search').isVisible(), false);
        assert.equal(await first.isVisible(), true);
        await page.emulateMedia({ media: 'screen' });
        await site.screenshot(page, screenshotName(`journey-6-search-${width}`, mode.label));
        if (mode.javaScript && width === 1280)
          await page.screenshot({ path: journeyScreenshot, fullPage: true });

        await first.click();
        await page.waitForURL((url) => url.pathname === '/metrics/gcses-in-english-and-maths');
        assert.equal(await mainHeading(page), 'GCSEs in English and Maths');
        assert.deepEqual(site.errors(page), []);
      });

  for (const mode of javaScriptModes)
    for (const width of [1280, 320])
      it(`searches from the header of any page (${mode.label}, ${width} px)`, async () => {
        const page = await site.open('/metrics', mode);
        await page.setViewportSize({ width, height: 900 });
        const header = page.getByRole('search', { name: 'Search councils and measures' });
        const box = header.getByRole('searchbox', { name: /^Search councils and measures/ });
        assert.equal(await box.isVisible(), true);
        // The box and its button fit the screen, on the header's one line or under the name.
        const right = Number(await header.evaluate((form) => form.getBoundingClientRect().right));
        assert.ok(right <= width, `the header search ends at ${right} px`);
        await site.assertStep(page, width);

        // A misspelt name from a measure page lists the council it meant.
        await box.fill('Hartlepol');
        await header.getByRole('button', { name: 'Search' }).click();
        await page.waitForURL(
          (url) => url.pathname === '/search' && url.searchParams.get('q') === 'Hartlepol',
        );
        assert.equal(await shownText(page, '#results-heading'), '1 council for “Hartlepol”');
        // The results page is that search: its own box, and none in the header.
        assert.equal(await page.getByRole('search').count(), 1);
        await page
          .locator('ul[aria-labelledby="results-heading"]')
          .getByRole('link', { name: 'Hartlepool', exact: true })
          .click();
        await page.waitForURL((url) => url.pathname === '/areas/E06000001');

        // An exact name from a profile's header goes straight to that council.
        await box.fill('Middlesbrough');
        await box.press('Enter');
        await page.waitForURL((url) => url.pathname === '/areas/E06000002');
        assert.equal(await mainHeading(page), 'Middlesbrough');
        await site.assertStep(page, width);
        // Printed, the header search is left out with the rest of the site's chrome.
        await page.emulateMedia({ media: 'print' });
        assert.equal(await header.isVisible(), false);
        await page.emulateMedia({ media: 'screen' });
        await site.screenshot(page, screenshotName(`header-search-${width}`, mode.label));
        assert.deepEqual(site.errors(page), []);
      });
});
