import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  browserSuite,
  javaScriptModes,
  mainHeading,
  screenshotDir,
  screenshotName,
  useBrowserSite,
} from '../testing/browser.ts';

const councils = ['Hartlepool', 'Middlesbrough', 'Redcar and Cleveland', 'Darlington', 'Newcastle'];
const headlines = [
  'Employment rate',
  'Claimant count',
  'GCSEs in English and Maths',
  'Gross median weekly pay',
];
const searched = /^Public electric vehicle chargers$/i;
/** A label as written, whatever the capitals its publisher gave it ("Claimant Count"). */
const exactly = (title: string) => new RegExp(`^${title}$`, 'i');

/** The text of a table's rows, cell by cell, as a reader sees it. */
async function rowsOf(page: Page, caption: string): Promise<string[][]> {
  const table = page.locator('table', { has: page.locator('caption', { hasText: caption }) });
  return table
    .first()
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('th, td')].map((cell) =>
          (cell.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ),
      ),
    );
}

describe('journey 2: an analyst compares five councils on five measures', browserSuite, () => {
  const site = useBrowserSite();
  // The first request builds the stylesheet: warmed here, it does not eat a test's time limit.
  before(async () => {
    for (const url of ['/compare', '/assets/openlg.css?v=1']) await fetch(`${site.baseUrl}${url}`);
  });

  for (const width of [1280, 320])
    for (const mode of javaScriptModes)
      it(`by name, one of them ambiguous, at ${width} px (${mode.label})`, async () => {
        const page = await site.open('/compare', mode);
        await page.setViewportSize({ width, height: 900 });
        assert.equal(await mainHeading(page), 'Compare councils');

        await page.getByRole('textbox', { name: 'Councils' }).fill(councils.join('\n'));
        for (const title of headlines)
          await page.getByRole('checkbox', { name: exactly(title) }).check();
        // A measure that is not among the headlines: found by searching the catalogue.
        await page.getByRole('searchbox', { name: 'Search all measures' }).fill('electric');
        await page.getByRole('button', { name: 'Search measures' }).click();
        await page.waitForURL((url) => url.searchParams.get('q') === 'electric');
        assert.match(
          (await page.getByRole('status').textContent()) ?? '',
          /^1 measure matches “electric”\.$/,
        );
        for (const title of headlines)
          assert.ok(await page.getByRole('checkbox', { name: exactly(title) }).isChecked());
        assert.equal(
          await page.getByRole('textbox', { name: 'Councils' }).inputValue(),
          'Hartlepool (E06000001)\nMiddlesbrough (E06000002)\nRedcar and Cleveland (E06000003)\n' +
            'Darlington (E06000005)\nNewcastle',
        );
        await page.getByRole('checkbox', { name: searched }).check();
        await page.getByRole('button', { name: 'Compare', exact: true }).click();

        // "Newcastle" is two councils: the page asks which, keeping every other choice.
        await page.waitForURL((url) => url.searchParams.get('action') === 'compare');
        const summary = page.locator('.govuk-error-summary');
        assert.match((await summary.textContent()) ?? '', /Choose which council “Newcastle” means/);
        await page.getByRole('radio', { name: /^Newcastle upon Tyne/ }).check();
        assert.ok(await page.getByRole('checkbox', { name: searched }).isChecked());
        await page.getByRole('button', { name: 'Compare', exact: true }).click();
        await page.waitForURL((url) => url.searchParams.has('pick4'));

        assert.equal(await page.locator('.govuk-error-summary').count(), 0);
        const latest = await rowsOf(page, 'Latest figures');
        assert.deepEqual(
          latest.map((row) => row[0]),
          [
            'Hartlepool',
            'Middlesbrough',
            'Redcar and Cleveland',
            'Darlington',
            'Newcastle upon Tyne',
            'England',
          ],
        );
        assert.ok(
          latest.every((row) => row.length === 6),
          'a figure for each of five measures',
        );
        assert.match(latest[0]?.[1] ?? '', /^\d+\.\d%$/);
        const ranked = await rowsOf(page, 'Employment rate,');
        assert.deepEqual(
          ranked
            .map((row) => row[2]?.replace(/ among.*/, ''))
            .slice(0, 5)
            .sort(),
          // Two of them share second place: a tie takes the best rank of the tie.
          ['1st of 5', '2nd of 5', '2nd of 5', '4th of 5', '5th of 5'],
        );
        assert.equal(ranked.at(-1)?.[2], 'Not ranked: for reference');
        assert.equal(await page.locator('svg.app-chart--trend[role="img"]').count(), 5);

        await site.assertStep(page, width);

        // The download holds the rows shown: five councils and England for each measure.
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: 'CSV' }).click(),
        ]);
        const csv = await readFile(await file.path(), 'utf8');
        const lines = csv.trim().split(/\r\n/);
        assert.equal(lines.length, 1 + 5 * 6);
        assert.ok(
          lines.some(
            (l) => l.includes('Newcastle upon Tyne') && /electric vehicle chargers/i.test(l),
          ),
        );

        await page.emulateMedia({ media: 'print' });
        assert.equal(await page.locator('form[action="/compare"]').isVisible(), false);
        await page.emulateMedia({ media: 'screen' });
        await site.screenshot(page, screenshotName('/compare journey 2', `${width} ${mode.label}`));
        if (width === 1280 && mode.javaScript)
          await page.screenshot({
            path: path.resolve(screenshotDir, '..', 'journey-2-compare.png'),
            fullPage: true,
          });
        assert.deepEqual(site.errors(page), []);
      });
});
