import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  browserSuite,
  javaScriptModes,
  mainHeading,
  shownText,
  useBrowserSite,
} from '../testing/browser.ts';

/** Journey 4's answer on screen and on paper, described in the issue's closing note. */
const results = path.resolve(import.meta.dirname, '../../test-results');
const measure = '/metrics/female-healthy-life-expectancy?area=E06000001';

/** The smallest text on screen in any chart: its font size times the SVG's scale. */
const smallestChartText = async (page: Page) =>
  Number(
    await page.evaluate(`Math.min(...[...document.querySelectorAll('svg.app-chart text')].map(
      (node) => parseFloat(getComputedStyle(node).fontSize) * (node.closest('svg').getScreenCTM()?.a ?? 0)))`),
  );

/**
 * A performance officer puts a measure into a committee paper: the council's ranked chart with
 * confidence intervals, England and the group median, the chart downloaded as an image with its
 * source and licence, and the page printed without its forms or link addresses.
 */
describe('journey 4: charts for a committee paper', browserSuite, () => {
  const site = useBrowserSite();

  for (const mode of javaScriptModes)
    for (const width of [1280, 320])
      it(`charts a measure, downloads it and prints it (${mode.label}, ${width} px)`, async () => {
        const page = await site.open(measure, mode);
        await page.setViewportSize({ width, height: 900 });
        assert.equal(await mainHeading(page), 'Female healthy life expectancy');
        assert.match(await page.title(), /Hartlepool among .+, \d{4}/);
        assert.match(await shownText(page, '#charts'), /^Hartlepool among .+, \d{4}/);

        // The ranked chart names the council, group and period, and shows intervals and England.
        const ranked = page.locator('svg#ranked, svg[aria-labelledby^="ranked-title"]').first();
        assert.match(
          (await ranked.locator('title').first().textContent()) ?? '',
          /^Female healthy life expectancy, .+: Hartlepool among .+/,
        );
        const drawn = (await ranked.locator('text').allTextContents()).join(' | ');
        assert.match(drawn, /◆ Hartlepool/);
        assert.match(drawn, /England \d+\.\d/);
        assert.match(drawn, /Group median \d+\.\d/);
        assert.match(drawn, /95% confidence interval/);
        assert.match(drawn, /(Better|Similar|Worse) than England/);
        const fontFamily = String(
          await page.evaluate(
            `getComputedStyle(document.querySelector('svg.app-chart')).fontFamily`,
          ),
        );
        assert.doesNotMatch(fontFamily, /(^|, *)serif/);
        const smallest = await smallestChartText(page);
        assert.ok(smallest >= 11.99, `chart text is ${smallest.toFixed(2)} px on screen`);
        await site.assertStep(page, width);

        // The chart as an image, with what it is and where it is from inside it.
        const links = page.locator('a', { hasText: 'PNG' });
        assert.ok((await links.count()) >= 2);
        const png = await page.request.get((await links.first().getAttribute('href')) ?? '');
        assert.equal(png.status(), 200);
        assert.equal(png.headers()['content-type'], 'image/png');
        const svgHref =
          (await page.locator('a', { hasText: 'SVG' }).first().getAttribute('href')) ?? '';
        const svg = await (await page.request.get(svgHref)).text();
        assert.match(svg, /Licence: Open Government Licence v3\.0/);
        assert.match(svg, /Source: Office for National Statistics/);

        // On paper: no forms, no navigation, no link addresses; tables and charts fit the page.
        await page.emulateMedia({ media: 'print' });
        assert.equal(await page.locator('form').first().isVisible(), false);
        assert.equal(await page.locator('a', { hasText: 'PNG' }).first().isVisible(), false);
        const appended: unknown = await page.evaluate(
          `[...document.querySelectorAll('a[href]')].map((a) => getComputedStyle(a, '::after').content)
            .filter((content) => content !== 'none' && content !== 'normal' && content !== '')`,
        );
        assert.deepEqual(appended, []);
        const overflow = Number(
          await page.evaluate(
            'document.documentElement.scrollWidth - document.documentElement.clientWidth',
          ),
        );
        assert.ok(overflow <= 0, `the printed page overflows by ${overflow} px`);
        if (mode.javaScript && width === 1280) {
          await page.emulateMedia({ media: 'screen' });
          await ranked.screenshot({ path: path.join(results, 'journey-4-chart.png') });
          await page.emulateMedia({ media: 'print' });
          await page.pdf({ path: path.join(results, 'journey-4-print.pdf'), format: 'A4' });
          await page.screenshot({
            path: path.join(results, 'journey-4-print.png'),
            fullPage: true,
          });
        }
      });
});
